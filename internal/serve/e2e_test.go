package serve

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/baogao/baogao/internal/report"
)

// chromium returns Debian's chromium; the end-to-end test needs it (.ci/run
// installs it).
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	t.Fatal("the end-to-end test needs Debian's chromium (apt install chromium)")
	return ""
}

// newBrowser starts Debian's chromium at a window size and returns its
// context (cancelled when the test ends) and an action that saves a
// full-page screenshot under testout/e2e at the repository root.
func newBrowser(t *testing.T, width, height int) (context.Context, func(name string) chromedp.Action) {
	shots := filepath.Join("..", "..", "testout", "e2e")
	os.MkdirAll(shots, 0o755)
	// Not t.TempDir: chromium may still be writing to its profile when the
	// test's own cleanup runs. Removed after the browser has gone.
	profile, err := os.MkdirTemp("", "baogao-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "zh-CN"), chromedp.Flag("accept-lang", "zh-CN,zh"), // as an office's browser asks
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	// This chromium is newer than the protocol tables of chromedp; its
	// unknown event fields are noise, not failures.
	quiet := func(format string, args ...any) {
		if !strings.Contains(format, "unmarshal event") {
			t.Logf(format, args...)
		}
	}
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithErrorf(quiet))
	bctx, cancelTimeout := context.WithTimeout(bctx, 90*time.Second) // a cold chromium on a slow machine
	t.Cleanup(func() {
		cancelTimeout()
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(profile)
	})
	shot := func(name string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var png []byte
			if err := chromedp.FullScreenshot(&png, 100).Do(ctx); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
		})
	}
	return bctx, shot
}

// signIn signs the browser in on the login page as name.
func signIn(site, name, pw string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(site + "/login"),
		chromedp.SendKeys("#name", name, chromedp.ByID),
		chromedp.SendKeys("#password", pw, chromedp.ByID),
		chromedp.Click("#signin", chromedp.ByID),
		chromedp.WaitVisible(".me form", chromedp.ByQuery),
	}
}

// TestBrowser drives the UI as a person would: an editor uploads a seed,
// opens its page and sees the GDP target highlighted, updates a task and
// sees the event; a viewer tries the same update and is refused.
// Screenshots go to testout/e2e at the repository root.
func TestBrowser(t *testing.T) {
	// The seed's tasks are of 2020: judge them in mid-2020.
	f := newFixture(t, Options{Now: func() time.Time { return time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC) }})
	hash, _ := HashPassword("password-editor")
	if err := f.st.AddUser(ctx, &report.User{Name: "editor", Role: "editor", Password: hash}); err != nil {
		t.Fatal(err)
	}
	bctx, shot := newBrowser(t, 1280, 1000)
	login := func(name, pw string) chromedp.Tasks { return signIn(f.srv.URL, name, pw) }
	seed, _ := filepath.Abs(seedPath(t, "001"))

	var uploaded, factText, detail string
	err := chromedp.Run(bctx,
		login("editor", "password-editor"),
		chromedp.SetUploadFiles("#files", []string{seed}, chromedp.ByID),
		chromedp.WaitVisible("#results li.ok a", chromedp.ByQuery),
		chromedp.Text("#results", &uploaded, chromedp.ByID),
		shot("1-uploaded"),
		chromedp.Click("#results li.ok a", chromedp.ByQuery),
		chromedp.WaitVisible(`mark.fact.target[data-canonical="gdp"]`, chromedp.ByQuery),
		chromedp.Text(`mark.fact.target[data-canonical="gdp"]`, &factText, chromedp.ByQuery),
		chromedp.Click(`mark.fact.target[data-canonical="gdp"]`, chromedp.ByQuery),
		chromedp.Text("#factbox", &detail, chromedp.ByID),
		shot("2-report-gdp-fact"),
	)
	if err != nil {
		t.Fatalf("upload and report page: %v", err)
	}
	if !strings.Contains(uploaded, "新报告") || !strings.Contains(factText, "地区生产总值") || !strings.Contains(detail, "6—6.5%") {
		t.Errorf("uploaded %q, fact %q, detail %q", uploaded, factText, detail)
	}

	// Search from the box on every page for a phrase, and follow a hit to
	// the passage, highlighted in the report.
	var hitText, passage string
	err = chromedp.Run(bctx,
		chromedp.SendKeys(`header form.search input[name="q"]`, `"养老服务"`+"\n", chromedp.ByQuery),
		chromedp.WaitVisible("ol.hits li mark", chromedp.ByQuery),
		chromedp.Text("ol.hits li", &hitText, chromedp.ByQuery),
		shot("2b-search"),
		chromedp.Click("ol.hits li p.where a", chromedp.ByQuery),
		chromedp.WaitVisible("mark.hit", chromedp.ByQuery),
		chromedp.Text("mark.hit", &passage, chromedp.ByQuery),
		shot("2c-search-hit"),
	)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	if !strings.Contains(hitText, "养老服务") || !strings.Contains(hitText, "盐城") || passage == "" {
		t.Errorf("hit %q, passage %q", hitText, passage)
	}

	ts, err := f.st.Tasks(ctx, report.TaskFilter{})
	if err != nil || len(ts) == 0 {
		t.Fatalf("no tasks: %v", err)
	}
	taskURL := f.srv.URL + "/tasks/" + itoa(int(ts[0].ID))
	var events, status string
	err = chromedp.Run(bctx,
		chromedp.Navigate(taskURL),
		chromedp.SendKeys("#progress", "已完成选址和立项", chromedp.ByID),
		chromedp.Click("#save", chromedp.ByID),
		// The page after the redirect, not the one the form was on.
		chromedp.WaitVisible(`//td[contains(., "已完成选址和立项")]`, chromedp.BySearch),
		chromedp.Text("#events", &events, chromedp.ByID),
		chromedp.Text("#status", &status, chromedp.ByID),
		shot("3-task-updated"),
	)
	if err != nil {
		t.Fatalf("task update: %v", err)
	}
	if !strings.Contains(events, "已完成选址和立项") || !strings.Contains(events, "editor") || status != "推进中" {
		t.Errorf("events %q, status %q", events, status)
	}
	before := taskEvents(t, f.st, ts[0].ID)

	// A viewer is shown no update form; the same form posted anyway (with
	// the session's own CSRF token) is refused.
	var forms int
	var refused float64
	err = chromedp.Run(bctx,
		chromedp.Navigate(f.srv.URL+"/"),
		chromedp.Click(".me form button", chromedp.ByQuery),
		chromedp.WaitVisible(`a[href="/login"]`, chromedp.ByQuery),
		login("reader", "password-reader"),
		chromedp.Navigate(taskURL),
		chromedp.WaitVisible("#events", chromedp.ByID),
		chromedp.Evaluate(`document.querySelectorAll("#update").length`, &forms),
		shot("4-viewer-no-form"),
		chromedp.Evaluate(`(async () => { const fd = new FormData(); fd.append("csrf", document.querySelector('meta[name=csrf]').content); fd.append("progress", "只读账号的更新");
			return (await fetch(location.pathname, {method: "POST", body: fd})).status })()`, &refused, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	if err != nil {
		t.Fatalf("viewer: %v", err)
	}
	if forms != 0 || refused != 403 || taskEvents(t, f.st, ts[0].ID) != before {
		t.Errorf("viewer: %d update forms, a posted update answered %v, events %d → %d", forms, refused, before, taskEvents(t, f.st, ts[0].ID))
	}

	// The office gives the task to a unit with a node; the unit marks the
	// node reached with a photo, is refused a reassignment, and asks to
	// close; the office confirms.
	logout := chromedp.Tasks{
		chromedp.Navigate(f.srv.URL + "/"),
		chromedp.Click(".me form button", chromedp.ByQuery),
		chromedp.WaitVisible(`a[href="/login"]`, chromedp.ByQuery),
	}
	photo := filepath.Join(t.TempDir(), "现场照片.png")
	os.WriteFile(photo, []byte("\x89PNG 主体完工"), 0o644)
	var unitView, reassign, afterRequest, finalStatus string
	err = chromedp.Run(bctx,
		logout,
		login("admin", "password-admin"),
		chromedp.Navigate(taskURL),
		chromedp.SendKeys(`input[name="lead_unit"]`, "区教育局", chromedp.ByQuery),
		chromedp.SendKeys(`input[name="milestone"]`, "主体完工@2020年9月底", chromedp.ByQuery),
		chromedp.Click("#save", chromedp.ByID),
		chromedp.WaitVisible(`//td[@id="lead" and contains(., "区教育局")]`, chromedp.BySearch),
		logout,
		login("edu", "password-edu"),
		chromedp.Navigate(taskURL),
		chromedp.SendKeys(`input[name="milestone"]`, "主体完工@2020年9月底@done", chromedp.ByQuery),
		chromedp.SendKeys("#progress", "主体完工，附现场照片", chromedp.ByID),
		chromedp.SetUploadFiles(`input[name="evidence_file"]`, []string{photo}, chromedp.ByQuery),
		chromedp.Click("#save", chromedp.ByID),
		chromedp.WaitVisible(`//td[contains(., "主体完工，附现场照片")]`, chromedp.BySearch),
		chromedp.Text("body", &unitView, chromedp.ByQuery),
		shot("5-unit-node-evidence"),
		chromedp.SendKeys(`input[name="lead_unit"]`, "区民政局", chromedp.ByQuery),
		chromedp.Click("#save", chromedp.ByID),
		chromedp.WaitVisible(".error", chromedp.ByQuery),
		chromedp.Text(".error", &reassign, chromedp.ByQuery),
		shot("6-unit-reassign-refused"),
		chromedp.Navigate(taskURL),
		chromedp.SetValue(`select[name="request"]`, "done", chromedp.ByQuery),
		chromedp.Click("#save", chromedp.ByID),
		chromedp.WaitVisible("#request", chromedp.ByID),
		chromedp.Text("#request", &afterRequest, chromedp.ByID),
		logout,
		login("admin", "password-admin"),
		chromedp.Navigate(taskURL),
		chromedp.SetValue(`select[name="status"]`, "done", chromedp.ByQuery),
		chromedp.Click("#save", chromedp.ByID),
		chromedp.WaitVisible(`//td[@id="status" and contains(., "已完成")]`, chromedp.BySearch),
		chromedp.Text("#status", &finalStatus, chromedp.ByID),
		shot("7-office-confirms"),
	)
	if err != nil {
		t.Fatalf("office and unit: %v", err)
	}
	if !strings.Contains(unitView, "（已完成）") || !strings.Contains(unitView, "证据文件") {
		t.Errorf("the unit's node and evidence do not show: %.400s", unitView)
	}
	if !strings.Contains(reassign, "403") || !strings.Contains(reassign, "督查室") {
		t.Errorf("the reassignment: %q", reassign)
	}
	if !strings.Contains(afterRequest, "申请办结") || finalStatus != "已完成" {
		t.Errorf("request %q, final status %q", afterRequest, finalStatus)
	}
	tk, _ := f.st.Task(ctx, ts[0].ID)
	if last := tk.Events[len(tk.Events)-1]; last.Actor != "admin" || last.Data["to"] != "done" {
		t.Errorf("the last event: %+v", last)
	}
}

// TestBrowserCharts: on the region page a mark shows its tooltip with the
// quote, a legend item hides its series, and on a phone (390 px) the
// page fits the screen, a chart scrolling inside its box. Every main page is shot at 1400 px and 390 px.
func TestBrowserCharts(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	for _, name := range []string{"007_guowuyuan_national_2015.txt", "008_guowuyuan_national_2016.txt", "009_guowuyuan_national_2017.txt"} {
		if code, msg := f.upload(t, admin, "../../../shared/corpus/"+name); code != 200 {
			t.Fatalf("upload %s: %d %s", name, code, msg)
		}
	}
	bctx, shot := newBrowser(t, 1400, 1000)
	var tip, display, hidden string
	err := chromedp.Run(bctx,
		chromedp.Navigate(f.srv.URL+"/regions/100000"),
		chromedp.WaitVisible("svg.chart g.tip", chromedp.ByQuery),
		chromedp.Evaluate(`(function () {
			var g = document.querySelector('svg.chart g.series g.tip');
			var r = g.getBoundingClientRect();
			g.dispatchEvent(new MouseEvent('mousemove', {bubbles: true, clientX: r.left + 2, clientY: r.top + 2}));
			return true;
		})()`, nil),
		chromedp.Text(".chart-tip", &tip, chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.querySelector('.chart-tip')).display`, &display),
		shot("5-region-chart-tooltip"),
		chromedp.Click("svg.chart g.legend", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('svg.chart g.series').style.display`, &hidden),
	)
	if err != nil {
		t.Fatalf("region page: %v", err)
	}
	if display != "block" || !strings.Contains(tip, "国内生产总值") {
		t.Errorf("tooltip %q (%s)", tip, display)
	}
	if hidden != "none" {
		t.Errorf("a click on the legend left the series shown (%q)", hidden)
	}
	pages := map[string]string{"library": "/", "report": "/reports/1", "region": "/regions/100000", "compare": "/compare?regions=100000&indicator=gdp&kind=target",
		"tasks": "/tasks?year=2017", "units": "/units?year=2017", "search": "/search?q=" + "就业"}
	for name, path := range pages {
		if err := chromedp.Run(bctx, chromedp.Navigate(f.srv.URL+path), chromedp.WaitReady("main", chromedp.ByQuery), shot("6-"+name+"-1400")); err != nil {
			t.Fatalf("%s at 1400 px: %v", name, err)
		}
	}
	// A phone: a chart keeps readable text and scrolls inside its box, and
	// the page itself does not scroll sideways.
	var width float64
	if err := chromedp.Run(bctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for name, path := range pages {
		if err := chromedp.Run(bctx, chromedp.Navigate(f.srv.URL+path), chromedp.WaitReady("main", chromedp.ByQuery), shot("6-"+name+"-390")); err != nil {
			t.Fatalf("%s at 390 px: %v", name, err)
		}
		if name == "region" {
			var page float64
			if err := chromedp.Run(bctx,
				chromedp.Evaluate(`document.querySelector('figure.chart-box').getBoundingClientRect().width`, &width),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &page)); err != nil {
				t.Fatal(err)
			}
			if width <= 0 || width > 390 || page > 390 {
				t.Errorf("on a 390 px screen the chart box is %.0f px wide and the page %.0f px", width, page)
			}
		}
	}
}

// TestBrowserPublic drives the public's part on a phone-sized window: a
// citizen registers and asks on a task, the lead unit answers, the
// citizen rates the answer; a deputy votes once and is refused a second
// ballot. Screenshots go to testout/e2e.
func TestBrowserPublic(t *testing.T) {
	f := newFixture(t, Options{Now: func() time.Time { return time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC) }})
	admin := f.token(t, "admin")
	if code, msg := f.upload(t, admin, "../../examples/reports/qinghe_2024.txt"); code != 200 {
		t.Fatalf("upload: %d %s", code, msg)
	}
	ts, _ := f.st.Tasks(ctx, report.TaskFilter{})
	taskPath := "/tasks/" + itoa(int(ts[0].ID))
	f.do(t, "POST", "/api/v1"+taskPath, admin, strings.NewReader(`{"lead_unit":"区教育局"}`), "application/json")
	reps, _ := f.st.Reports(ctx, report.ReportFilter{})
	code, body := f.do(t, "POST", "/api/v1/rounds", admin, strings.NewReader(`{"report_id":`+itoa(int(reps[0].ID))+`,"seats":2}`), "application/json")
	if code != 201 {
		t.Fatalf("round: %d %s", code, body)
	}
	roundPath := "/rounds/1"
	f.do(t, "POST", "/api/v1"+roundPath+"/stage", admin, strings.NewReader(`{"to":"voting"}`), "application/json")

	bctx, shot := newBrowser(t, 390, 844)
	login := func(name, pw string) chromedp.Tasks { return signIn(f.srv.URL, name, pw) }
	logout := chromedp.Tasks{
		chromedp.Navigate(f.srv.URL + "/"),
		chromedp.Click(".me form button", chromedp.ByQuery),
		chromedp.WaitVisible(`a[href="/login"]`, chromedp.ByQuery),
	}
	var asked, answered, rated, questionURL string
	err := chromedp.Run(bctx,
		chromedp.Navigate(f.srv.URL+"/register?next="+taskPath),
		chromedp.SendKeys("#name", "13912345678", chromedp.ByID),
		chromedp.SendKeys("#password", "我的密码12345", chromedp.ByID),
		shot("p1-register"),
		chromedp.Click("#register", chromedp.ByID),
		chromedp.WaitVisible("#ask-text", chromedp.ByID),
		chromedp.SendKeys("#ask-text", "新建的幼儿园什么时候能招生？", chromedp.ByID),
		shot("p2-task-ask"),
		chromedp.Click("#ask-send", chromedp.ByID),
		chromedp.WaitVisible("#qstatus", chromedp.ByID),
		chromedp.Text("#qstatus", &asked, chromedp.ByID),
		chromedp.Location(&questionURL),
		shot("p3-asked"),
	)
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	err = chromedp.Run(bctx,
		logout,
		login("edu", "password-edu"),
		chromedp.Navigate(questionURL),
		chromedp.SendKeys("#answer-text", "预计9月招生，届时在区教育局网站公布。", chromedp.ByID),
		chromedp.Click("#send-answer", chromedp.ByID),
		chromedp.WaitVisible("#answers", chromedp.ByID),
		chromedp.Text("#qstatus", &answered, chromedp.ByID),
		shot("p4-answered"),
		logout,
		login("13912345678", "我的密码12345"),
		chromedp.Navigate(questionURL),
		chromedp.Click(`input[name="rating"][value="满意"]`, chromedp.ByQuery),
		chromedp.Click("#send-rating", chromedp.ByID),
		chromedp.WaitVisible(`//td[@id="qstatus" and contains(., "已评价")]`, chromedp.BySearch),
		chromedp.Text("#qstatus", &rated, chromedp.ByID),
		shot("p5-rated"),
	)
	if err != nil {
		t.Fatalf("question: %v", err)
	}
	if asked != "待答复" || answered != "已答复" || rated != "已评价：满意" {
		t.Errorf("status asked %q, answered %q, rated %q", asked, answered, rated)
	}

	// The deputy has the round open in a second tab before voting; the
	// ballot sent from it after the first is refused.
	var first, second string
	tab, cancelTab := chromedp.NewContext(bctx)
	defer cancelTab()
	err = chromedp.Run(bctx, logout, login("王代表", "password-王代表"))
	if err == nil {
		err = chromedp.Run(tab, chromedp.Navigate(f.srv.URL+roundPath), chromedp.WaitVisible("#vote", chromedp.ByID))
	}
	if err == nil {
		err = chromedp.Run(bctx,
			chromedp.Navigate(f.srv.URL+roundPath),
			chromedp.Click(`input[name="choice"][value="1"]`, chromedp.ByQuery),
			shot("p6-ballot"),
			chromedp.Click("#vote", chromedp.ByID),
			chromedp.WaitVisible("#voted", chromedp.ByID),
			chromedp.Text("#voted", &first, chromedp.ByID),
			shot("p7-voted"),
		)
	}
	if err == nil {
		err = chromedp.Run(tab,
			chromedp.Click(`input[name="choice"][value="2"]`, chromedp.ByQuery),
			chromedp.Click("#vote", chromedp.ByID),
			chromedp.WaitVisible(".error", chromedp.ByQuery),
			chromedp.Text(".error", &second, chromedp.ByQuery),
		)
	}
	if err != nil {
		t.Fatalf("ballot: %v", err)
	}
	tally, voters, _ := f.st.Tally(ctx, 1)
	if !strings.Contains(first, "您已投票") || !strings.Contains(second, "只能投一次") || voters != 1 || tally[1] != 1 || tally[2] != 0 {
		t.Errorf("first ballot %q, second %q, tally %v of %d", first, second, tally, voters)
	}

	// The public's pages, on the phone and on a desk: none scrolls sideways
	// on the phone.
	f.do(t, "POST", "/api/v1/suggestions", admin, strings.NewReader(`{"kind":"建议","number":"12","title":"关于在城东增设公交线路的建议","proposer":"王代表","unit":"区交通运输局"}`), "application/json")
	pages := map[string]string{"questions": "/questions", "round": roundPath, "rounds": "/rounds", "suggestions": "/suggestions", "unit": "/units/区教育局", "me": "/me", "task": taskPath}
	for _, size := range []struct {
		w, h int
		name string
	}{{390, 844, "390"}, {1400, 900, "1400"}} {
		if err := chromedp.Run(bctx, chromedp.EmulateViewport(int64(size.w), int64(size.h))); err != nil {
			t.Fatal(err)
		}
		for name, path := range pages {
			var scroll float64
			if err := chromedp.Run(bctx, chromedp.Navigate(f.srv.URL+path), chromedp.WaitReady("main", chromedp.ByQuery),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll), shot("p-"+name+"-"+size.name)); err != nil {
				t.Fatalf("%s at %d px: %v", name, size.w, err)
			}
			if size.w == 390 && scroll > 390 {
				t.Errorf("%s scrolls sideways on a phone: %.0f px wide", name, scroll)
			}
		}
	}
}
