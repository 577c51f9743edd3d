package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// TestOfficeDecides: a unit's editor reports and asks, the office
// decides. The unit cannot reassign its task or close it itself; a
// refused write with a file keeps no file; its request to close stands
// until the office closes the task; the office can drop and reopen.
func TestOfficeDecides(t *testing.T) {
	f := newFixture(t, Options{})
	admin, edu := f.token(t, "admin"), f.token(t, "edu")
	f.upload(t, admin, seedPath(t, "003"))
	ts, _ := f.st.Tasks(ctx, report.TaskFilter{})
	id := itoa(int(ts[0].ID))
	post := func(tok, body string) (int, string) {
		code, b := f.do(t, "POST", "/api/v1/tasks/"+id, tok, strings.NewReader(body), "application/json")
		return code, string(b)
	}
	if code, msg := post(admin, `{"lead_unit":"区教育局","deadline":"2020年12月底","milestone":"主体完工@2020年9月底"}`); code != 200 {
		t.Fatalf("office assigns: %d %s", code, msg)
	}
	for _, body := range []string{`{"lead_unit":"区民政局"}`, `{"status":"done"}`, `{"verdict":"met","evidence":"自评"}`, `{"deadline":"2021年底"}`} {
		if code, msg := post(edu, body); code != http.StatusForbidden || !strings.Contains(msg, "督查室") {
			t.Errorf("the unit sends %s: %d %s", body, code, msg)
		}
	}
	// A refused form write with a file keeps no file.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("lead_unit", "区民政局")
	w, _ := mw.CreateFormFile("evidence_file", "照片.png")
	photo := []byte("\x89PNG 自证完成")
	w.Write(photo)
	mw.Close()
	if code, _ := f.do(t, "POST", "/tasks/"+id, edu, &buf, mw.FormDataContentType()); code != http.StatusForbidden {
		t.Errorf("a refused form write: %d", code)
	}
	sum := sha256.Sum256(photo)
	if _, _, err := f.st.Evidence(ctx, hex.EncodeToString(sum[:])); report.KindOf(err) != report.NotFound {
		t.Errorf("the refused write's file was kept: %v", err)
	}
	// The unit works, marks its node reached and asks to close.
	if code, msg := post(edu, `{"status":"in_progress","progress":"主体完工","milestone":"主体完工@2020年9月底@done","request":"done"}`); code != 200 {
		t.Fatalf("the unit reports and asks: %d %s", code, msg)
	}
	tk, _ := track.LoadTask(ctx, f.st, ts[0].ID)
	if tk.State.Request == nil || tk.State.Request.To != track.Done || tk.State.Status != track.InProgress || !tk.State.Milestones[0].Done || len(tk.State.Progress) != 1 {
		t.Errorf("after the unit's request: %+v", tk.State)
	}
	if code, body := f.do(t, "GET", "/tasks/"+id, "", nil, ""); code != 200 || !strings.Contains(string(body), "待督查室确认") {
		t.Errorf("the task page does not show the request: %d", code)
	}
	if code, msg := post(admin, `{"status":"done"}`); code != 200 {
		t.Fatalf("the office closes: %d %s", code, msg)
	}
	tk, _ = track.LoadTask(ctx, f.st, ts[0].ID)
	if tk.State.Request != nil || tk.State.Status != track.Done {
		t.Errorf("after the office closed it: %+v", tk.State)
	}
	// Another task dropped, then reopened by the office with a reason.
	id = itoa(int(ts[1].ID))
	post(admin, `{"lead_unit":"区教育局"}`)
	if code, msg := post(admin, `{"status":"dropped","reason":"上级调整"}`); code != 200 {
		t.Fatalf("drop: %d %s", code, msg)
	}
	if code, _ := post(edu, `{"progress":"仍在推进"}`); code != http.StatusConflict {
		t.Errorf("progress on a dropped task: %d", code)
	}
	code, msg := post(admin, `{"status":"in_progress","reason":"督查室重新启用"}`)
	var got struct {
		State struct {
			Status string `json:"status"`
		} `json:"state"`
	}
	if code != 200 || json.Unmarshal([]byte(msg), &got) != nil || got.State.Status != track.InProgress {
		t.Errorf("reopen: %d %s", code, msg)
	}
}
