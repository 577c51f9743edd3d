package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// TestAccessMatrix sends every write route a valid request as every kind
// of caller: no credentials, a made-up token, a viewer, a citizen, a
// deputy, an editor of another unit, an editor of the task's unit, an
// admin. A write counts as
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
		"editor of another unit": f.token(t, "civil"), "editor of the unit": f.token(t, "edu"), "admin": admin,
		"citizen": f.token(t, "13800000001"), "deputy": f.token(t, "王代表")}
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

// TestParticipationAccess sends every route of the public's part a valid
// request as every kind of caller: anonymous, citizen, deputy, viewer, an
// editor of another unit, the editor of the unit concerned, the office
// (admin). Each request gets a fresh subject (a question waiting for its
// answer, a suggestion answered…), so that a refusal can only come from
// who is asking. Callers that may not get 401 (no account) or 403 and
// change nothing; those that may get through; what a citizen or a deputy
// does changes no task and no fact.
func TestParticipationAccess(t *testing.T) {
	// A clock that moves on a minute a reading: the rate limits of the
	// public's writes stay out of the way (TestPublicRateLimits has them).
	var mu sync.Mutex
	clock := time.Date(2020, 3, 2, 9, 0, 0, 0, time.UTC)
	f := newFixture(t, Options{Now: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Minute)
		return clock
	}})
	admin := f.token(t, "admin")
	for _, seed := range []string{"003", "004", "002"} {
		if code, msg := f.upload(t, admin, seedPath(t, seed)); code/100 != 2 {
			t.Fatalf("seed upload: %d %s", code, msg)
		}
	}
	ts, _ := f.st.Tasks(ctx, report.TaskFilter{})
	task := itoa(int(ts[0].ID))
	f.do(t, "POST", "/api/v1/tasks/"+task, admin, strings.NewReader(`{"lead_unit":"区教育局"}`), "application/json")
	reps, _ := f.st.Reports(ctx, report.ReportFilter{})
	if len(reps) != 3 {
		t.Fatalf("%d reports", len(reps))
	}
	targets, _ := f.st.Facts(ctx, report.FactFilter{Kind: report.Target, Limit: 1})
	citizen, wang := f.token(t, "13800000001"), f.token(t, "王代表")
	callers := []struct{ who, token string }{{"anonymous", ""}, {"citizen", citizen}, {"deputy", wang}, {"viewer", f.token(t, "reader")},
		{"editor of another unit", f.token(t, "civil")}, {"editor of the unit", f.token(t, "edu")}, {"admin", admin}}
	post := func(path, token, body string) []byte {
		t.Helper()
		code, msg := f.do(t, "POST", path, token, strings.NewReader(body), "application/json")
		if code/100 != 2 {
			t.Fatalf("setting up %s: %d %s", path, code, msg)
		}
		return msg
	}
	idOf := func(b []byte) string {
		var v struct {
			ID int64 `json:"id"`
		}
		json.Unmarshal(b, &v)
		return itoa(int(v.ID))
	}
	question := func() string {
		return idOf(post("/api/v1/questions", citizen, `{"task_id":`+task+`,"text":"何时完成？"}`))
	}
	answered := func() string {
		id := question()
		post("/api/v1/questions/"+id+"/answer", admin, `{"text":"年底完成"}`)
		return id
	}
	n := 0
	suggestion := func(unit string) string {
		n++
		return idOf(post("/api/v1/suggestions", admin, `{"kind":"建议","number":"A`+itoa(n)+`","title":"关于公交的建议","proposer":"王代表","unit":"`+unit+`"}`))
	}
	replied := func() string {
		id := suggestion("区教育局")
		post("/api/v1/suggestions/"+id+"/reply", admin, `{"text":"已办理"}`)
		return id
	}
	proposing := idOf(post("/api/v1/rounds", admin, `{"report_id":`+itoa(int(reps[0].ID))+`,"seats":3}`))
	voting := idOf(post("/api/v1/rounds", admin, `{"report_id":`+itoa(int(reps[1].ID))+`,"seats":3}`))
	post("/api/v1/rounds/"+voting+"/candidates", citizen, `{"title":"增开公交","text":"城东"}`)
	post("/api/v1/rounds/"+voting+"/stage", admin, `{"to":"voting"}`)
	accounts := map[string]bool{"citizen": true, "deputy": true, "viewer": true, "editor of another unit": true, "editor of the unit": true, "admin": true}
	unit := map[string]bool{"editor of the unit": true, "admin": true}
	office := map[string]bool{"admin": true}
	type write struct {
		name    string
		path    func() string
		body    func() (io.Reader, string)
		allowed map[string]bool
	}
	fixed := func(p string) func() string { return func() string { return p } }
	js := func(s string) func() (io.Reader, string) {
		return func() (io.Reader, string) { return strings.NewReader(s), "application/json" }
	}
	rows := []write{
		{"ask", fixed("/api/v1/questions"), js(`{"task_id":` + task + `,"text":"进展如何？"}`), accounts},
		{"ask on a target", fixed("/api/v1/questions"), js(`{"fact_id":` + itoa(int(targets[0].ID)) + `,"text":"能完成吗？"}`), accounts},
		{"answer", func() string { return "/api/v1/questions/" + question() + "/answer" }, js(`{"text":"答复"}`), unit},
		{"rate", func() string { return "/api/v1/questions/" + answered() + "/rate" }, js(`{"rating":"满意"}`), map[string]bool{"citizen": true}},
		{"reopen", func() string { return "/api/v1/questions/" + answered() + "/reopen" }, js(`{"text":"再问"}`), map[string]bool{"citizen": true}},
		{"hide", func() string { return "/api/v1/questions/" + question() + "/hide" }, js(`{"reason":"重复"}`), office},
		{"open a round", fixed("/api/v1/rounds"), js(`{"report_id":` + itoa(int(reps[2].ID)) + `}`), office},
		{"propose", fixed("/api/v1/rounds/" + proposing + "/candidates"), js(`{"title":"加装电梯","text":"老旧小区"}`), accounts},
		{"vote", fixed("/api/v1/rounds/" + voting + "/ballot"), js(`{"choices":[1]}`), map[string]bool{"deputy": true}},
		{"move a round on", fixed("/api/v1/rounds/" + proposing + "/stage"), js(`{"to":"voting"}`), office},
		{"register a suggestion", fixed("/api/v1/suggestions"), js(`{"kind":"提案","number":"P1","title":"关于河道的提案","proposer":"张委员"}`), office},
		{"import suggestions", fixed("/api/v1/suggestions/import"), func() (io.Reader, string) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField("year", "2020")
			w, _ := mw.CreateFormFile("file", "建议.csv")
			w.Write([]byte("\ufeff编号,标题,领衔人\nB1,关于绿道的建议,李代表\n"))
			mw.Close()
			return &buf, mw.FormDataContentType()
		}, office},
		{"register a suggestion by the page's form", fixed("/suggestions"), func() (io.Reader, string) {
			n++
			return strings.NewReader("kind=建议&number=F" + itoa(n) + "&title=关于路灯的建议&proposer=李代表"), "application/x-www-form-urlencoded"
		}, office},
		{"assign a suggestion", func() string { return "/api/v1/suggestions/" + suggestion("") + "/assign" }, js(`{"unit":"区教育局"}`), office},
		{"reply to a suggestion", func() string { return "/api/v1/suggestions/" + suggestion("区教育局") + "/reply" }, js(`{"text":"已办理"}`), unit},
		{"rate a reply", func() string { return "/api/v1/suggestions/" + replied() + "/rate" }, js(`{"rating":"基本满意"}`), map[string]bool{"deputy": true, "admin": true}},
		{"follow", fixed("/api/v1/tasks/" + task + "/follow"), js(`{"on":true}`), accounts},
		{"read the audit record", fixed("/api/v1/audit"), nil, office},
	}
	wrong, through := 0, 0
	for _, wr := range rows {
		for _, c := range callers {
			path := wr.path()
			before, _ := f.st.Version(ctx)
			tasksBefore := taskRecord(t, f.st)
			threadsBefore := threadCount(t, f.st)
			method, body, ct := "GET", io.Reader(nil), ""
			if wr.body != nil {
				method = "POST"
				body, ct = wr.body()
			}
			code, msg := f.do(t, method, path, c.token, body, ct)
			after, _ := f.st.Version(ctx)
			if wr.allowed[c.who] {
				if code/100 != 2 {
					t.Errorf("%s as %s: %d %s", wr.name, c.who, code, msg)
				} else {
					through++
				}
				if (c.who == "citizen" || c.who == "deputy") && (after != before || taskRecord(t, f.st) != tasksBefore) {
					t.Errorf("%s as %s changed a task or a fact", wr.name, c.who)
				}
				continue
			}
			refusal := http.StatusForbidden
			if c.who == "anonymous" {
				refusal = http.StatusUnauthorized
			}
			if code != refusal || after != before || threadCount(t, f.st) != threadsBefore {
				wrong++
				t.Errorf("WRONG: %s as %s: %d %s", wr.name, c.who, code, msg)
			}
		}
	}
	t.Logf("participation matrix: %d routes × %d callers, %d allowed got through, %d wrong", len(rows), len(callers), through, wrong)
}

// threadCount is the number of events in all threads, and ballots cast.
func threadCount(t *testing.T, st report.Store) int {
	n := 0
	for _, k := range []string{report.ThreadQuestion, report.ThreadRound, report.ThreadSuggestion} {
		ths, err := st.Threads(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		for _, th := range ths {
			n += len(th.Events)
			if k == report.ThreadRound {
				_, voters, _ := st.Tally(ctx, th.ID)
				n += voters
			}
		}
	}
	return n
}

// TestPublicRateLimits: questions are limited per account and per
// address; the one refused stores nothing.
func TestPublicRateLimits(t *testing.T) {
	f := newFixture(t, Options{Now: func() time.Time { return time.Date(2020, 3, 2, 9, 0, 0, 0, time.UTC) }})
	admin := f.token(t, "admin")
	if code, msg := f.upload(t, admin, seedPath(t, "003")); code/100 != 2 {
		t.Fatalf("seed upload: %d %s", code, msg)
	}
	ts, _ := f.st.Tasks(ctx, report.TaskFilter{})
	ask := func(token string) int {
		code, _ := f.do(t, "POST", "/api/v1/questions", token, strings.NewReader(`{"task_id":`+itoa(int(ts[0].ID))+`,"text":"进展？"}`), "application/json")
		return code
	}
	citizen := f.token(t, "13800000001")
	asked := 0
	for ask(citizen) == 201 {
		asked++
		if asked > 100 {
			t.Fatal("no limit per account")
		}
	}
	if asked != 10 || threadCount(t, f.st) != 10 {
		t.Errorf("per account: %d asked before the limit, %d stored", asked, threadCount(t, f.st))
	}
	// Other accounts from the same address meet the address's limit.
	for i := 0; ; i++ {
		name := fmt.Sprintf("1390000%04d", i)
		hash, _ := HashPassword("x")
		f.st.AddUser(ctx, &report.User{Name: name, Role: "citizen", Password: hash})
		if code := ask(f.token(t, name)); code == 429 {
			break
		} else if code != 201 || i > 100 {
			t.Fatalf("account %d: %d", i, code)
		}
		asked++
	}
	if asked != 30 || threadCount(t, f.st) != 30 {
		t.Errorf("per address: %d asked in all before the limit, %d stored", asked, threadCount(t, f.st))
	}
}

// TestFollowBound: an account follows a bounded number of tasks, since its
// notices read every one; unfollowing makes room.
func TestFollowBound(t *testing.T) {
	defer func(n int) { maxFollows = n }(maxFollows)
	maxFollows = 2
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	if code, msg := f.upload(t, admin, seedPath(t, "003")); code/100 != 2 {
		t.Fatalf("seed upload: %d %s", code, msg)
	}
	ts, _ := f.st.Tasks(ctx, report.TaskFilter{})
	citizen := f.token(t, "13800000001")
	follow := func(i int, on bool) int {
		code, _ := f.do(t, "POST", "/api/v1/tasks/"+itoa(int(ts[i].ID))+"/follow", citizen, strings.NewReader(fmt.Sprintf(`{"on":%v}`, on)), "application/json")
		return code
	}
	if follow(0, true) != 200 || follow(1, true) != 200 || follow(1, true) != 200 {
		t.Fatal("the first two follows (one twice) are refused")
	}
	if code := follow(2, true); code != 409 {
		t.Errorf("a third follow: %d, want 409", code)
	}
	if follow(0, false) != 200 || follow(2, true) != 200 {
		t.Error("unfollowing does not make room")
	}
}
