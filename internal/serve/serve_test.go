package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
	"github.com/baogao/baogao/internal/track"
	"github.com/baogao/baogao/internal/web"
)

var ctx = context.Background()

type fixture struct {
	st  *sqlite.Store
	srv *httptest.Server
	s   *Server
}

func seedPath(t testing.TB, prefix string) string {
	m, _ := filepath.Glob(filepath.Join("../../../shared/seeds", prefix+"_*.txt"))
	if len(m) != 1 {
		t.Fatalf("seed %s missing", prefix)
	}
	return m[0]
}

func newFixture(t *testing.T, opt Options) *fixture {
	t.Helper()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s, err := New(st, opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(func() { srv.Close(); st.Close() })
	for _, u := range []struct{ name, role, unit string }{{"admin", "admin", ""}, {"edu", "editor", "区教育局"}, {"civil", "editor", "区民政局"}, {"reader", "viewer", ""},
		{"13800000001", "citizen", ""}, {"王代表", "deputy", ""}, {"李代表", "deputy", ""}} {
		hash, _ := HashPassword("password-" + u.name)
		if err := st.AddUser(ctx, &report.User{Name: u.name, Role: u.role, Unit: u.unit, Password: hash}); err != nil {
			t.Fatal(err)
		}
	}
	return &fixture{st: st, srv: srv, s: s}
}

func (f *fixture) token(t *testing.T, name string) string {
	u, err := f.st.UserByName(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	tok := NewToken()
	f.st.AddToken(ctx, HashToken(tok), u.ID, "test", time.Time{})
	return tok
}

func (f *fixture) do(t *testing.T, method, path, token string, body io.Reader, ctype string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func multipartFile(t *testing.T, path string) (io.Reader, string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", filepath.Base(path))
	w.Write(raw)
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func (f *fixture) upload(t *testing.T, token, path string) (int, []byte) {
	body, ct := multipartFile(t, path)
	return f.do(t, "POST", "/api/v1/reports", token, body, ct)
}

// TestOpenAPIMatchesRoutes checks the OpenAPI document against the routes
// the server really answers: none missing, none documented but absent.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	f := newFixture(t, Options{})
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(web.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	var documented []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" /api/v1"+p)
		}
	}
	served := f.s.Routes(true)
	sort.Strings(documented)
	sort.Strings(served)
	if strings.Join(documented, "\n") != strings.Join(served, "\n") {
		t.Errorf("documented:\n%s\nserved:\n%s", strings.Join(documented, "\n"), strings.Join(served, "\n"))
	}
	// The served document is the written one with its schemas filled in.
	code, body := f.do(t, "GET", "/api/v1/openapi.json", "", nil, "")
	var full struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if code != 200 || json.Unmarshal(body, &full) != nil || len(full.Paths) != len(doc.Paths) {
		t.Errorf("served document: %d, %d paths of %d", code, len(full.Paths), len(doc.Paths))
	}
}

func TestReadAndValidate(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	if code, body := f.upload(t, admin, seedPath(t, "001")); code != 200 || !strings.Contains(string(body), `"outcome":"new"`) {
		t.Fatalf("upload: %d %s", code, body)
	}
	for _, c := range []struct {
		path string
		code int
		want string
	}{
		{"/api/v1/reports", 200, `"region_code":"320902"`},
		{"/api/v1/reports/1", 200, `"sections"`},
		{"/api/v1/reports/2", 404, `"status":404`},
		{"/api/v1/reports/abc", 400, "不是编号"},
		{"/api/v1/facts?kind=target&region=320902&per_page=5", 200, `"has_more":true`},
		{"/api/v1/facts?kind=nonsense", 400, "可选 target"},
		{"/api/v1/facts?per_page=100000", 400, "per_page"},
		{"/api/v1/facts?indicator=gdp&kind=target&year=2020", 200, `"low":6`},
		{"/api/v1/regions?parent=320900", 200, `"name":"亭湖区"`},
		{"/api/v1/regions?parent=abc", 400, "六位行政区划代码"},
		{"/api/v1/indicators", 200, `"better":"lower"`},
		{"/api/v1/checks?region=320902", 200, `"verdict":"no_result"`},
		{"/api/v1/checks", 400, "请给出地区"},
		{"/api/v1/tasks?status=late", 400, "status"},
		{"/api/v1/tasks?region=亭湖&per_page=3", 200, `"has_more":true`},
		{"/api/v1/tasks/1", 200, `"status":"`},
		{"/api/v1/tasks/export?format=pdf", 400, "可选 csv 或 xlsx"},
		{"/api/v1/exports/facts?report=1", 200, "行政区划代码"},
		{"/reports/1", 200, `class="fact target"`},
		{"/reports/1?view=raw", 200, "mark class=\"fact"},
		{"/regions/320902", 200, "江苏省盐城市亭湖区"},
		{"/tasks?region=亭湖", 200, "任务督办"},
		{"/units", 200, "单位晾晒"},
		{"/compare?regions=320902&indicator=gdp", 200, "<svg"},
		{"/reports/999", 404, "出错了"},
		{"/nowhere", 404, ""},
	} {
		code, body := f.do(t, "GET", c.path, "", nil, "")
		if code != c.code || !strings.Contains(string(body), c.want) {
			t.Errorf("GET %s: %d, want %d with %q: %.200s", c.path, code, c.code, c.want, body)
		}
	}
}

// TestMessagesInEnglish: an API error is in Chinese unless the client
// prefers English, with the same stable code either way.
func TestMessagesInEnglish(t *testing.T) {
	f := newFixture(t, Options{})
	for lang, want := range map[string]string{"": `"abc" 不是编号`, "zh-CN,zh;q=0.9,en;q=0.8": `"abc" 不是编号`, "en-US,en;q=0.9": `"abc" is not an ID`, "en;q=0.5,zh;q=0.9": `"abc" 不是编号`} {
		req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/reports/abc", nil)
		if lang != "" {
			req.Header.Set("Accept-Language", lang)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e apiError
		json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if e.Error.Message != want || e.Error.Code != "invalid" {
			t.Errorf("Accept-Language %q: %+v, want %q", lang, e.Error, want)
		}
	}
}

func taskEvents(t *testing.T, st report.Store, id int64) int {
	tk, err := st.Task(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return len(tk.Events)
}

// TestWritesNeedTheRightAccount tries each way a write can be refused:
// no account, the wrong role, another unit's task, a forged CSRF token.
// Each is refused and changes nothing; allowed writes record the account.
func TestWritesNeedTheRightAccount(t *testing.T) {
	f := newFixture(t, Options{})
	admin, reader, edu := f.token(t, "admin"), f.token(t, "reader"), f.token(t, "edu")

	if code, _ := f.upload(t, "", seedPath(t, "003")); code != 401 {
		t.Errorf("anonymous upload: %d", code)
	}
	if code, _ := f.upload(t, reader, seedPath(t, "003")); code != 403 {
		t.Errorf("viewer upload: %d", code)
	}
	if code, _ := f.upload(t, "not-a-token", seedPath(t, "003")); code != 401 {
		t.Errorf("bad token: %d", code)
	}
	if rs, _ := f.st.Reports(ctx, report.ReportFilter{}); len(rs) != 0 {
		t.Fatalf("refused uploads stored %d reports", len(rs))
	}
	f.upload(t, admin, seedPath(t, "003"))
	ts, _ := f.st.Tasks(ctx, report.TaskFilter{})
	if len(ts) < 3 {
		t.Fatalf("%d tasks", len(ts))
	}
	update := func(tok string, id int64, body string) int {
		code, _ := f.do(t, "POST", "/api/v1/tasks/"+itoa(int(id)), tok, strings.NewReader(body), "application/json")
		return code
	}
	// The admin gives task 1 to 区教育局 and task 2 to 区民政局.
	if code := update(admin, ts[0].ID, `{"lead_unit":"区教育局","deadline":"2020年10月底"}`); code != 200 {
		t.Fatalf("admin assign: %d", code)
	}
	update(admin, ts[1].ID, `{"lead_unit":"区民政局"}`)
	before := taskEvents(t, f.st, ts[1].ID)
	if code := update(edu, ts[1].ID, `{"progress":"已完成"}`); code != 403 {
		t.Errorf("editor of another unit: %d", code)
	}
	if code := update(reader, ts[0].ID, `{"progress":"已完成"}`); code != 403 {
		t.Errorf("viewer: %d", code)
	}
	if code := update("", ts[0].ID, `{"progress":"已完成"}`); code != 401 {
		t.Errorf("no token: %d", code)
	}
	if code := update(edu, ts[0].ID, `{"unknown":"x"}`); code != 400 {
		t.Errorf("unknown field: %d", code)
	}
	if code := update(edu, ts[0].ID, `{"status":"overdue"}`); code != 400 {
		t.Errorf("setting overdue: %d", code)
	}
	if taskEvents(t, f.st, ts[1].ID) != before {
		t.Error("a refused update wrote an event")
	}
	if code := update(edu, ts[0].ID, `{"progress":"三所学校开工","evidence":"https://example.org/1"}`); code != 200 {
		t.Fatalf("editor of the unit: %d", code)
	}
	tk, _ := track.LoadTask(ctx, f.st, ts[0].ID)
	last := tk.Events[len(tk.Events)-1]
	if last.Actor != "edu" || last.Kind != track.EvProgress || tk.State.Status != track.InProgress {
		t.Errorf("the write is not recorded with its account: %+v", last)
	}

	// A browser session: the form needs the session's CSRF token.
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.PostForm(f.srv.URL+"/login", url.Values{"name": {"edu"}, "password": {"password-edu"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("login: %v %v", err, resp.StatusCode)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	csrf := regexp.MustCompile(`name="csrf" content="([^"]+)"`).FindSubmatch(page)
	if csrf == nil {
		t.Fatal("no CSRF token on the page")
	}
	n := taskEvents(t, f.st, ts[0].ID)
	resp, _ = client.PostForm(f.srv.URL+"/tasks/"+itoa(int(ts[0].ID)), url.Values{"progress": {"伪造"}, "csrf": {"forged"}})
	resp.Body.Close()
	if resp.StatusCode != 403 || taskEvents(t, f.st, ts[0].ID) != n {
		t.Errorf("forged CSRF token: %d", resp.StatusCode)
	}
	resp, _ = client.PostForm(f.srv.URL+"/tasks/"+itoa(int(ts[0].ID)), url.Values{"progress": {"主体完工"}})
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("missing CSRF token: %d", resp.StatusCode)
	}
	resp, _ = client.PostForm(f.srv.URL+"/tasks/"+itoa(int(ts[0].ID)), url.Values{"progress": {"主体完工"}, "csrf": {string(csrf[1])}})
	resp.Body.Close()
	if resp.StatusCode != 200 || taskEvents(t, f.st, ts[0].ID) != n+1 {
		t.Errorf("form with the right token: %d", resp.StatusCode)
	}
	// Wrong password.
	resp, _ = http.PostForm(f.srv.URL+"/login", url.Values{"name": {"edu"}, "password": {"guess"}})
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("wrong password: %d", resp.StatusCode)
	}
}

func TestPrivateServer(t *testing.T) {
	f := newFixture(t, Options{Private: true})
	if code, _ := f.do(t, "GET", "/api/v1/reports", "", nil, ""); code != 401 {
		t.Errorf("anonymous read of a private server: %d", code)
	}
	// A visitor's browser is sent to sign in, and back after.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(f.srv.URL + "/tasks?year=2020")
	if err != nil || resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Ftasks%3Fyear%3D2020" {
		t.Errorf("a visitor on a private page: %v %v %q", err, resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = noFollow.PostForm(f.srv.URL+"/login", url.Values{"name": {"reader"}, "password": {"password-reader"}, "next": {"/tasks?year=2020"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/tasks?year=2020" {
		t.Errorf("after signing in: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = noFollow.PostForm(f.srv.URL+"/login", url.Values{"name": {"reader"}, "password": {"password-reader"}, "next": {"//evil.example/"}})
	if resp.Header.Get("Location") != "/" {
		t.Errorf("an off-site next: %q", resp.Header.Get("Location"))
	}
	if code, _ := f.do(t, "GET", "/api/v1/reports", f.token(t, "reader"), nil, ""); code != 200 {
		t.Errorf("viewer read: %d", code)
	}
	if code, _ := f.do(t, "GET", "/login", "", nil, ""); code != 200 {
		t.Errorf("the sign-in page must stay open: %d", code)
	}
}

// TestOddRequestsNeverFail500 sends malformed requests: each gets a clear
// 4xx, none a 500.
func TestOddRequestsNeverFail500(t *testing.T) {
	f := newFixture(t, Options{MaxUpload: 1 << 10})
	admin := f.token(t, "admin")
	big := bytes.Repeat([]byte("各位代表，"), 2000)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "big.txt")
	w.Write(big)
	mw.Close()
	for _, c := range []struct {
		method, path, body, ctype string
	}{
		{"POST", "/api/v1/reports", "not multipart", "text/plain"},
		{"POST", "/api/v1/reports", buf.String(), mw.FormDataContentType()},
		{"POST", "/api/v1/tasks/1", "{", "application/json"},
		{"POST", "/api/v1/tasks/99999", `{"progress":"x"}`, "application/json"},
		{"POST", "/api/v1/tasks/import", "x", "text/plain"},
		{"GET", "/api/v1/facts?page=0", "", ""},
		{"GET", "/api/v1/facts?year=-1", "", ""},
		{"GET", "/api/v1/regions?year=99999", "", ""},
		{"GET", "/reports/-1", "", ""},
		{"GET", "/compare?from=x", "", ""},
		{"DELETE", "/api/v1/reports", "", ""},
	} {
		code, body := f.do(t, c.method, c.path, admin, strings.NewReader(c.body), c.ctype)
		if code >= 500 || code < 400 {
			t.Errorf("%s %s: %d %.120s", c.method, c.path, code, body)
		}
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("正确的密码-123")
	if err != nil || !strings.HasPrefix(h, "$argon2id$") {
		t.Fatalf("%v %s", err, h)
	}
	if !CheckPassword(h, "正确的密码-123") || CheckPassword(h, "正确的密码-124") || CheckPassword("garbage", "x") {
		t.Error("password check")
	}
	h2, _ := HashPassword("正确的密码-123")
	if h == h2 {
		t.Error("hashes must be salted")
	}
}

func TestSessionsExpire(t *testing.T) {
	f := newFixture(t, Options{})
	u, _ := f.st.UserByName(ctx, "edu")
	f.st.AddSession(ctx, HashToken("old"), report.Session{User: *u, CSRF: "c", Expires: time.Now().Add(-time.Minute)})
	if _, err := f.st.SessionByToken(ctx, HashToken("old")); report.KindOf(err) != report.NotFound {
		t.Errorf("expired session: %v", err)
	}
}

// TestCacheFollowsTheStore: a cached answer is dropped as soon as a write
// adds facts.
func TestCacheFollowsTheStore(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	f.upload(t, admin, seedPath(t, "003"))
	_, first := f.do(t, "GET", "/api/v1/facts?per_page=500", "", nil, "")
	_, again := f.do(t, "GET", "/api/v1/facts?per_page=500", "", nil, "")
	if !bytes.Equal(first, again) {
		t.Error("the same query answered differently")
	}
	f.upload(t, admin, seedPath(t, "004"))
	_, after := f.do(t, "GET", "/api/v1/facts?per_page=500", "", nil, "")
	if bytes.Equal(first, after) || !strings.Contains(string(after), "004_") {
		t.Error("a stale answer was served after an upload")
	}
	// A report with no facts changes no fact, but the report list.
	_, list := f.do(t, "GET", "/api/v1/reports", "", nil, "")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "无数字.txt")
	w.Write([]byte("某县人民政府工作报告\n各位代表：现在我代表县人民政府向大会报告工作，请予审议。"))
	mw.Close()
	if code, msg := f.do(t, "POST", "/api/v1/reports", admin, &buf, mw.FormDataContentType()); code/100 != 2 {
		t.Fatalf("upload: %d %s", code, msg)
	}
	if _, list2 := f.do(t, "GET", "/api/v1/reports", "", nil, ""); bytes.Equal(list, list2) || !strings.Contains(string(list2), "无数字.txt") {
		t.Error("the report list is stale after a report without facts")
	}
}

func TestFactCursor(t *testing.T) {
	f := newFixture(t, Options{})
	f.upload(t, f.token(t, "admin"), seedPath(t, "001"))
	var seen []int64
	after := int64(0)
	for i := 0; i < 100; i++ {
		_, body := f.do(t, "GET", "/api/v1/facts?per_page=40&after="+itoa(int(after)), "", nil, "")
		var page struct {
			Items     []report.Fact
			HasMore   bool  `json:"has_more"`
			NextAfter int64 `json:"next_after"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		for _, x := range page.Items {
			seen = append(seen, x.ID)
		}
		if !page.HasMore {
			break
		}
		after = page.NextAfter
	}
	all, _ := f.st.Facts(ctx, report.FactFilter{})
	if len(seen) != len(all) || len(all) < 100 {
		t.Fatalf("cursor read %d facts of %d", len(seen), len(all))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Fatalf("not in ID order at %d", i)
		}
	}
}

func TestEvidenceFiles(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	f.upload(t, admin, seedPath(t, "003"))
	photo := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 100)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "现场照片.png")
	w.Write(photo)
	mw.Close()
	if code, _ := f.do(t, "POST", "/api/v1/evidence", f.token(t, "reader"), bytes.NewReader(buf.Bytes()), mw.FormDataContentType()); code != 403 {
		t.Errorf("viewer upload of evidence: %d", code)
	}
	code, body := f.do(t, "POST", "/api/v1/evidence", admin, &buf, mw.FormDataContentType())
	var kept struct{ SHA256 string }
	json.Unmarshal(body, &kept)
	if code != 200 || len(kept.SHA256) != 64 {
		t.Fatalf("evidence upload: %d %s", code, body)
	}
	if code, got := f.do(t, "GET", "/api/v1/evidence/"+kept.SHA256, "", nil, ""); code != 200 || !bytes.Equal(got, photo) {
		t.Errorf("evidence read back: %d, %d bytes", code, len(got))
	}
	ts, _ := f.st.Tasks(ctx, report.TaskFilter{})
	path := "/api/v1/tasks/" + itoa(int(ts[0].ID))
	if code, _ := f.do(t, "POST", path, admin, strings.NewReader(`{"progress":"已开工","evidence_file":"`+strings.Repeat("0", 64)+`"}`), "application/json"); code != 400 {
		t.Errorf("an unknown evidence file: %d", code)
	}
	code, body = f.do(t, "POST", path, admin, strings.NewReader(`{"progress":"已开工","evidence_file":"`+kept.SHA256+`"}`), "application/json")
	if code != 200 || !strings.Contains(string(body), `"evidence_file":"`+kept.SHA256+`"`) {
		t.Errorf("progress with a file: %d %s", code, body)
	}
}

// TestCorrectIdentity lets only an admin correct a report's year and
// region; the facts follow and the correction names the admin.
func TestCorrectIdentity(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	if code, body := f.upload(t, admin, seedPath(t, "001")); code != 201 && code != 200 {
		t.Fatalf("upload: %d %s", code, body)
	}
	body := func(s string) io.Reader { return strings.NewReader(s) }
	for _, c := range []struct {
		token, body string
		want        int
	}{
		{"", `{"year":2021}`, 401},
		{f.token(t, "edu"), `{"year":2021}`, 403},
		{f.token(t, "reader"), `{"year":2021}`, 403},
		{admin, `{"year":2021,"colour":"red"}`, 400},
		{admin, `{}`, 400},
		{admin, `{"region":"火星"}`, 400},
		{admin, `{"year":99999}`, 400},
	} {
		if code, out := f.do(t, "POST", "/api/v1/reports/1/identity", c.token, body(c.body), "application/json"); code != c.want {
			t.Errorf("%s: %d %s, want %d", c.body, code, out, c.want)
		}
	}
	if code, _ := f.do(t, "POST", "/api/v1/reports/99/identity", admin, body(`{"year":2021}`), "application/json"); code != 404 {
		t.Errorf("a missing report: %d", code)
	}
	before, _ := f.st.Facts(ctx, report.FactFilter{ReportID: 1, Year: 2020})
	code, out := f.do(t, "POST", "/api/v1/reports/1/identity", admin, body(`{"year":2021}`), "application/json")
	if code != 200 || !strings.Contains(string(out), `"by":"admin"`) {
		t.Fatalf("correction: %d %s", code, out)
	}
	after, _ := f.st.Facts(ctx, report.FactFilter{ReportID: 1, Year: 2021})
	if len(before) == 0 || len(after) != len(before) {
		t.Errorf("2020 facts before: %d, 2021 facts after: %d", len(before), len(after))
	}
}

// TestSearchAPIAndPage answers searches with hits and counts, refuses
// empty and malformed ones with 400, and shows the results page.
func TestSearchAPIAndPage(t *testing.T) {
	f := newFixture(t, Options{})
	if code, body := f.upload(t, f.token(t, "admin"), seedPath(t, "001")); code != 201 && code != 200 {
		t.Fatalf("upload: %d %s", code, body)
	}
	code, body := f.do(t, "GET", "/api/v1/search?q="+url.QueryEscape(`"养老服务"`), "", nil, "")
	var res struct {
		Total  int            `json:"total"`
		ByYear map[string]int `json:"by_year"`
		Hits   []struct {
			ReportID   int64    `json:"report_id"`
			Snippet    string   `json:"snippet"`
			Highlights [][2]int `json:"highlights"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(body, &res); err != nil || code != 200 || res.Total == 0 || res.ByYear["2020"] == 0 {
		t.Fatalf("search: %d %s", code, body)
	}
	h := res.Hits[0]
	if len(h.Highlights) == 0 || h.Snippet[h.Highlights[0][0]:h.Highlights[0][1]] != "养老服务" {
		t.Errorf("highlight %+v", h)
	}
	for _, q := range []string{"", "q=", "q=-养老", "q=养老&limit=0", "q=养老&level=planet", "q=" + strings.Repeat("养", 200)} {
		if code, _ := f.do(t, "GET", "/api/v1/search?"+q, "", nil, ""); code != 400 {
			t.Errorf("%.40s: %d, want 400", q, code)
		}
	}
	code, page := f.do(t, "GET", "/search?q="+url.QueryEscape("养老服务"), "", nil, "")
	if code != 200 || !strings.Contains(string(page), "<mark>养老服务</mark>") || !strings.Contains(string(page), "hit=") || !strings.Contains(string(page), "<svg") {
		t.Errorf("results page: %d", code)
	}
	if code, page := f.do(t, "GET", "/", "", nil, ""); code != 200 || !strings.Contains(string(page), `action="/search"`) {
		t.Errorf("no search box on the library page")
	}
}

// TestFactsQuery filters facts by the words of q.
func TestFactsQuery(t *testing.T) {
	f := newFixture(t, Options{})
	if code, body := f.upload(t, f.token(t, "admin"), seedPath(t, "001")); code != 201 && code != 200 {
		t.Fatalf("upload: %d %s", code, body)
	}
	_, all := f.do(t, "GET", "/api/v1/facts?limit=1000", "", nil, "")
	code, some := f.do(t, "GET", "/api/v1/facts?limit=1000&q="+url.QueryEscape("养老"), "", nil, "")
	if code != 200 || len(some) >= len(all) || !strings.Contains(string(some), "养老") {
		t.Errorf("q=养老: %d, %d of %d bytes", code, len(some), len(all))
	}
}
