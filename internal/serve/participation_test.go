package serve

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/baogao/baogao/internal/participate"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// inbox is a local SMTP server (emersion/go-smtp) that keeps what it is
// sent.
type inbox struct {
	mu   sync.Mutex
	msgs []*mail.Message
	to   [][]string
}

func (b *inbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &inboxSession{b: b}, nil }

type inboxSession struct {
	b  *inbox
	to []string
}

func (s *inboxSession) Reset()        {}
func (s *inboxSession) Logout() error { return nil }
func (s *inboxSession) Mail(string, *smtp.MailOptions) error {
	return nil
}
func (s *inboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *inboxSession) Data(r io.Reader) error {
	m, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(m.Body)
	m.Body = bytes.NewReader(body)
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.msgs = append(s.b.msgs, m)
	s.b.to = append(s.b.to, s.to)
	return nil
}

func startInbox(t *testing.T) (*inbox, string) {
	b := &inbox{}
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return b, ln.Addr().String()
}

// wait returns the messages once there are n, or fails after 10 s.
func (b *inbox) wait(t *testing.T, n int) []*mail.Message {
	t.Helper()
	for range 200 {
		b.mu.Lock()
		if len(b.msgs) >= n {
			defer b.mu.Unlock()
			return b.msgs
		}
		b.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%d mails arrived, want %d", len(b.msgs), n)
	return nil
}

func decodeMail(t *testing.T, m *mail.Message) (subject, body string) {
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(m.Body)
	dec, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(raw), "\r\n", ""))
	if err != nil {
		t.Fatal(err)
	}
	return subject, string(dec)
}

// writes counts the write requests a test makes that the audit record
// keeps, to hold the record to them.
type writes struct {
	f *fixture
	n int
}

func (w *writes) do(t *testing.T, method, path, token string, body any) (int, []byte) {
	t.Helper()
	var r io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		r, ct = strings.NewReader(b), "application/json"
	case *multipartBody:
		r, ct = bytes.NewReader(b.buf.Bytes()), b.ct
	}
	code, b := w.f.do(t, method, path, token, r, ct)
	if method != "GET" && (token != "" || code < 400) {
		w.n++ // what the audit record keeps: an anonymous refusal is not kept
	}
	return code, b
}

type multipartBody struct {
	buf bytes.Buffer
	ct  string
}

func multipartOf(fields map[string]string, file, name string, data []byte) *multipartBody {
	var b multipartBody
	mw := multipart.NewWriter(&b.buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != "" {
		fw, _ := mw.CreateFormFile(file, name)
		fw.Write(data)
	}
	mw.Close()
	b.ct = mw.FormDataContentType()
	return &b
}

// expect reads an answer of the status wanted as a T.
func expect[T any](t *testing.T, want int) func(int, []byte) T {
	return func(code int, body []byte) T {
		t.Helper()
		var v T
		if code != want {
			t.Fatalf("status %d, want %d: %s", code, want, body)
		}
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		return v
	}
}

// taskRecord is every task's events as stored, to show that nothing a
// citizen or deputy does changes one.
func taskRecord(t *testing.T, st report.Store) string {
	ts, err := st.Tasks(ctx, report.TaskFilter{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(ts)
	return string(b)
}

// TestParticipation follows the public's part through the API: a citizen
// registers, asks on a task, the lead unit answers late and again after a
// reopening, the citizen rates; a private and a hidden question stay out
// of sight; a round takes the report's 民生实事 and a citizen's proposal,
// two deputies vote once each, and the chosen become tasks with nodes;
// suggestions are imported, answered with a letter and rated, with 办复率
// and 满意率; a follower is told of changes in the app, by mail and in
// the feed, and internal progress reaches none of them; every write is in
// the audit record.
func TestParticipation(t *testing.T) {
	now := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC) // a Monday
	clock := func() time.Time { return now }
	box, addr := startInbox(t)
	f := newFixture(t, Options{Now: clock, Mail: &Mail{Addr: addr, From: "baogao@example.org"}, PublicURL: "http://baogao.local"})
	w := &writes{f: f}
	admin, edu, civil := f.token(t, "admin"), f.token(t, "edu"), f.token(t, "civil")
	wang, li := f.token(t, "王代表"), f.token(t, "李代表")
	for _, name := range []string{"qinghe_2024.txt", "qinghe_2023.txt"} {
		body, ct := multipartFile(t, "../../examples/reports/"+name)
		var b bytes.Buffer
		b.ReadFrom(body)
		w.n++
		if code, msg := f.do(t, "POST", "/api/v1/reports", admin, &b, ct); code != 200 {
			t.Fatalf("upload %s: %d %s", name, code, msg)
		}
	}
	reps, _ := f.st.Reports(ctx, report.ReportFilter{Year: 2024})
	if len(reps) != 1 {
		t.Fatalf("%d reports of 2024", len(reps))
	}
	rep := reps[0]
	ts, _ := f.st.Tasks(ctx, report.TaskFilter{ReportID: rep.ID})
	task := ts[0]
	taskPath := fmt.Sprintf("/api/v1/tasks/%d", task.ID)
	if code, msg := w.do(t, "POST", taskPath, admin, `{"lead_unit":"区教育局"}`); code != 200 {
		t.Fatalf("assign: %d %s", code, msg)
	}

	// Registration: a mail address or a mobile number, once.
	if code, _ := w.do(t, "POST", "/api/v1/register", "", `{"name":"zhang@example.org","password":"一二三四五六七八"}`); code != 201 {
		t.Fatalf("register: %d", code)
	}
	for body, want := range map[string]int{`{"name":"zhang@example.org","password":"another-password"}`: 409, `{"name":"张三","password":"12345678"}`: 400, `{"name":"13900000000","password":"short"}`: 400} {
		if code, msg := w.do(t, "POST", "/api/v1/register", "", body); code != want {
			t.Errorf("register %s: %d %s, want %d", body, code, msg, want)
		}
	}
	zhang := f.token(t, "zhang@example.org")
	other := f.token(t, "13800000001")
	before := taskRecord(t, f.st)
	version, _ := f.st.Version(ctx)

	// A question on the task goes to its lead unit.
	q := expect[participate.Question](t, 201)(w.do(t, "POST", "/api/v1/questions", zhang, fmt.Sprintf(`{"task_id":%d,"text":"新建幼儿园什么时候开工？"}`, task.ID)))
	if q.Unit != "区教育局" || q.Status != participate.Waiting || q.Deadline.Format("2006-01-02") != "2024-03-11" || q.About != task.Title {
		t.Fatalf("asked: %+v", q)
	}
	qPath := fmt.Sprintf("/api/v1/questions/%d", q.ID)
	if code, _ := w.do(t, "POST", qPath+"/answer", civil, `{"text":"不归我们管"}`); code != 403 {
		t.Errorf("another unit answers: %d", code)
	}
	if code, _ := w.do(t, "POST", qPath+"/rate", zhang, `{"rating":"满意"}`); code != 409 {
		t.Errorf("rated before an answer: %d", code)
	}
	now = time.Date(2024, 3, 13, 9, 0, 0, 0, time.UTC) // 7 working days on: late
	q = expect[participate.Question](t, 200)(w.do(t, "POST", qPath+"/answer", edu, `{"text":"计划6月开工。"}`))
	if q.Status != participate.Answered || len(q.Answers) != 1 || q.Answers[0].OnTime || q.Answers[0].Days != 7 {
		t.Errorf("answered: %+v", q)
	}
	if code, _ := w.do(t, "POST", qPath+"/answer", edu, `{"text":"再答一次"}`); code != 409 {
		t.Errorf("answered twice: %d", code)
	}
	if code, _ := w.do(t, "POST", qPath+"/reopen", other, `{"text":"我也想问"}`); code != 403 {
		t.Errorf("another citizen reopens: %d", code)
	}
	w.do(t, "POST", qPath+"/reopen", zhang, `{"text":"6月几号？"}`)
	now = now.Add(24 * time.Hour)
	w.do(t, "POST", qPath+"/answer", edu, `{"text":"6月18日开工。"}`)
	if code, _ := w.do(t, "POST", qPath+"/reopen", zhang, `{"text":"还有问题"}`); code != 409 {
		t.Errorf("reopened twice: %d", code)
	}
	q = expect[participate.Question](t, 200)(w.do(t, "POST", qPath+"/rate", zhang, `{"rating":"基本满意"}`))
	if q.Rating != "基本满意" || len(q.Answers) != 2 || !q.Answers[1].OnTime {
		t.Errorf("rated: %+v", q)
	}
	// The asker was mailed each answer.
	msgs := box.wait(t, 2)
	var got []string
	for i, m := range msgs[:2] {
		subject, body := decodeMail(t, m)
		got = append(got, subject+" "+body)
		if !strings.Contains(subject, "您的问题已答复") || box.to[i][0] != "zhang@example.org" {
			t.Errorf("mail: %q to %v", subject, box.to[i])
		}
	}
	if all := strings.Join(got, "\n"); !strings.Contains(all, "计划6月开工") || !strings.Contains(all, "6月18日开工") {
		t.Errorf("mails: %s", all)
	}

	// A private question: the asker and the staff see it, the public does not.
	priv := expect[participate.Question](t, 201)(w.do(t, "POST", "/api/v1/questions", other, fmt.Sprintf(`{"task_id":%d,"text":"我家孩子能否入园？","private":true}`, task.ID)))
	for who, want := range map[string]int{"": 404, zhang: 404, other: 200, edu: 200} {
		if code, _ := w.do(t, "GET", fmt.Sprintf("/api/v1/questions/%d", priv.ID), who, nil); code != want {
			t.Errorf("private question as %q: %d, want %d", who, code, want)
		}
	}
	spam := expect[participate.Question](t, 201)(w.do(t, "POST", "/api/v1/questions", other, fmt.Sprintf(`{"task_id":%d,"text":"加微信领红包"}`, task.ID)))
	if code, _ := w.do(t, "POST", fmt.Sprintf("/api/v1/questions/%d/hide", spam.ID), edu, `{"reason":"广告"}`); code != 403 {
		t.Errorf("an editor hides: %d", code)
	}
	hidden := expect[participate.Question](t, 200)(w.do(t, "POST", fmt.Sprintf("/api/v1/questions/%d/hide", spam.ID), admin, `{"reason":"广告信息"}`))
	if !hidden.Hidden || hidden.HideReason != "广告信息" {
		t.Errorf("hidden: %+v", hidden)
	}
	list := expect[questionList](t, 200)(w.do(t, "GET", "/api/v1/questions?unit=区教育局", "", nil))
	if len(list.Items) != 1 || list.Items[0].ID != q.ID || len(list.Figures) != 1 {
		t.Fatalf("the public list: %+v", list)
	}
	if fg := list.Figures[0]; fg.Received != 1 || fg.Answered != 1 || fg.OnTime != 0 || fg.AvgDays != 7 || fg.Rated != 1 || fg.Satisfied != 1 {
		t.Errorf("figures: %+v", fg)
	}
	// A question on a target goes to the office.
	targets, _ := f.st.Facts(ctx, report.FactFilter{ReportID: rep.ID, Kind: report.Target, Limit: 1})
	tq := expect[participate.Question](t, 201)(w.do(t, "POST", "/api/v1/questions", zhang, fmt.Sprintf(`{"fact_id":%d,"text":"这个目标能完成吗？"}`, targets[0].ID)))
	if tq.Unit != participate.OfficeUnit || tq.Subject != "fact" {
		t.Errorf("a question on a target: %+v", tq)
	}

	// 民生实事票决: the report's 民生实事 and a citizen's proposal.
	if code, _ := w.do(t, "POST", "/api/v1/rounds", edu, fmt.Sprintf(`{"report_id":%d,"seats":2}`, rep.ID)); code != 403 {
		t.Errorf("a unit opens a round: %d", code)
	}
	round := expect[participate.Round](t, 201)(w.do(t, "POST", "/api/v1/rounds", admin, fmt.Sprintf(`{"report_id":%d,"seats":2}`, rep.ID)))
	if round.Stage != participate.Proposing || round.Year != 2024 || len(round.Candidates) != 3 || !strings.Contains(round.Candidates[0].Title, "幼儿园") {
		t.Fatalf("round: %+v", round)
	}
	rPath := fmt.Sprintf("/api/v1/rounds/%d", round.ID)
	w.do(t, "POST", rPath+"/candidates", zhang, `{"title":"增开社区公交","text":"城东三个小区没有公交。"}`)
	if code, _ := w.do(t, "POST", rPath+"/ballot", wang, `{"choices":[1]}`); code != 409 {
		t.Errorf("a ballot while proposing: %d", code)
	}
	w.do(t, "POST", rPath+"/stage", admin, `{"to":"voting"}`)
	if code, _ := w.do(t, "POST", rPath+"/candidates", zhang, `{"title":"晚了","text":"x"}`); code != 409 {
		t.Errorf("a proposal while voting: %d", code)
	}
	if code, _ := w.do(t, "POST", rPath+"/ballot", zhang, `{"choices":[1]}`); code != 403 {
		t.Errorf("a citizen votes: %d", code)
	}
	if code, _ := w.do(t, "POST", rPath+"/ballot", wang, `{"choices":[1,2,4]}`); code != 400 {
		t.Errorf("three choices for two seats: %d", code)
	}
	w.do(t, "POST", rPath+"/ballot", wang, `{"choices":[1,4]}`)
	if code, msg := w.do(t, "POST", rPath+"/ballot", wang, `{"choices":[2]}`); code != 409 || !strings.Contains(string(msg), "只能投一次") {
		t.Errorf("a second ballot: %d %s", code, msg)
	}
	w.do(t, "POST", rPath+"/ballot", li, `{"choices":[4,1]}`)
	open := expect[participate.Round](t, 200)(w.do(t, "GET", rPath, "", nil))
	if open.Candidates[0].Votes != nil || open.Voters != 0 {
		t.Errorf("votes shown before the close: %+v", open.Candidates[0])
	}
	if taskRecord(t, f.st) != before {
		t.Fatal("the public's writes changed a task")
	}
	if v, _ := f.st.Version(ctx); v != version {
		t.Errorf("the public's writes moved the record's version: %s → %s", version, v)
	}
	closed := expect[participate.Round](t, 200)(w.do(t, "POST", rPath+"/stage", admin, `{"to":"closed"}`))
	if closed.Voters != 2 || *closed.Candidates[0].Votes != 2 || *closed.Candidates[1].Votes != 0 || len(closed.Chosen) != 2 || closed.Chosen[1] != 4 || len(closed.Tasks) != 2 {
		t.Fatalf("closed: %+v", closed)
	}
	joined, err := track.LoadTask(ctx, f.st, closed.Tasks[0])
	if err != nil || joined.FactID != closed.Candidates[0].FactID || len(joined.State.Milestones) != 4 {
		t.Errorf("the report's project joins its task with the nodes: %v %+v", err, joined)
	}
	made, err := track.LoadTask(ctx, f.st, closed.Tasks[1])
	if err != nil || made.FactID != 0 || made.Origin == nil || made.Title != "增开社区公交" || len(made.State.Milestones) != 4 || made.State.Milestones[0].Due != "2024-03-31" {
		t.Fatalf("the citizen's project as a task: %v %+v", err, made)
	}
	if _, data, err := f.st.Evidence(ctx, made.Origin.File); err != nil || !strings.Contains(string(data), "城东三个小区没有公交") || !strings.Contains(string(data), "zhang@example.org") {
		t.Errorf("the proposal kept as the task's origin: %v %q", err, data)
	}

	// 建议提案: the yearly list, a reply with its letter, the proposer's rating.
	sheet := "\ufeff编号,类别,标题,领衔人,承办单位,办理时限\n1,建议,关于增加幼儿园学位的建议,王代表,区教育局,2024-06-30\n2,提案,关于河道整治的提案,张委员,,\n"
	if code, _ := w.do(t, "POST", "/api/v1/suggestions/import", admin, multipartOf(map[string]string{"year": "2024"}, "file", "建议.csv", []byte(sheet+"3,建议,,李代表,,\n"))); code != 400 {
		t.Errorf("a list with a row without a title: %d", code)
	}
	if all := expect[suggestionList](t, 200)(w.do(t, "GET", "/api/v1/suggestions", "", nil)); len(all.Items) != 0 {
		t.Fatalf("a refused list stored %d rows", len(all.Items))
	}
	imp := expect[suggestionImport](t, 200)(w.do(t, "POST", "/api/v1/suggestions/import", admin, multipartOf(map[string]string{"year": "2024"}, "file", "建议.csv", []byte(sheet))))
	if imp.Imported != 2 {
		t.Fatalf("imported %+v", imp)
	}
	if code, _ := w.do(t, "POST", "/api/v1/suggestions/import", admin, multipartOf(map[string]string{"year": "2024"}, "file", "建议.csv", []byte(sheet))); code != 400 {
		t.Errorf("the same list twice: %d", code)
	}
	sPath := fmt.Sprintf("/api/v1/suggestions/%d", imp.IDs[0])
	if code, _ := w.do(t, "POST", sPath+"/reply", civil, multipartOf(map[string]string{"text": "x"}, "", "", nil)); code != 403 {
		t.Errorf("another unit replies: %d", code)
	}
	letter := []byte("%PDF-1.4 答复函")
	sg := expect[participate.Suggestion](t, 200)(w.do(t, "POST", sPath+"/reply", edu, multipartOf(map[string]string{"text": "已列入今年计划，新增学位800个。"}, "letter", "答复函.pdf", letter)))
	if sg.Replied == nil || sg.LetterName != "答复函.pdf" {
		t.Fatalf("replied: %+v", sg)
	}
	if _, data, _ := f.st.Evidence(ctx, sg.Letter); !bytes.Equal(data, letter) {
		t.Errorf("the letter is not kept byte for byte")
	}
	if code, _ := w.do(t, "POST", sPath+"/rate", li, `{"rating":"满意"}`); code != 403 {
		t.Errorf("another deputy rates: %d", code)
	}
	w.do(t, "POST", sPath+"/rate", wang, `{"rating":"满意"}`)
	w.do(t, "POST", fmt.Sprintf("/api/v1/suggestions/%d/assign", imp.IDs[1]), admin, `{"unit":"区水利局"}`)
	ss := expect[suggestionList](t, 200)(w.do(t, "GET", "/api/v1/suggestions?year=2024", "", nil))
	fig := map[string]participate.UnitFigures{}
	for _, x := range ss.Figures {
		fig[x.Unit] = x
	}
	if fig["区教育局"].AnswerRate() != 1 || fig["区教育局"].SatisfactionRate() != 1 || fig["区水利局"].Received != 1 || fig["区水利局"].AnswerRate() != 0 {
		t.Errorf("figures: %+v", ss.Figures)
	}
	if ss.Items[1].Deadline != "2024-06-14" { // three months from the assignment
		t.Errorf("default deadline %q", ss.Items[1].Deadline)
	}
	code, csv := w.do(t, "GET", "/api/v1/suggestions/export", "", nil)
	if code != 200 || !strings.HasPrefix(string(csv), "\ufeff编号,类别,标题,领衔人") || !strings.Contains(string(csv), "已评价") {
		t.Errorf("export: %d %s", code, csv)
	}

	// Follows: changes reach the follower in the app, by mail and in the
	// feed; internal progress reaches none of them.
	f.st.AddUser(ctx, &report.User{Name: "li@example.org", Role: participate.Citizen, Password: "x"})
	follower := f.token(t, "li@example.org")
	if code, _ := w.do(t, "POST", taskPath+"/follow", "", `{"on":true}`); code != 401 {
		t.Errorf("an anonymous follow: %d", code)
	}
	w.do(t, "POST", taskPath+"/follow", follower, `{"on":true}`)
	w.do(t, "POST", taskPath, edu, `{"progress":"已完成选址"}`)
	w.do(t, "POST", taskPath, edu, `{"progress":"内部：预算尚未批复","internal":true}`)
	ns := expect[noticeList](t, 200)(w.do(t, "GET", "/api/v1/notifications", follower, nil))
	joinedNotices := fmt.Sprint(ns.Items)
	if !strings.Contains(joinedNotices, "已完成选址") || strings.Contains(joinedNotices, "预算") {
		t.Errorf("notices: %s", joinedNotices)
	}
	msgs = box.wait(t, 3)
	time.Sleep(200 * time.Millisecond) // an internal mail would have come by now
	box.mu.Lock()
	var toFollower []string
	for i, m := range box.msgs {
		if box.to[i][0] == "li@example.org" {
			_, b := decodeMail(t, m)
			toFollower = append(toFollower, b)
		}
	}
	box.mu.Unlock()
	if len(toFollower) != 1 || !strings.Contains(toFollower[0], "已完成选址") {
		t.Errorf("mails to the follower: %q", toFollower)
	}
	pub := expect[taskJSON](t, 200)(w.do(t, "GET", taskPath, "", nil))
	staff := expect[taskJSON](t, 200)(w.do(t, "GET", taskPath, edu, nil))
	if len(staff.Events) != len(pub.Events)+1 || strings.Contains(fmt.Sprint(pub.State.Progress), "预算") {
		t.Errorf("the public task shows internal progress: %d public events, %d staff", len(pub.Events), len(staff.Events))
	}
	code, atom := w.do(t, "GET", fmt.Sprintf("/feed.atom?task=%d", task.ID), "", nil)
	var feed atomFeed
	if code != 200 || xml.Unmarshal(atom, &feed) != nil || len(feed.Entries) == 0 || !strings.Contains(feed.Entries[0].Summary, "已完成选址") || strings.Contains(string(atom), "预算") {
		t.Errorf("feed: %d %s", code, atom)
	}
	code, page := w.do(t, "GET", "/units/区教育局", "", nil)
	if code != 200 || !strings.Contains(string(page), "收到 1 个问题") || !strings.Contains(string(page), "办复率 100.0%") {
		t.Errorf("the unit's page: %d", code)
	}

	// Every write above is in the audit record, refusals of accounts included.
	log, err := f.st.Audit(ctx, 1000)
	if err != nil || len(log) != w.n {
		t.Fatalf("audit record: %d entries for %d writes (%v)", len(log), w.n, err)
	}
	refusals := 0
	for _, e := range log {
		if e.Status >= 400 {
			refusals++
		}
		if e.Address == "" || e.Method == "GET" {
			t.Errorf("audit entry %+v", e)
		}
	}
	if refusals < 10 {
		t.Errorf("%d refusals in the audit record", refusals)
	}
	if code, _ := w.do(t, "GET", "/api/v1/audit", edu, nil); code != 403 {
		t.Errorf("an editor reads the audit record: %d", code)
	}
	if a := expect[auditList](t, 200)(w.do(t, "GET", "/api/v1/audit?limit=5", admin, nil)); len(a.Items) != 5 {
		t.Errorf("audit API: %d entries", len(a.Items))
	}
}
