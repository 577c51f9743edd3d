package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/participate"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// The public's part: registration, questions on a promise, 民生实事票决,
// 建议提案 and follows. Every handler here reaches the record through a
// thread of its own or the ballot tally; none writes a task or a fact,
// except closing a round, which the office does.

func (s *Server) participationRoutes() {
	s.handle("POST", "/api/v1/register", true, s.rateLimited(s.limits.register, "注册", s.apiRegister))
	s.handle("GET", "/api/v1/questions", true, s.apiQuestions)
	s.handle("POST", "/api/v1/questions", true, s.publicWrite("提问", s.apiAsk))
	s.handle("GET", "/api/v1/questions/{id}", true, s.apiQuestion)
	s.handle("POST", "/api/v1/questions/{id}/{action}", true, s.apiQuestionAct)
	s.handle("GET", "/api/v1/rounds", true, s.apiRounds)
	s.handle("POST", "/api/v1/rounds", true, s.apiOpenRound)
	s.handle("GET", "/api/v1/rounds/{id}", true, s.apiRound)
	s.handle("POST", "/api/v1/rounds/{id}/{action}", true, s.publicWrite("提交", s.apiRoundAct))
	s.handle("GET", "/api/v1/suggestions", true, s.apiSuggestions)
	s.handle("POST", "/api/v1/suggestions", true, s.apiRegisterSuggestion)
	s.handle("POST", "/api/v1/suggestions/import", true, s.rateLimited(s.limits.uploads, "上传", s.apiImportSuggestions))
	s.handle("GET", "/api/v1/suggestions/export", true, s.apiExportSuggestions)
	s.handle("GET", "/api/v1/suggestions/{id}", true, s.apiSuggestion)
	s.handle("POST", "/api/v1/suggestions/{id}/{action}", true, s.rateLimited(s.limits.uploads, "上传", s.apiSuggestionAct))
	s.handle("POST", "/api/v1/tasks/{id}/follow", true, s.apiFollow)
	s.handle("GET", "/api/v1/notifications", true, s.apiNotifications)
	s.handle("GET", "/api/v1/audit", true, s.apiAudit)
	s.handle("GET", "/feed.atom", false, s.oneOfFew(s.limits.reports, "读取动态", s.feed)) // every task's events: a few at a time

	s.handle("GET", "/register", false, s.pageRegister)
	s.handle("POST", "/register", false, s.rateLimited(s.limits.register, "注册", s.formRegister))
	s.handle("GET", "/questions", false, s.pageQuestions)
	s.handle("POST", "/questions", false, s.publicWrite("提问", s.formAsk))
	s.handle("GET", "/questions/{id}", false, s.pageQuestion)
	s.handle("POST", "/questions/{id}", false, s.formQuestion)
	s.handle("GET", "/rounds", false, s.pageRounds)
	s.handle("POST", "/rounds", false, s.formOpenRound)
	s.handle("GET", "/rounds/{id}", false, s.pageRound)
	s.handle("POST", "/rounds/{id}", false, s.publicWrite("提交", s.formRound))
	s.handle("GET", "/suggestions", false, s.pageSuggestions)
	s.handle("POST", "/suggestions", false, s.formRegisterSuggestion)
	s.handle("POST", "/suggestions/import", false, s.rateLimited(s.limits.uploads, "上传", s.formImportSuggestions))
	s.handle("GET", "/suggestions/{id}", false, s.pageSuggestion)
	s.handle("POST", "/suggestions/{id}", false, s.rateLimited(s.limits.uploads, "上传", s.formSuggestion))
	s.handle("POST", "/tasks/{id}/follow", false, s.formFollow)
	s.handle("GET", "/units/{name}", false, s.oneOfFew(s.limits.reports, "读取单位", s.pageUnit))
	s.handle("GET", "/me", false, s.pageMe)
}

// audited keeps every write request in the audit record once it is
// answered: who, from where, what and how it ended, refusals of accounts
// included. An anonymous request that was refused is not kept, or anyone
// could fill the disk with them.
func (s *Server) audited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		sw := &statusWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(sw, r)
		actor := ""
		if u := userOf(r); u != nil {
			actor = u.Name
		}
		if actor == "" && sw.status >= 400 {
			return // a refused request of nobody writes nothing, and is not kept: the disk is not anyone's to fill
		}
		e := report.AuditEntry{At: s.opt.Now(), Actor: actor, Address: s.clientAddr(r), Method: r.Method, Path: r.URL.Path, Status: sw.status}
		if err := s.st.AddAudit(context.WithoutCancel(r.Context()), e); err != nil {
			s.log.Error("audit record", "err", err, "path", r.URL.Path)
		}
	})
}

// decodeBody reads a JSON request of at most 64 KB into v, refusing
// fields it does not know, after the CSRF check.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	if err := checkCSRF(r); err != nil {
		return err
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return report.Errorf(report.Invalid, "请求体应为 JSON 对象：%v", err)
	}
	return nil
}

// signedInForm reads the ID in a request's path and its form, for an
// account; when one is missing it answers the request itself and says so.
func (s *Server) signedInForm(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := pathID(r)
	if err == nil && userOf(r) == nil {
		err = report.Errorf(report.Unauthenticated, "请先登录")
	}
	if err == nil {
		err = s.readForm(w, r)
	}
	if err != nil {
		s.fail(w, r, err)
		return 0, false
	}
	return id, true
}

// signedInJSON is signedInForm for a JSON request body, read into v.
func (s *Server) signedInJSON(w http.ResponseWriter, r *http.Request, v any) (int64, bool) {
	id, err := pathID(r)
	if err == nil && userOf(r) == nil {
		err = report.Errorf(report.Unauthenticated, "请先登录")
	}
	if err == nil {
		err = decodeBody(w, r, v)
	}
	if err != nil {
		s.fail(w, r, err)
		return 0, false
	}
	return id, true
}

// readForm reads a page's form (at most 64 KB, or an upload within the
// upload limit) after the CSRF check.
func (s *Server) readForm(w http.ResponseWriter, r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := s.parseUpload(w, r); err != nil {
			return err
		}
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return report.Errorf(report.Invalid, "表单无法读取")
	}
	return checkCSRF(r)
}

// requiredText checks a field people write: present and within max
// characters.
func requiredText(name, v string, max int) (string, error) {
	v = strings.TrimSpace(v)
	switch n := len([]rune(v)); {
	case n == 0:
		return "", report.Errorf(report.Invalid, "请填写%s", name)
	case n > max:
		return "", report.Errorf(report.Invalid, "%s最多 %d 字，现有 %d 字", name, max, n)
	}
	return v, nil
}

// ---- registration

var (
	rePhone = regexp.MustCompile(`^1[3-9]\d{9}$`)
	reMail  = regexp.MustCompile(`^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$`)
)

type registration struct {
	Name     string `json:"name"` // a mobile number or an e-mail address
	Password string `json:"password"`
}

// register makes a citizen account. No real-name check is made: the
// handle is a phone number or an e-mail address as given.
func (s *Server) register(ctx context.Context, in registration) (*report.User, error) {
	in.Name = strings.TrimSpace(in.Name)
	if !rePhone.MatchString(in.Name) && !reMail.MatchString(in.Name) {
		return nil, report.Errorf(report.Invalid, "账号请用手机号（11 位）或电子邮箱")
	}
	if n := len([]rune(in.Password)); n < 8 || n > 128 {
		return nil, report.Errorf(report.Invalid, "密码须 8 到 128 位")
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	u := &report.User{Name: in.Name, Role: participate.Citizen, Password: hash}
	if err := s.st.AddUser(ctx, u); err != nil {
		if report.KindOf(err) == report.Conflict {
			return nil, report.Errorf(report.Conflict, "账号 %s 已注册，请直接登录", in.Name)
		}
		return nil, err
	}
	s.log.Info("citizen registered", "user", u.Name)
	return u, nil
}

func (s *Server) apiRegister(w http.ResponseWriter, r *http.Request) {
	var in registration
	if err := decodeBody(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.register(r.Context(), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, accountJSON{ID: u.ID, Name: u.Name, Role: u.Role})
}

type accountJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

func (s *Server) pageRegister(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "register", map[string]any{"Next": localPath(r.URL.Query().Get("next"))})
}

func (s *Server) formRegister(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.fail(w, r, report.Errorf(report.Forbidden, "注册表单须从本站提交"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, report.Errorf(report.Invalid, "表单无法读取"))
		return
	}
	next := localPath(r.PostForm.Get("next"))
	u, err := s.register(r.Context(), registration{Name: r.PostForm.Get("name"), Password: r.PostForm.Get("password")})
	if err != nil {
		w.WriteHeader(statusOf(err))
		s.render(w, r, "register", map[string]any{"Error": err.Error(), "Next": next})
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// ---- questions (网络问政)

func (s *Server) answerDays() int {
	if s.opt.AnswerDays > 0 {
		return s.opt.AnswerDays
	}
	return participate.DefaultAnswerDays
}

func (s *Server) questions(ctx context.Context) ([]participate.Question, error) {
	ths, err := s.st.Threads(ctx, report.ThreadQuestion)
	if err != nil {
		return nil, err
	}
	now := s.opt.Now()
	out := make([]participate.Question, len(ths))
	for i, th := range ths {
		out[i] = participate.FoldQuestion(th, s.answerDays(), now)
	}
	return out, nil
}

func (s *Server) question(ctx context.Context, id int64, u *report.User) (participate.Question, error) {
	th, err := s.st.Thread(ctx, id)
	if err == nil && th.Kind != report.ThreadQuestion {
		err = report.Errorf(report.NotFound, "问题 %d 不存在", id)
	}
	if err != nil {
		return participate.Question{}, err
	}
	q := participate.FoldQuestion(*th, s.answerDays(), s.opt.Now())
	if !q.Visible(u) {
		// Told apart from a missing one only to those who may see it.
		return q, report.Errorf(report.NotFound, "问题 %d 不存在或不公开", id)
	}
	return q, nil
}

// visibleQuestions are the questions an account may read that a filter
// selects: unit, task or fact, and mine (the account's own).
func (s *Server) visibleQuestions(r *http.Request) ([]participate.Question, error) {
	qs, err := s.questions(r.Context())
	if err != nil {
		return nil, err
	}
	u := userOf(r)
	f := r.URL.Query()
	task, _ := strconv.ParseInt(f.Get("task"), 10, 64)
	var out []participate.Question
	for _, q := range qs {
		switch {
		case !q.Visible(u),
			f.Get("unit") != "" && q.Unit != f.Get("unit"),
			task != 0 && (q.Subject != "task" || q.SubjectID != task),
			f.Get("mine") != "" && (u == nil || q.Asker != u.Name):
			continue
		}
		out = append(out, q)
	}
	return out, nil
}

type askRequest struct {
	TaskID  int64  `json:"task_id,omitempty"`
	FactID  int64  `json:"fact_id,omitempty"` // a target
	Text    string `json:"text"`
	Private bool   `json:"private,omitempty"` // seen by the asker, the unit and the staff only
}

// ask files a question on a task (it goes to the lead unit) or a target
// (to the office).
func (s *Server) ask(r *http.Request, in askRequest) (int64, error) {
	u := userOf(r)
	if err := participate.PermitAsk(u); err != nil {
		return 0, err
	}
	body, err := requiredText("问题", in.Text, 1000)
	if err != nil {
		return 0, err
	}
	data := map[string]string{"text": body, "public": "1"}
	if in.Private {
		data["public"] = "0"
	}
	switch {
	case in.TaskID > 0 && in.FactID == 0:
		t, err := track.LoadTask(r.Context(), s.st, in.TaskID)
		if err != nil {
			return 0, err
		}
		unit := t.State.LeadUnit
		if unit == "" {
			unit = participate.OfficeUnit
		}
		data["subject"], data["subject_id"], data["about"], data["unit"], data["region_code"] = "task", strconv.FormatInt(t.ID, 10), t.Title, unit, t.RegionCode
	case in.FactID > 0 && in.TaskID == 0:
		fs, err := s.st.Facts(r.Context(), report.FactFilter{AfterID: in.FactID - 1, Limit: 1})
		if err != nil {
			return 0, err
		}
		if len(fs) == 0 || fs[0].ID != in.FactID || fs[0].Kind != report.Target {
			return 0, report.Errorf(report.NotFound, "目标 %d 不存在", in.FactID)
		}
		f := fs[0]
		data["subject"], data["subject_id"], data["about"], data["unit"], data["region_code"] = "fact", strconv.FormatInt(f.ID, 10), f.Indicator+" "+f.NumbersZH(), participate.OfficeUnit, f.RegionCode
	default:
		return 0, report.Errorf(report.Invalid, "请指明所问的任务（task_id）或目标（fact_id），二者取一")
	}
	id, err := s.st.AddThread(r.Context(), report.ThreadQuestion, report.Event{At: s.opt.Now(), Actor: u.Name, Kind: participate.EvAsk, Data: data})
	if err != nil {
		return 0, err
	}
	s.log.Info("question asked", "question", id, "user", u.Name, "unit", data["unit"])
	return id, nil
}

// questionAct answers, rates, reopens, hides or shows a question.
func (s *Server) questionAct(r *http.Request, id int64, action string, fields map[string]string) (participate.Question, error) {
	u := userOf(r)
	q, err := s.question(r.Context(), id, u)
	if err != nil {
		return q, err
	}
	var e report.Event
	switch action {
	case "answer":
		if err := participate.PermitAnswer(u, q); err != nil {
			return q, err
		}
		body, err := requiredText("答复", fields["text"], 4000)
		if err != nil {
			return q, err
		}
		e = report.Event{Kind: participate.EvAnswer, Data: map[string]string{"text": body}}
	case "rate":
		if err := participate.PermitRate(u, q); err != nil {
			return q, err
		}
		if !participate.ValidRating(fields["rating"]) {
			return q, report.Errorf(report.Invalid, "评价请选 满意、基本满意 或 不满意")
		}
		e = report.Event{Kind: participate.EvRate, Data: map[string]string{"rating": fields["rating"]}}
	case "reopen":
		if err := participate.PermitReopen(u, q); err != nil {
			return q, err
		}
		body, err := requiredText("追问", fields["text"], 1000)
		if err != nil {
			return q, err
		}
		e = report.Event{Kind: participate.EvReopen, Data: map[string]string{"text": body}}
	case "hide", "show":
		if err := participate.PermitModerate(u); err != nil {
			return q, err
		}
		e = report.Event{Kind: participate.EvShow, Data: map[string]string{}}
		if action == "hide" {
			reason, err := requiredText("隐藏原因", fields["reason"], 200)
			if err != nil {
				return q, err
			}
			e = report.Event{Kind: participate.EvHide, Data: map[string]string{"reason": reason}}
		}
	default:
		return q, report.Errorf(report.NotFound, "问题没有 %q 这项操作（answer、rate、reopen、hide、show）", action)
	}
	e.At, e.Actor = s.opt.Now(), u.Name
	if err := s.st.AppendThread(r.Context(), id, len(q.Events), []report.Event{e}); err != nil {
		return q, err
	}
	q, err = s.question(r.Context(), id, u)
	if err == nil && action == "answer" {
		s.mailTo(q.Asker, fmt.Sprintf("您的问题已答复：%s", q.About), fmt.Sprintf("%s 答复了您的问题（第 %d 号）：\n\n%s\n\n%s/questions/%d", q.Unit, q.ID, e.Data["text"], s.opt.PublicURL, q.ID))
	}
	return q, err
}

type questionList struct {
	Items   []participate.Question    `json:"items"`
	Figures []participate.UnitFigures `json:"figures"` // by unit: received, answered, on time, average days, satisfaction
}

func (s *Server) apiQuestions(w http.ResponseWriter, r *http.Request) {
	qs, err := s.visibleQuestions(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, questionList{listOf(qs), listOf(participate.QuestionFigures(qs))})
}

// listOf writes an empty list as [] rather than null.
func listOf[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

func (s *Server) apiAsk(w http.ResponseWriter, r *http.Request) {
	if err := participate.PermitAsk(userOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	var in askRequest
	if err := decodeBody(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.ask(r, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := s.question(r.Context(), id, userOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, q)
}

func (s *Server) apiQuestion(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := s.question(r.Context(), id, userOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, q)
}

type actRequest struct {
	Text   string `json:"text,omitempty"`
	Rating string `json:"rating,omitempty"`
	Reason string `json:"reason,omitempty"`
}

func (s *Server) apiQuestionAct(w http.ResponseWriter, r *http.Request) {
	var in actRequest
	id, ok := s.signedInJSON(w, r, &in)
	if !ok {
		return
	}
	q, err := s.questionAct(r, id, r.PathValue("action"), map[string]string{"text": in.Text, "rating": in.Rating, "reason": in.Reason})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, q)
}

func (s *Server) pageQuestions(w http.ResponseWriter, r *http.Request) {
	qs, err := s.visibleQuestions(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	slices.Reverse(qs) // newest first
	s.render(w, r, "questions", map[string]any{"Questions": qs, "Figures": participate.QuestionFigures(qs), "Unit": r.URL.Query().Get("unit")})
}

func (s *Server) pageQuestion(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := userOf(r)
	q, err := s.question(r.Context(), id, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "question", map[string]any{"Q": q, "PageTitle": fmt.Sprintf("问题 %d", q.ID),
		"CanAnswer": participate.PermitAnswer(u, q) == nil, "CanRate": participate.PermitRate(u, q) == nil,
		"CanReopen": participate.PermitReopen(u, q) == nil, "CanModerate": participate.PermitModerate(u) == nil,
		"Ratings": []string{participate.Satisfied, participate.FairlySatisfied, participate.Unsatisfied}})
}

func (s *Server) formAsk(w http.ResponseWriter, r *http.Request) {
	if err := participate.PermitAsk(userOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.readForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	task, _ := strconv.ParseInt(r.PostFormValue("task_id"), 10, 64)
	fact, _ := strconv.ParseInt(r.PostFormValue("fact_id"), 10, 64)
	id, err := s.ask(r, askRequest{TaskID: task, FactID: fact, Text: r.PostFormValue("text"), Private: r.PostFormValue("private") != ""})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/questions/%d", id), http.StatusSeeOther)
}

func (s *Server) formQuestion(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInForm(w, r)
	if !ok {
		return
	}
	f := r.PostFormValue
	if _, err := s.questionAct(r, id, f("action"), map[string]string{"text": f("text"), "rating": f("rating"), "reason": f("reason")}); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/questions/%d", id), http.StatusSeeOther)
}

// ---- follows and notifications

// maxFollows bounds the tasks one account follows (a variable for the
// test of the bound).
var maxFollows = 500

type followRequest struct {
	On bool `json:"on"`
}

func (s *Server) follow(r *http.Request, taskID int64, on bool) error {
	u := userOf(r)
	if u == nil {
		return report.Errorf(report.Unauthenticated, "请先登录或注册再关注")
	}
	if _, err := s.st.Task(r.Context(), taskID); err != nil {
		return err
	}
	if on {
		// Notices read every followed task: an account follows a bounded number.
		ids, err := s.st.Follows(r.Context(), u.ID)
		if err != nil {
			return err
		}
		if len(ids) >= maxFollows && !slices.Contains(ids, taskID) {
			return report.Errorf(report.Conflict, "每个账号最多关注 %d 项任务，请先取消关注一些", maxFollows)
		}
	}
	return s.st.SetFollow(r.Context(), u.ID, taskID, on)
}

func (s *Server) apiFollow(w http.ResponseWriter, r *http.Request) {
	var in followRequest
	id, ok := s.signedInJSON(w, r, &in)
	if !ok {
		return
	}
	if err := s.follow(r, id, in.On); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, followJSON{TaskID: id, Following: in.On})
}

type followJSON struct {
	TaskID    int64 `json:"task_id"`
	Following bool  `json:"following"`
}

func (s *Server) formFollow(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInForm(w, r)
	if !ok {
		return
	}
	if err := s.follow(r, id, r.PostFormValue("on") != "0"); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/tasks/%d", id), http.StatusSeeOther)
}

// notice is one change an account is told of: an event on a task it
// follows, or an answer to its question.
type notice struct {
	At    time.Time `json:"at"`
	Title string    `json:"title"`
	Text  string    `json:"text"`
	URL   string    `json:"url"`
}

type noticeList struct {
	Items []notice `json:"items"`
}

// notices are the latest 50 changes an account is told of, newest first.
func (s *Server) notices(ctx context.Context, u *report.User) ([]notice, error) {
	var out []notice
	ids, err := s.st.Follows(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		t, err := track.LoadTask(ctx, s.st, id)
		if err != nil {
			continue // the task went with its report
		}
		pub := *t
		if !participate.Staff(u) {
			pub = track.Public(*t)
		}
		for _, e := range pub.Events {
			if e.Kind == track.EvCreated {
				continue
			}
			out = append(out, notice{At: e.At, Title: fmt.Sprintf("任务 %d %s：%s", t.ID, eventZH(e.Kind), t.Title),
				Text: eventText(e), URL: fmt.Sprintf("/tasks/%d", t.ID)})
		}
	}
	qs, err := s.questions(ctx)
	if err != nil {
		return nil, err
	}
	for _, q := range qs {
		if q.Asker != u.Name {
			continue
		}
		for _, a := range q.Answers {
			out = append(out, notice{At: a.At, Title: fmt.Sprintf("%s 答复了您的问题 %d", a.By, q.ID), Text: a.Text, URL: fmt.Sprintf("/questions/%d", q.ID)})
		}
	}
	slices.SortStableFunc(out, func(a, b notice) int { return b.At.Compare(a.At) })
	if len(out) > 50 {
		out = out[:50]
	}
	return listOf(out), nil
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if u == nil {
		s.fail(w, r, report.Errorf(report.Unauthenticated, "请先登录"))
		return
	}
	ns, err := s.notices(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, noticeList{ns})
}

func (s *Server) pageMe(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if u == nil {
		http.Redirect(w, r, "/login?next=/me", http.StatusSeeOther)
		return
	}
	ns, err := s.notices(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	follows, _ := s.st.Follows(r.Context(), u.ID)
	s.render(w, r, "me", map[string]any{"Notices": ns, "Follows": follows, "PageTitle": "我的消息"})
}

// ---- the audit record

type auditList struct {
	Items []report.AuditEntry `json:"items"`
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	switch {
	case u == nil:
		s.fail(w, r, report.Errorf(report.Unauthenticated, "请先登录"))
		return
	case u.Role != "admin":
		s.fail(w, r, report.Errorf(report.Forbidden, "审计记录只有管理员可以查看"))
		return
	}
	n, err := intParam(r, "limit", 100, 1, 1000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	es, err := s.st.Audit(r.Context(), n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, auditList{listOf(es)})
}
