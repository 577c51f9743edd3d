package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"path/filepath"
	"sort"
	"strings"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/export"
	"github.com/baogao/baogao/internal/extract"
	"github.com/baogao/baogao/internal/identify"
	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/participate"
	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

func fileOf(name string, raw []byte) ingest.File {
	return ingest.File{Path: name, Raw: raw, Format: ingest.Format(name, raw)}
}

func (s *Server) apiRoutes() {
	s.handle("GET", "/api/v1/openapi.json", true, s.apiOpenAPI)
	s.handle("GET", "/api/v1/reports", true, s.cached(s.apiReports))
	s.handle("POST", "/api/v1/reports", true, s.rateLimited(s.limits.uploads, "上传", s.apiUpload))
	s.handle("GET", "/api/v1/reports/{id}", true, s.oneOfFew(s.limits.reports, "读取报告", s.apiReport))
	s.handle("POST", "/api/v1/reports/{id}/identity", true, s.apiCorrectIdentity)
	s.handle("GET", "/api/v1/facts", true, s.cached(s.apiFacts))
	s.handle("POST", "/api/v1/facts/{id}/review", true, s.apiReview)
	s.handle("GET", "/api/v1/search", true, s.cached(s.apiSearch))
	s.handle("GET", "/api/v1/regions", true, s.apiRegions)
	s.handle("GET", "/api/v1/indicators", true, s.apiIndicators)
	s.handle("GET", "/api/v1/checks", true, s.cached(s.apiChecks))
	s.handle("GET", "/api/v1/cascade", true, s.cached(s.apiCascade))
	s.handle("GET", "/api/v1/tasks", true, s.apiTasks)
	s.handle("GET", "/api/v1/tasks/{id}", true, s.apiTask)
	s.handle("GET", "/api/v1/units", true, s.apiUnits)
	s.handle("POST", "/api/v1/tasks/{id}", true, s.apiUpdateTask)
	s.handle("POST", "/api/v1/tasks/import", true, s.rateLimited(s.limits.uploads, "上传", s.apiImportTasks))
	s.handle("GET", "/api/v1/tasks/export", true, s.heavyExport(s.apiExportTasks))
	s.handle("GET", "/api/v1/exports/facts", true, s.heavyExport(s.apiExportFacts))
	s.handle("GET", "/api/v1/exports/panel", true, s.heavyExport(s.apiExportPanel))
	s.handle("POST", "/api/v1/evidence", true, s.rateLimited(s.limits.uploads, "上传", s.apiAddEvidence))
	s.handle("GET", "/api/v1/evidence/{sha256}", true, s.apiEvidence)
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	doc, err := openAPI()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(doc)
}

// page reads page and per_page.
func page(r *http.Request) (int, int, error) {
	p, err := intParam(r, "page", 1, 1, 1_000_000)
	if err != nil {
		return 0, 0, err
	}
	per, err := intParam(r, "per_page", 50, 1, 500)
	return p, per, err
}

type pageOf[T any] struct {
	Items   []T  `json:"items"`
	Page    int  `json:"page"`
	PerPage int  `json:"per_page"`
	HasMore bool `json:"has_more"`
	// NextAfter, for facts, is the cursor of the next page: pass it as
	// after=… to read on without the cost of a deep page number.
	NextAfter int64 `json:"next_after,omitempty"`
}

func paginate[T any](items []T, p, per int) pageOf[T] {
	from := min((p-1)*per, len(items))
	to := min(from+per, len(items))
	out := pageOf[T]{Items: items[from:to], Page: p, PerPage: per, HasMore: to < len(items)}
	if out.Items == nil {
		out.Items = []T{}
	}
	return out
}

func (s *Server) apiReports(w http.ResponseWriter, r *http.Request) {
	p, per, err := page(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year, err := intParam(r, "year", 0, 0, 3000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	level := report.Level(q.Get("level"))
	switch level {
	case "", report.LevelNational, report.LevelProvince, report.LevelCity, report.LevelDistrict, report.LevelCounty:
	default:
		s.fail(w, r, report.Errorf(report.Invalid, "level=%q：可选 national、province、city、district、county", level))
		return
	}
	rs, err := s.st.Reports(r.Context(), report.ReportFilter{Region: q.Get("region"), Level: level, Year: year, Limit: per + 1, Offset: (p - 1) * per})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := pageOf[report.Report]{Items: rs, Page: p, PerPage: per}
	if len(rs) > per {
		out.Items, out.HasMore = rs[:per], true
	}
	if out.Items == nil {
		out.Items = []report.Report{}
	}
	writeJSON(w, http.StatusOK, reportPage(out))
}

// apiCorrectIdentity lets an admin correct a report's year or region:
// {"year": 2023, "region": "350000"}. The facts, checks and tasks follow,
// and the correction is recorded with who and when.
func (s *Server) apiCorrectIdentity(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if err := canWrite(u); err != nil {
		s.fail(w, r, err)
		return
	}
	if u.Role != "admin" {
		s.fail(w, r, report.Errorf(report.Forbidden, "只有管理员可以更正报告的身份（年份、地区）"))
		return
	}
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var body struct {
		Year   int    `json:"year"`
		Region string `json:"region"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		s.fail(w, r, report.Errorf(report.Invalid, "请求体应为 JSON 对象 {\"year\":2023,\"region\":\"350000\"}：%v", err))
		return
	}
	s.ingest.Lock() // one writer of reports at a time, as uploads
	defer s.ingest.Unlock()
	rep, err := s.st.Report(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ident, err := identify.Correct(rep.Identity, body.Year, body.Region, u.Name, s.opt.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.st.CorrectIdentity(r.Context(), id, ident); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, identityResult{id, ident})
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.st.Report(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := reportDetail{ID: rep.ID, Identity: rep.Identity, Sources: []sourceJSON{}}
	for _, src := range rep.Sources {
		out.Sources = append(out.Sources, sourceJSON{src, src.Clean, src.Sections, src.Terms})
	}
	writeJSON(w, http.StatusOK, out)
}

// uploadResult is what became of one uploaded file.
type uploadResult struct {
	File      string `json:"file"`
	Suggested int    `json:"suggested,omitempty"` // tasks given evidence from this report
	Outcome   string `json:"outcome,omitempty"`   // new, unchanged, copy, page
	ReportID  int64  `json:"report_id,omitempty"`
	Error     string `json:"error,omitempty"`
}

// upload reads the files of a multipart request and ingests each.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) ([]uploadResult, error) {
	u := userOf(r)
	if err := canWrite(u); err != nil {
		return nil, err
	}
	if err := s.parseUpload(w, r); err != nil {
		return nil, err
	}
	files := r.MultipartForm.File["file"]
	if len(files) == 0 {
		return nil, report.Errorf(report.Invalid, "上传中没有文件（字段 file）")
	}
	var out []uploadResult
	for _, fh := range files {
		res := uploadResult{File: filepath.Base(fh.Filename)}
		f, err := fh.Open()
		if err == nil {
			var raw []byte
			raw, err = io.ReadAll(f)
			f.Close()
			if err == nil {
				var oc pipeline.Outcome
				oc, res.ReportID, err = s.ingestFile(r.Context(), res.File, userOf(r).Name, raw)
				res.Outcome = string(oc)
				if oc == pipeline.New || oc == pipeline.Page {
					// Its figures may answer earlier commitments.
					if n, serr := track.SuggestAfter(r.Context(), s.st, []int64{res.ReportID}); serr == nil {
						res.Suggested = n
					}
				}
			}
		}
		if err != nil {
			res.Error = err.Error()
			s.log.Info("upload refused", "file", res.File, "user", u.Name, "err", err)
		} else {
			s.log.Info("upload", "file", res.File, "user", u.Name, "outcome", res.Outcome, "report", res.ReportID)
		}
		out = append(out, res)
	}
	return out, nil
}

func (s *Server) apiUpload(w http.ResponseWriter, r *http.Request) {
	res, err := s.upload(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	code := http.StatusOK
	for _, x := range res {
		if x.Error != "" {
			code = http.StatusMultiStatus
		}
	}
	writeJSON(w, code, uploadResponse{res})
}

func (s *Server) factFilter(r *http.Request) (report.FactFilter, error) {
	q := r.URL.Query()
	year, err := intParam(r, "year", 0, 0, 3000)
	if err != nil {
		return report.FactFilter{}, err
	}
	rid, err := intParam(r, "report", 0, 0, 1<<31)
	if err != nil {
		return report.FactFilter{}, err
	}
	kind := report.FactKind(q.Get("kind"))
	switch kind {
	case "", report.Target, report.Achieved, report.Commitment:
	default:
		return report.FactFilter{}, report.Errorf(report.Invalid, "kind=%q：可选 target、achieved、commitment", kind)
	}
	if len(q.Get("q")) > 200 {
		return report.FactFilter{}, report.Errorf(report.Invalid, "q 过长（最多200字节）")
	}
	return report.FactFilter{ReportID: int64(rid), Region: q.Get("region"), Year: year, Kind: kind, Indicator: q.Get("indicator"), Query: clean.Simplify(q.Get("q")), Section: q.Get("section")}, nil
}

func (s *Server) apiFacts(w http.ResponseWriter, r *http.Request) {
	f, err := s.factFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, per, err := page(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, err := intParam(r, "after", 0, 0, 1<<62)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Limit, f.AfterID = per+1, int64(after)
	if after == 0 {
		f.Offset = (p - 1) * per
	}
	docs, err := s.st.FactsJSON(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	more := len(docs) > per
	if more {
		docs = docs[:per]
	}
	// The facts go out as stored, with their ID and region spliced in:
	// decoding and encoding each one again would double the cost.
	var b bytes.Buffer
	b.WriteString(`{"items":[`)
	for i, d := range docs {
		if i > 0 {
			b.WriteByte(',')
		}
		head, _ := json.Marshal(struct {
			ID         int64  `json:"id"`
			Region     string `json:"region"`
			RegionCode string `json:"region_code"`
		}{d.ID, d.Region, d.RegionCode})
		b.Write(head[:len(head)-1])
		if body := bytes.TrimPrefix(bytes.TrimSpace(d.JSON), []byte("{")); len(body) > 1 {
			b.WriteByte(',')
			b.Write(body) // stored without id or region: ID 0 and "" are omitted
		} else {
			b.WriteByte('}')
		}
	}
	fmt.Fprintf(&b, `],"page":%d,"per_page":%d,"has_more":%t`, p, per, more)
	if more {
		fmt.Fprintf(&b, `,"next_after":%d`, docs[len(docs)-1].ID)
	}
	b.WriteString("}\n")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b.Bytes())
}

type regionJSON struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	FullName   string   `json:"full_name"`
	Rank       string   `json:"rank"`
	From       int      `json:"from"`
	To         int      `json:"to,omitempty"`
	Successors []string `json:"successors,omitempty"`
}

// apiRegions lists the divisions under parent (provinces when none),
// those in use in year when given.
func (s *Server) apiRegions(w http.ResponseWriter, r *http.Request) {
	year, err := intParam(r, "year", 0, 1949, 3000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	parent := r.URL.Query().Get("parent")
	if parent != "" && (len(parent) != 6 || strings.Trim(parent, "0123456789") != "") {
		s.fail(w, r, report.Errorf(report.Invalid, "parent=%q：须为六位行政区划代码", parent))
		return
	}
	out := []regionJSON{}
	for _, d := range identify.Divisions() {
		if !d.ValidIn(year) || !under(d.Code, parent) {
			continue
		}
		out = append(out, regionJSON{d.Code, d.Name, d.FullName(), d.Rank, d.From, d.To, d.Successors})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	writeJSON(w, http.StatusOK, regionList{parent, out})
}

// under tells a code directly below parent (a province below "", a
// prefecture below its province, a county below its prefecture).
func under(code, parent string) bool {
	switch {
	case parent == "":
		return strings.HasSuffix(code, "0000")
	case strings.HasSuffix(parent, "0000"):
		return code[:2] == parent[:2] && code != parent && (strings.HasSuffix(code, "00") || code[2:4] == "00" || code[2:4] == "90")
	case strings.HasSuffix(parent, "00"):
		return code[:4] == parent[:4] && code != parent
	}
	return false
}

func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request) {
	out := []indicatorJSON{}
	for _, e := range extract.Indicators() {
		b := "higher"
		if !e.Higher {
			b = "lower"
		}
		out = append(out, indicatorJSON{e.ID, b, e.Names})
	}
	writeJSON(w, http.StatusOK, indicatorList{out})
}

func (s *Server) apiChecks(w http.ResponseWriter, r *http.Request) {
	region := r.URL.Query().Get("region")
	if region == "" {
		s.fail(w, r, report.Errorf(report.Invalid, "请给出地区：region=名称或行政区划代码"))
		return
	}
	year, err := intParam(r, "year", 0, 0, 3000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cs, err := track.Checks(r.Context(), s.st, region, year, extract.Directions())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if cs == nil {
		cs = []track.Check{}
	}
	writeJSON(w, http.StatusOK, checkList{cs})
}

type taskJSON struct {
	report.Task
	Status   string         `json:"status"`
	Schedule track.Schedule `json:"schedule"` // 序时进度
}

func (s *Server) taskView(t report.Task) taskJSON {
	now := s.opt.Now()
	return taskJSON{t, track.Current(t.State, now), track.ScheduleOf(t, now)}
}

// taskQuery is a listing of tasks as a request asks for it.
type taskQuery struct {
	f                      report.TaskFilter
	status, schedule, unit string
	staff                  bool
}

func parseTaskQuery(r *http.Request) (taskQuery, error) {
	q := r.URL.Query()
	year, err := intParam(r, "year", 0, 0, 3000)
	if err != nil {
		return taskQuery{}, err
	}
	status := q.Get("status")
	switch status {
	case "", track.NotStarted, track.InProgress, track.Done, track.Overdue, track.Dropped:
	default:
		return taskQuery{}, report.Errorf(report.Invalid, "status=%q：可选 not_started、in_progress、done、overdue、dropped", status)
	}
	schedule := q.Get("schedule")
	switch schedule {
	case "", track.Ahead, track.OnPace, track.Behind, track.Finished, track.Late:
	default:
		return taskQuery{}, report.Errorf(report.Invalid, "schedule=%q：可选 ahead、on_pace、behind、finished、late", schedule)
	}
	return taskQuery{report.TaskFilter{Region: q.Get("region"), Year: year}, status, schedule, q.Get("unit"), participate.Staff(userOf(r))}, nil
}

// tasksFor reads the tasks a request selects in full, for exports and
// bulletins; boards read boardFor.
func (s *Server) tasksFor(r *http.Request) ([]taskJSON, error) {
	tq, err := parseTaskQuery(r)
	if err != nil {
		return nil, err
	}
	ts, err := s.tasksOf(r.Context(), tq.f)
	if err != nil {
		return nil, err
	}
	out := make([]taskJSON, 0, len(ts))
	for _, t := range ts {
		if !tq.staff {
			t = track.Public(t)
		}
		v := s.taskView(t)
		if tq.status != "" && v.Status != tq.status || tq.schedule != "" && v.Schedule.Class != tq.schedule {
			continue
		}
		if tq.unit != "" && !track.HasUnit(t.State, tq.unit) {
			continue
		}
		out = append(out, v)
	}
	return out, nil
}

// boardFor reads the board of the tasks a request selects, and which of
// its rows the request's status, schedule and unit keep.
func (s *Server) boardFor(r *http.Request) (*track.Board, []int, error) {
	tq, err := parseTaskQuery(r)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.boardOf(r.Context(), boardKey{tq.f, !tq.staff})
	if err != nil {
		return nil, nil, err
	}
	now := s.opt.Now()
	rows := make([]int, 0, b.Len())
	for i := range b.Len() {
		if tq.status != "" && b.Status(i, now) != tq.status || tq.schedule != "" && b.Schedule(i, now).Class != tq.schedule ||
			tq.unit != "" && !b.HasUnit(i, tq.unit) {
			continue
		}
		rows = append(rows, i)
	}
	return b, rows, nil
}

// boardTasks reads in full the tasks of some rows of a board, the page
// shown, as the request's reader may see them. A task removed since the
// board was read is left out.
func (s *Server) boardTasks(r *http.Request, b *track.Board, rows []int) ([]taskJSON, error) {
	ids := make([]int64, len(rows))
	for k, i := range rows {
		ids[k] = b.ID(i)
	}
	ts, err := track.LoadTasksByID(r.Context(), s.st, ids)
	if err != nil {
		return nil, err
	}
	out := make([]taskJSON, 0, len(ts))
	staff := participate.Staff(userOf(r))
	for _, t := range ts {
		if !staff {
			t = track.Public(t)
		}
		out = append(out, s.taskView(t))
	}
	return out, nil
}

func (s *Server) apiTasks(w http.ResponseWriter, r *http.Request) {
	p, per, err := page(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, rows, err := s.boardFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	shown := paginate(rows, p, per)
	ts, err := s.boardTasks(r, b, shown.Items)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, taskPage(pageOf[taskJSON]{Items: ts, Page: p, PerPage: per, HasMore: shown.HasMore}))
}

func (s *Server) apiTask(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := track.LoadTask(r.Context(), s.st, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !participate.Staff(userOf(r)) {
		*t = track.Public(*t)
	}
	writeJSON(w, http.StatusOK, s.taskView(*t))
}

// updateTask applies a change to a task as the signed-in account.
// The caller has checked the request's CSRF token.
func (s *Server) updateTask(r *http.Request, id int64, u track.Update) (*report.Task, error) {
	t, err := track.LoadTask(r.Context(), s.st, id)
	if err != nil {
		return nil, err
	}
	user := userOf(r)
	if err := track.Permit(user, t, u); err != nil {
		return nil, err
	}
	if _, err := track.Apply(r.Context(), s.st, t, u, user.Name, s.opt.Now()); err != nil {
		return nil, err
	}
	s.log.Info("task updated", "task", id, "user", user.Name)
	t, err = track.LoadTask(r.Context(), s.st, id)
	if err == nil {
		s.notifyFollowers(r.Context(), t, u.Internal)
	}
	return t, err
}

func (s *Server) apiUpdateTask(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkCSRF(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var u track.Update
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&u); err != nil {
		s.fail(w, r, report.Errorf(report.Invalid, "请求体应为更新字段组成的 JSON 对象：%v", err))
		return
	}
	t, err := s.updateTask(r, id, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.taskView(*t))
}

func (s *Server) apiImportTasks(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if err := canWrite(u); err != nil {
		s.fail(w, r, err)
		return
	}
	if u.Role != "admin" && u.Unit != "" {
		s.fail(w, r, report.Errorf(report.Forbidden, "导入分工方案会给所有单位分工，只能由督查室（管理员或不属于任何单位的编辑）进行"))
		return
	}
	if err := s.parseUpload(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	f, fh, err := r.FormFile("file")
	if err != nil {
		s.fail(w, r, report.Errorf(report.Invalid, "没有文件（字段 file）"))
		return
	}
	raw, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := export.ReadTable(fh.Filename, raw)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year, err := intParam(r, "year", 0, 0, 3000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reportID, err := intParam(r, "report", 0, 0, math.MaxInt64)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	res, err := track.Import(r.Context(), s.st, track.ImportRequest{Name: fh.Filename, Raw: raw, Rows: rows,
		Filter: report.TaskFilter{Region: q.Get("region"), Year: year, ReportID: int64(reportID)}, Actor: u.Name,
		AddUnmatched: q.Get("add_unmatched") == "true", Partial: q.Get("partial") == "true"})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	code := http.StatusOK
	if !res.Imported {
		code = http.StatusUnprocessableEntity
	}
	writeJSON(w, code, importResponse{res.Imported, res.Good, res.Bad, append([]int64{}, res.NewIDs...), append([]track.RowResult{}, res.Rows...)})
}

func (s *Server) apiExportTasks(w http.ResponseWriter, r *http.Request) {
	ts, err := s.tasksFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tasks := make([]report.Task, len(ts))
	status := map[int64]string{}
	for i, t := range ts {
		tasks[i] = t.Task
		status[t.ID] = t.Status
	}
	rows := track.ExportRows(tasks, func(t report.Task) string { return status[t.ID] }, s.opt.Now())
	s.sendTable(w, r, "任务台账", export.Slice(rows))
}

// sendTable writes a table as it is read: CSV straight to the client,
// XLSX through a buffer (a half-written workbook is no file), so that a
// failure midway can still be answered as an error.
func (s *Server) sendTable(w http.ResponseWriter, r *http.Request, name string, rows export.Rows) {
	switch r.URL.Query().Get("format") {
	case "", "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		if err := export.WriteCSVRows(w, rows); err != nil {
			s.log.Warn("export cut short", "name", name, "err", err)
		}
	case "xlsx":
		var buf bytes.Buffer
		if err := export.WriteXLSXRows(&buf, name, rows); err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		w.Write(buf.Bytes())
	default:
		s.fail(w, r, report.Errorf(report.Invalid, "format=%q：可选 csv 或 xlsx", r.URL.Query().Get("format")))
	}
}

// exportPage is how many facts an export reads at a time.
var exportPage = 2000

// apiExportFacts exports facts for researchers, each with its evidence.
func (s *Server) apiExportFacts(w http.ResponseWriter, r *http.Request) {
	f, err := s.factFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	header := []string{"地区", "行政区划代码", "年份", "类型", "指标", "规范指标", "动作", "数值", "单位", "增长(%)", "变化(百分点)", "下限", "上限", "限定", "预计", "章节", "原文", "报告", "文件", "起始字节", "结束字节"}
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return trimNum(*v)
	}
	str := func(v *string) string {
		if v == nil {
			return ""
		}
		return *v
	}
	// The facts are read a page at a time after the last one sent, so an
	// export of them all holds one page in memory, not the corpus.
	rows := func(yield func([]string) error) error {
		if err := yield(header); err != nil {
			return err
		}
		f.Limit = exportPage
		for {
			facts, err := s.st.Facts(r.Context(), f)
			if err != nil {
				return err
			}
			for _, x := range facts {
				y := ""
				if x.Year != nil {
					y = itoa(*x.Year)
				}
				est := ""
				if x.Estimated {
					est = "是"
				}
				if err := yield([]string{x.Region, x.RegionCode, y, string(x.Kind), x.Indicator, str(x.Canonical), str(x.Action), num(x.Value), str(x.Unit),
					num(x.Growth), num(x.ChangePP), num(x.Low), num(x.High), x.Qualifier, est, str(x.Section), x.Quote, itoa(int(x.ReportID)), x.File, itoa(x.Start), itoa(x.End)}); err != nil {
					return err
				}
			}
			if len(facts) < f.Limit {
				return nil
			}
			f.AfterID = facts[len(facts)-1].ID
		}
	}
	s.sendTable(w, r, "事实", rows)
}

// evidenceFile keeps the file of a multipart form's field, if any.
func (s *Server) evidenceFile(r *http.Request, field string) (string, error) {
	if r.MultipartForm == nil {
		return "", nil
	}
	f, fh, err := r.FormFile(field)
	if err == http.ErrMissingFile {
		return "", nil
	}
	if err != nil {
		return "", report.Errorf(report.Invalid, "佐证文件：%v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return "", err
	}
	if len(data) == 0 {
		return "", nil
	}
	return s.st.AddEvidence(r.Context(), filepath.Base(fh.Filename), data)
}

func (s *Server) apiAddEvidence(w http.ResponseWriter, r *http.Request) {
	if err := canWrite(userOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.parseUpload(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	sha, err := s.evidenceFile(r, "file")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sha == "" {
		s.fail(w, r, report.Errorf(report.Invalid, "没有文件（字段 file）"))
		return
	}
	writeJSON(w, http.StatusOK, evidenceRef{sha, "/api/v1/evidence/" + sha})
}

func (s *Server) apiEvidence(w http.ResponseWriter, r *http.Request) {
	sha := r.PathValue("sha256")
	if !participate.Staff(userOf(r)) {
		internal, err := s.internalOnly(r.Context(), sha)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if internal {
			s.fail(w, r, report.Errorf(report.NotFound, "证据文件 %s 不公开", sha))
			return
		}
	}
	name, data, err := s.st.Evidence(r.Context(), sha)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", http.DetectContentType(data))
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(name, `"`, "")+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(data)
}

// internalOnly tells a file given only as internal evidence: no public
// event of any task names it.
func (s *Server) internalOnly(ctx context.Context, sha string) (bool, error) {
	ts, err := s.tasksOf(ctx, report.TaskFilter{})
	if err != nil {
		return false, err
	}
	internal := false
	for _, t := range ts {
		for _, e := range t.Events {
			if e.Data["evidence_file"] == sha {
				if !track.Internal(e) {
					return false, nil
				}
				internal = true
			}
		}
	}
	return internal, nil
}

// parseUpload reads a multipart request within the upload limit and
// checks its CSRF token.
func (s *Server) parseUpload(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return report.Errorf(report.Invalid, "不是文件上传（multipart）请求：%v", err)
	}
	return checkCSRF(r)
}
