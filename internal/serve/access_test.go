package serve

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/report"
)

// TestAccessMatrix sends every write route a valid request as every kind
// of caller: no credentials, a made-up token, a viewer, an editor of
// another unit, an editor of the task's unit, an admin. A write counts as
// wrong when a caller that may not write gets anything but 401 (no
// account) or 403 (an account that may not), or the
// record changes. The matrix must have no wrong write, and the callers
// that may write must get through (2xx or a redirect).
func TestAccessMatrix(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	if code, msg := f.upload(t, admin, seedPath(t, "003")); code/100 != 2 {
		t.Fatalf("seed upload: %d %s", code, msg)
	}
	ts, _ := f.st.Tasks(ctx, report.TaskFilter{})
	if len(ts) < 2 {
		t.Fatalf("%d tasks", len(ts))
	}
	task := itoa(int(ts[0].ID))
	f.do(t, "POST", "/api/v1/tasks/"+task, admin, strings.NewReader(`{"lead_unit":"区教育局"}`), "application/json")
	seed4, _ := os.ReadFile(seedPath(t, "004"))
	fs, _ := f.st.Facts(ctx, report.FactFilter{Limit: 1})

	callers := map[string]string{"anonymous": "", "made-up token": "not-a-token", "viewer": f.token(t, "reader"),
		"editor of another unit": f.token(t, "civil"), "editor of the unit": f.token(t, "edu"), "admin": admin}
	type write struct {
		method, path string
		body         func() (*bytes.Buffer, string)
		allowed      map[string]bool
	}
	form := func(field, name string, data []byte, extra map[string]string) func() (*bytes.Buffer, string) {
		return func() (*bytes.Buffer, string) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			for k, v := range extra {
				mw.WriteField(k, v)
			}
			if field != "" {
				w, _ := mw.CreateFormFile(field, name)
				w.Write(data)
			}
			mw.Close()
			return &buf, mw.FormDataContentType()
		}
	}
	jsonBody := func(s string) func() (*bytes.Buffer, string) {
		return func() (*bytes.Buffer, string) { return bytes.NewBufferString(s), "application/json" }
	}
	writers := map[string]bool{"editor of another unit": true, "editor of the unit": true, "admin": true}
	unit := map[string]bool{"editor of the unit": true, "admin": true}
	writes := []write{
		{"POST", "/api/v1/reports", form("file", "004.txt", seed4, nil), writers},
		{"POST", "/api/v1/evidence", form("file", "照片.png", []byte("\x89PNG 现场"), nil), writers},
		{"POST", "/api/v1/tasks/" + task, jsonBody(`{"progress":"已开工"}`), unit},
		{"POST", "/tasks/" + task, form("", "", nil, map[string]string{"progress": "已开工"}), unit},
		{"POST", "/api/v1/tasks/import", form("file", "台账.csv", []byte("\ufeff序号,工作任务,牵头单位\n1,"+ts[1].Title+",区民政局\n"), nil), map[string]bool{"admin": true}}, // a unit may not assign every unit's tasks
		{"POST", "/api/v1/reports/1/identity", jsonBody(`{"year":2021}`), map[string]bool{"admin": true}},
		{"POST", "/api/v1/facts/" + itoa(int(fs[0].ID)) + "/review", jsonBody(`{"action":"confirm"}`), writers},
		{"POST", "/review/" + itoa(int(fs[0].ID)), form("", "", nil, map[string]string{"action": "reject", "note": "x"}), writers},
	}
	wrong, through := 0, 0
	for _, wr := range writes {
		for who, tok := range callers {
			before, _ := f.st.Version(ctx)
			body, ct := wr.body()
			code, msg := f.do(t, wr.method, wr.path, tok, body, ct)
			after, _ := f.st.Version(ctx)
			if wr.allowed[who] {
				if code >= 400 {
					t.Errorf("%s %s as %s: %d %s", wr.method, wr.path, who, code, msg)
				} else {
					through++
				}
				continue
			}
			refusal := http.StatusForbidden // an account that may not
			if who == "anonymous" || who == "made-up token" {
				refusal = http.StatusUnauthorized // no account: sign in
			}
			if code != refusal || after != before {
				wrong++
				t.Errorf("WRONG WRITE: %s %s as %s: %d %s (version %s → %s)", wr.method, wr.path, who, code, msg, before, after)
			}
		}
	}
	t.Logf("access matrix: %d routes × %d callers, %d allowed writes got through, %d wrong writes", len(writes), len(callers), through, wrong)
}
