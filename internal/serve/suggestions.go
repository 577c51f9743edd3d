package serve

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/export"
	"github.com/baogao/baogao/internal/participate"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// 人大代表建议 and 政协委员提案: the office registers them (one by one or
// the yearly list as a sheet) and assigns each to a lead unit with a
// deadline; the unit answers with its letter; the proposer gives their
// satisfaction; 办复率 and 满意率 by unit follow.

func (s *Server) suggestions(ctx context.Context) ([]participate.Suggestion, error) {
	ths, err := s.st.Threads(ctx, report.ThreadSuggestion)
	if err != nil {
		return nil, err
	}
	out := make([]participate.Suggestion, len(ths))
	for i, th := range ths {
		out[i] = participate.FoldSuggestion(th)
	}
	return out, nil
}

func (s *Server) suggestion(ctx context.Context, id int64) (participate.Suggestion, error) {
	th, err := s.st.Thread(ctx, id)
	if err == nil && th.Kind != report.ThreadSuggestion {
		err = report.Errorf(report.NotFound, "建议提案 %d 不存在", id)
	}
	if err != nil {
		return participate.Suggestion{}, err
	}
	return participate.FoldSuggestion(*th), nil
}

type suggestionRequest struct {
	Kind     string `json:"kind"` // 建议 or 提案
	Number   string `json:"number"`
	Year     int    `json:"year"`
	Title    string `json:"title"`
	Proposer string `json:"proposer"`
	Text     string `json:"text,omitempty"`
	Unit     string `json:"unit,omitempty"`     // assigned at once when given
	Deadline string `json:"deadline,omitempty"` // 2024-06-30; three months on when not given
}

// registerEvents checks a suggestion and makes its events: the
// registration, and the assignment when a unit is named.
func (s *Server) registerEvents(u *report.User, in suggestionRequest, known map[string]bool) ([]report.Event, error) {
	if in.Kind != participate.DeputySuggestion && in.Kind != participate.MemberProposal {
		return nil, report.Errorf(report.Invalid, "类别 %q：应为 建议 或 提案", in.Kind)
	}
	number, err := requiredText("编号", in.Number, 40)
	if err != nil {
		return nil, err
	}
	if known[in.Kind+number] {
		return nil, report.Errorf(report.Conflict, "%s 第 %s 号已登记", in.Kind, number)
	}
	title, err := requiredText("标题", in.Title, 200)
	if err != nil {
		return nil, err
	}
	proposer, err := requiredText("领衔人", in.Proposer, 100)
	if err != nil {
		return nil, err
	}
	if len([]rune(in.Text)) > 20000 {
		return nil, report.Errorf(report.Invalid, "内容最多 20000 字")
	}
	now := s.opt.Now()
	if in.Year == 0 {
		in.Year = now.Year()
	}
	evs := []report.Event{{At: now, Actor: u.Name, Kind: participate.EvRegister, Data: map[string]string{
		"kind": in.Kind, "number": number, "year": strconv.Itoa(in.Year), "title": title, "proposer": proposer, "text": strings.TrimSpace(in.Text)}}}
	if in.Unit != "" {
		e, err := s.assignEvent(u, in.Unit, in.Deadline)
		if err != nil {
			return nil, err
		}
		evs = append(evs, e)
	}
	return evs, nil
}

func (s *Server) assignEvent(u *report.User, unit, deadline string) (report.Event, error) {
	unit, err := requiredText("承办单位", unit, 100)
	if err != nil {
		return report.Event{}, err
	}
	now := s.opt.Now()
	if deadline == "" {
		deadline = participate.ReplyDeadline(now)
	} else if _, err := time.Parse("2006-01-02", deadline); err != nil {
		d, err := track.ParseDeadline(deadline, now.Year())
		if err != nil {
			return report.Event{}, report.Errorf(report.Invalid, "办理时限 %q 不是日期（2024-06-30 或 2024年6月底）", deadline)
		}
		deadline = d
	}
	return report.Event{At: now, Actor: u.Name, Kind: participate.EvAssign, Data: map[string]string{"unit": unit, "deadline": deadline}}, nil
}

func (s *Server) knownSuggestions(ctx context.Context) (map[string]bool, error) {
	ss, err := s.suggestions(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, x := range ss {
		known[x.Kind+x.Number] = true
	}
	return known, nil
}

func (s *Server) addSuggestion(ctx context.Context, evs []report.Event) (int64, error) {
	id, err := s.st.AddThread(ctx, report.ThreadSuggestion, evs[0])
	if err != nil || len(evs) == 1 {
		return id, err
	}
	return id, s.st.AppendThread(ctx, id, 1, evs[1:])
}

func (s *Server) apiRegisterSuggestion(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if err := participate.PermitRegister(u); err != nil {
		s.fail(w, r, err)
		return
	}
	var in suggestionRequest
	if err := decodeBody(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	known, err := s.knownSuggestions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	evs, err := s.registerEvents(u, in, known)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.addSuggestion(r.Context(), evs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sg, err := s.suggestion(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, sg)
}

type suggestionImport struct {
	Imported int     `json:"imported"`
	IDs      []int64 `json:"ids"`
}

// importSuggestions reads the yearly list from the upload's "file":
// every row is checked first, and one bad row stores nothing.
func (s *Server) importSuggestions(w http.ResponseWriter, r *http.Request) (suggestionImport, error) {
	res := suggestionImport{IDs: []int64{}}
	u := userOf(r)
	if err := participate.PermitRegister(u); err != nil {
		return res, err
	}
	if err := s.parseUpload(w, r); err != nil {
		return res, err
	}
	f, fh, err := r.FormFile("file")
	if err != nil {
		return res, report.Errorf(report.Invalid, "没有文件（字段 file）")
	}
	raw, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return res, err
	}
	rows, err := export.ReadTable(fh.Filename, raw)
	if err != nil {
		return res, err
	}
	year, err := strconv.Atoi(r.FormValue("year"))
	if err != nil || year < 1949 || year > 3000 {
		return res, report.Errorf(report.Invalid, "请给出年度 year（如 2024）")
	}
	kind := r.FormValue("kind")
	if kind == "" {
		kind = participate.DeputySuggestion
	}
	list, err := participate.ReadSheet(rows, kind)
	if err != nil {
		return res, fmt.Errorf("%s：%w", fh.Filename, err)
	}
	known, err := s.knownSuggestions(r.Context())
	if err != nil {
		return res, err
	}
	var all [][]report.Event
	var bad []string
	for _, row := range list {
		evs, err := s.registerEvents(u, suggestionRequest{Kind: row.Kind, Number: row.Number, Year: year, Title: row.Title, Proposer: row.Proposer,
			Text: row.Text, Unit: row.Unit, Deadline: row.Deadline}, known)
		if err != nil {
			bad = append(bad, fmt.Sprintf("第 %d 行：%v", row.Row, err))
			continue
		}
		known[row.Kind+row.Number] = true
		all = append(all, evs)
	}
	if len(bad) > 0 {
		return res, report.Errorf(report.Invalid, "%s：%s；未导入任何一行", fh.Filename, strings.Join(bad, "；"))
	}
	for _, evs := range all {
		id, err := s.addSuggestion(r.Context(), evs)
		if err != nil {
			return res, err
		}
		res.IDs = append(res.IDs, id)
	}
	res.Imported = len(res.IDs)
	s.log.Info("suggestions imported", "file", fh.Filename, "rows", res.Imported, "user", u.Name)
	return res, nil
}

func (s *Server) apiImportSuggestions(w http.ResponseWriter, r *http.Request) {
	res, err := s.importSuggestions(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) formImportSuggestions(w http.ResponseWriter, r *http.Request) {
	if _, err := s.importSuggestions(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/suggestions?year="+r.FormValue("year"), http.StatusSeeOther)
}

// formRegisterSuggestion registers one suggestion from the list page.
func (s *Server) formRegisterSuggestion(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if err := participate.PermitRegister(u); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.readForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostFormValue
	year, _ := strconv.Atoi(f("year"))
	known, err := s.knownSuggestions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	evs, err := s.registerEvents(u, suggestionRequest{Kind: f("kind"), Number: f("number"), Year: year, Title: f("title"), Proposer: f("proposer"),
		Text: f("text"), Unit: f("unit"), Deadline: f("deadline")}, known)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.addSuggestion(r.Context(), evs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/suggestions/%d", id), http.StatusSeeOther)
}

func (s *Server) apiExportSuggestions(w http.ResponseWriter, r *http.Request) {
	ss, err := s.filteredSuggestions(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendTable(w, r, "建议提案办理情况", export.Slice(participate.ExportRows(ss, s.opt.Now())))
}

// filteredSuggestions are the suggestions of a year, a kind and a unit.
func (s *Server) filteredSuggestions(r *http.Request) ([]participate.Suggestion, error) {
	year, err := intParam(r, "year", 0, 0, 3000)
	if err != nil {
		return nil, err
	}
	ss, err := s.suggestions(r.Context())
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	return slices.DeleteFunc(ss, func(x participate.Suggestion) bool {
		return year != 0 && x.Year != year || q.Get("kind") != "" && x.Kind != q.Get("kind") || q.Get("unit") != "" && x.Unit != q.Get("unit")
	}), nil
}

type suggestionList struct {
	Items   []participate.Suggestion  `json:"items"`
	Figures []participate.UnitFigures `json:"figures"` // by unit: 办复率 = answered/received, 满意率 = satisfied/rated
}

func (s *Server) apiSuggestions(w http.ResponseWriter, r *http.Request) {
	ss, err := s.filteredSuggestions(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, suggestionList{listOf(ss), listOf(participate.SuggestionFigures(ss))})
}

func (s *Server) apiSuggestion(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sg, err := s.suggestion(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sg)
}

// suggestionAct assigns, answers or rates a suggestion; a reply's letter
// comes as the multipart file "letter".
func (s *Server) suggestionAct(r *http.Request, id int64, action string, get func(string) string) (participate.Suggestion, error) {
	u := userOf(r)
	sg, err := s.suggestion(r.Context(), id)
	if err != nil {
		return sg, err
	}
	var e report.Event
	switch action {
	case "assign":
		if err := participate.PermitRegister(u); err != nil {
			return sg, err
		}
		if e, err = s.assignEvent(u, get("unit"), get("deadline")); err != nil {
			return sg, err
		}
	case "reply":
		if err := participate.PermitReply(u, sg); err != nil {
			return sg, err
		}
		body, err := requiredText("答复", get("text"), 20000)
		if err != nil {
			return sg, err
		}
		e = report.Event{Kind: participate.EvReply, Data: map[string]string{"text": body}}
		// The right to answer is checked before the letter is kept.
		sha, err := s.evidenceFile(r, "letter")
		if err != nil {
			return sg, err
		}
		if sha != "" {
			_, fh, _ := r.FormFile("letter")
			e.Data["letter"], e.Data["letter_name"] = sha, fh.Filename
		}
	case "rate":
		if err := participate.PermitRateReply(u, sg); err != nil {
			return sg, err
		}
		if !participate.ValidRating(get("rating")) {
			return sg, report.Errorf(report.Invalid, "满意度请选 满意、基本满意 或 不满意")
		}
		e = report.Event{Kind: participate.EvRateReply, Data: map[string]string{"rating": get("rating")}}
	default:
		return sg, report.Errorf(report.NotFound, "建议提案没有 %q 这项操作（assign、reply、rate）", action)
	}
	e.At, e.Actor = s.opt.Now(), u.Name
	if err := s.st.AppendThread(r.Context(), id, len(sg.Events), []report.Event{e}); err != nil {
		return sg, err
	}
	return s.suggestion(r.Context(), id)
}

type suggestionActRequest struct {
	Unit     string `json:"unit,omitempty"`     // assign
	Deadline string `json:"deadline,omitempty"` // assign
	Text     string `json:"text,omitempty"`     // reply
	Rating   string `json:"rating,omitempty"`   // rate: 满意, 基本满意 or 不满意
}

func (s *Server) apiSuggestionAct(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if userOf(r) == nil {
		s.fail(w, r, report.Errorf(report.Unauthenticated, "请先登录"))
		return
	}
	get := r.PostFormValue
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := s.parseUpload(w, r); err != nil {
			s.fail(w, r, err)
			return
		}
	} else {
		var in suggestionActRequest
		if err := decodeBody(w, r, &in); err != nil {
			s.fail(w, r, err)
			return
		}
		fields := map[string]string{"unit": in.Unit, "deadline": in.Deadline, "text": in.Text, "rating": in.Rating}
		get = func(k string) string { return fields[k] }
	}
	sg, err := s.suggestionAct(r, id, r.PathValue("action"), get)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sg)
}

func (s *Server) pageSuggestions(w http.ResponseWriter, r *http.Request) {
	ss, err := s.filteredSuggestions(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.opt.Now()
	status := map[int64]string{}
	for _, x := range ss {
		status[x.ID] = x.Status(now)
	}
	s.render(w, r, "suggestions", map[string]any{"Items": ss, "Status": status, "Figures": participate.SuggestionFigures(ss), "Query": r.URL.RawQuery,
		"CanRegister": participate.PermitRegister(userOf(r)) == nil, "Year": now.Year()})
}

func (s *Server) pageSuggestion(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sg, err := s.suggestion(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := userOf(r)
	s.render(w, r, "suggestion", map[string]any{"S": sg, "Status": sg.Status(s.opt.Now()), "PageTitle": fmt.Sprintf("%s 第 %s 号", sg.Kind, sg.Number),
		"CanAssign": participate.PermitRegister(u) == nil, "CanReply": participate.PermitReply(u, sg) == nil, "CanRate": participate.PermitRateReply(u, sg) == nil,
		"Ratings": []string{participate.Satisfied, participate.FairlySatisfied, participate.Unsatisfied}})
}

func (s *Server) formSuggestion(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInForm(w, r)
	if !ok {
		return
	}
	if _, err := s.suggestionAct(r, id, r.PostFormValue("action"), r.PostFormValue); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/suggestions/%d", id), http.StatusSeeOther)
}
