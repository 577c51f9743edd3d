package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/export"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/review"
	"github.com/baogao/baogao/internal/track"
)

// pageReview is the review queue: facts in order of doubt, each with its
// context and, for an account that may write, the forms to decide.
func (s *Server) pageReview(w http.ResponseWriter, r *http.Request) {
	items, err := review.Queue(r.Context(), s.st, report.ReportFilter{Region: r.URL.Query().Get("region")}, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "review", map[string]any{"Items": items, "Region": r.URL.Query().Get("region"), "CanWrite": canWrite(userOf(r)) == nil})
}

// formReview records a decision made on the review page.
func (s *Server) formReview(w http.ResponseWriter, r *http.Request) {
	if err := canWrite(userOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseMultipartForm(64 << 10); err != nil && err != http.ErrNotMultipart {
		s.fail(w, r, report.Errorf(report.Invalid, "表单无法读取"))
		return
	}
	if err := checkCSRF(r); err != nil {
		s.fail(w, r, err)
		return
	}
	sets := strings.Fields(r.PostForm.Get("set"))
	if _, err := s.addReview(r, id, r.PostForm.Get("action"), r.PostForm.Get("note"), sets); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/review", http.StatusSeeOther)
}

// apiReview records a review: {"action":"correct","set":{"value":"950"},"note":"…"}.
func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) {
	if err := canWrite(userOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkCSRF(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var body struct {
		Action string            `json:"action"`
		Note   string            `json:"note"`
		Set    map[string]string `json:"set"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		s.fail(w, r, report.Errorf(report.Invalid, `请求体应为 JSON 对象 {"action":"confirm|correct|reject","set":{"value":"950"},"note":"…"}：%v`, err))
		return
	}
	var sets []string
	for k, v := range body.Set {
		sets = append(sets, k+"="+v)
	}
	sort.Strings(sets)
	rv, err := s.addReview(r, id, body.Action, body.Note, sets)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rv)
}

func (s *Server) addReview(r *http.Request, id int64, action, note string, sets []string) (*report.Review, error) {
	rv := &report.Review{FactID: id, Action: action, Note: note, By: userOf(r).Name, At: s.opt.Now()}
	if err := review.Record(r.Context(), s.st, rv, sets); err != nil {
		return nil, err
	}
	s.log.Info("fact reviewed", "fact", id, "action", action, "user", rv.By)
	return rv, nil
}

// pageBulletin is the 督查通报 for ?year= as of the end of ?month= (or
// today), as a page to print, or with ?format=docx as a Word file.
func (s *Server) pageBulletin(w http.ResponseWriter, r *http.Request) {
	year, err := intParam(r, "year", 0, 1949, 2100)
	if err != nil || year == 0 {
		s.fail(w, r, report.Errorf(report.Invalid, "请给出年份：/tasks/report?year=2024&month=6"))
		return
	}
	month, err := intParam(r, "month", 0, 0, 12)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ts, err := s.tasksFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	asOf := s.opt.Now()
	if month > 0 {
		asOf = time.Date(year, time.Month(month)+1, 0, 23, 0, 0, 0, time.Local)
	}
	tasks := make([]report.Task, len(ts))
	for i := range ts {
		tasks[i] = ts[i].Task
	}
	b := track.NewBulletin(tasks, year, asOf)
	switch r.URL.Query().Get("format") {
	case "docx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="督查通报-%d.docx"`, year))
		if err := export.WriteDOCX(w, b.Paragraphs()); err != nil {
			s.log.Warn("bulletin cut short", "err", err)
		}
	case "", "html":
		s.render(w, r, "bulletin", map[string]any{"Bulletin": b, "Paragraphs": b.Paragraphs(), "Year": year, "Month": month})
	default:
		s.fail(w, r, report.Errorf(report.Invalid, "format=%q：可选 html 或 docx", r.URL.Query().Get("format")))
	}
}
