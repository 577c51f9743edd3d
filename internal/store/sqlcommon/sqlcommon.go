// Package sqlcommon holds what the SQL backends (sqlite, postgres) share,
// so that they encode, filter and page alike.
package sqlcommon

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/baogao/baogao/internal/report"
)

// PackU32 encodes a MinHash signature as little-endian bytes.
func PackU32(v []uint32) []byte {
	out := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(out[4*i:], x)
	}
	return out
}

// UnpackU32 decodes what PackU32 wrote.
func UnpackU32(b []byte) []uint32 {
	out := make([]uint32, len(b)/4)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}

// IsCanonicalID tells a lexicon id (gdp, general_budget_revenue) from an
// indicator name as written.
func IsCanonicalID(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// NonNil returns v, or an empty slice for nil, so that it encodes as [].
func NonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// LikeEscape escapes LIKE's wildcards in a filter value, for a pattern
// written with ESCAPE '\'.
func LikeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Contains is the LIKE pattern that finds s anywhere.
func Contains(s string) string { return "%" + LikeEscape(s) + "%" }

// SearchScan bounds the hits a search reads in the index's own order
// before it ranks them: ranking costs a lookup per hit, and a common word
// has hundreds of thousands of them. Beyond the bound the counts are lower
// bounds (Capped) and the best of the hits read are shown; when filters
// leave too few of those, every hit is read.
const SearchScan = 400

// Page counts hits by year and region, ranks them (lower scores first)
// and cuts out the page the query asks for; the hits' texts are left to
// the backend.
func Page(hits []report.SearchHit, capped bool, q report.SearchQuery) *report.SearchResult {
	if capped && len(hits) > SearchScan {
		hits = hits[:SearchScan] // the one read past the bound only told it was reached
	}
	res := &report.SearchResult{ByYear: map[int]int{}, ByRegion: map[string]int{}, Total: len(hits), Capped: capped}
	for _, h := range hits {
		res.ByYear[h.Year]++
		res.ByRegion[h.Region]++
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score < hits[j].Score })
	from := min(max(q.Offset, 0), len(hits))
	to := len(hits)
	if q.Limit > 0 {
		to = min(from+q.Limit, len(hits))
	}
	res.Hits = hits[from:to]
	return res
}

// NeedAll tells whether a capped read left too few hits for the page
// asked, so that every hit must be read.
func NeedAll(hits []report.SearchHit, capped bool, q report.SearchQuery) bool {
	return capped && (q.Limit == 0 || len(hits) < q.Offset+q.Limit)
}

// DecodeFacts turns facts as stored into facts, with the ID and region
// the row holds beside the JSON.
func DecodeFacts(docs []report.FactJSON) ([]report.Fact, error) {
	out := make([]report.Fact, len(docs))
	for i, d := range docs {
		// go-json decodes a fact 4.5× as fast as encoding/json: reading
		// facts back was most of the evidence pass after an import.
		if err := gojson.Unmarshal(d.JSON, &out[i]); err != nil {
			return nil, fmt.Errorf("fact %d: %w", d.ID, err)
		}
		out[i].ID, out[i].Region, out[i].RegionCode = d.ID, d.Region, d.RegionCode
	}
	return out, nil
}

// DecodeEventData reads a task event's data as stored, a JSON object of
// strings; through go-json, as facts are: a board reads every event of
// its tasks.
func DecodeEventData(data string) (map[string]string, error) {
	var m map[string]string
	err := gojson.Unmarshal([]byte(data), &m)
	return m, err
}

// IsCode tells a 行政区划代码 (six digits) from a region's name. A name
// never holds digits, so a code filters by the code alone, through its
// index, not by a scan for the name.
func IsCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ShiftedFacts decodes a report's stored facts and moves their years by
// delta (a person corrected the report's year): the facts to write back,
// each with its ID, and the JSON to store for each, which holds no ID.
func ShiftedFacts(docs []report.FactJSON, delta int) ([]report.Fact, []string, error) {
	facts, err := DecodeFacts(docs)
	if err != nil {
		return nil, nil, err
	}
	report.ShiftYears(facts, delta)
	bodies := make([]string, len(facts))
	for i := range facts {
		f := facts[i]
		f.ID = 0
		b, _ := json.Marshal(f)
		bodies[i] = string(b)
	}
	return facts, bodies, nil
}

// FillHits gives each hit of a page its passage's text and its report's
// file names, read by the backend: text reads bytes [start, end) of a
// source's cleaned text, names a report's file names (once a report).
func FillHits(res *report.SearchResult, text func(h report.SearchHit) ([]byte, error), names func(reportID int64) ([]string, error)) error {
	files := map[int64][]string{}
	for i := range res.Hits {
		h := &res.Hits[i]
		b, err := text(*h)
		if err != nil {
			return err
		}
		h.Text = string(b)
		if _, ok := files[h.ReportID]; !ok {
			if files[h.ReportID], err = names(h.ReportID); err != nil {
				return err
			}
		}
		h.Files = files[h.ReportID]
	}
	return nil
}

// PrepareReview checks a review before it is stored and returns the
// corrected fact's JSON (nil unless the review corrects); a review
// without a time is dated now.
func PrepareReview(r *report.Review, now time.Time) (*string, error) {
	if r.By == "" {
		return nil, report.Errorf(report.Invalid, "审核须写明审核人")
	}
	if r.At.IsZero() {
		r.At = now
	}
	if r.Action != report.Correct {
		return nil, nil
	}
	if r.Fact == nil {
		return nil, report.Errorf(report.Invalid, "更正须给出更正后的事实")
	}
	b, _ := json.Marshal(r.Fact)
	body := string(b)
	return &body, nil
}

// FactsToAdd checks that facts added by a revision name their source.
func FactsToAdd(add []report.Fact) error {
	for _, f := range add {
		if f.SourceID <= 0 {
			return report.Errorf(report.Invalid, "要添加的事实没有指明来源")
		}
	}
	return nil
}

// TaskColumns are the columns of a task as ScanTask reads them, from the
// table aliased t.
const TaskColumns = `t.id, coalesce(t.fact_id, 0), t.report_id, t.region, t.region_code, t.year, t.title, t.quote, coalesce(t.origin_file, ''), coalesce(t.origin_row, 0)`

// TaskHeadColumns are the columns of a report.TaskHead, over tasks t: the
// last event is read from the task's own events, which an index on
// (task_id, seq) holds.
const TaskHeadColumns = `t.id, coalesce((SELECT max(e.id) FROM task_events e WHERE e.task_id = t.id), 0), t.region, t.region_code, t.year`

// TaskWhere is the WHERE clause of a task filter, over tasks t; arg
// binds a value and returns its placeholder (? or $n).
func TaskWhere(f report.TaskFilter, arg func(v any) string) string {
	where := ` WHERE 1=1`
	if IsCode(f.Region) {
		where += ` AND t.region_code = ` + arg(f.Region)
	} else if f.Region != "" {
		where += ` AND (t.region LIKE ` + arg(Contains(f.Region)) + ` ESCAPE '\' OR t.region_code = ` + arg(f.Region) + `)`
	}
	if f.Year != 0 {
		where += ` AND t.year = ` + arg(f.Year)
	}
	if f.ReportID != 0 {
		where += ` AND t.report_id = ` + arg(f.ReportID)
	}
	return where
}

// Rows is what both drivers' query results offer to read them row by row.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// TaskHeads reads the rows of a query of TaskHeadColumns.
func TaskHeads(rows Rows) ([]report.TaskHead, error) {
	var out []report.TaskHead
	for rows.Next() {
		var h report.TaskHead
		if err := rows.Scan(&h.ID, &h.LastEvent, &h.Region, &h.RegionCode, &h.Year); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// ScanTask reads a row of TaskColumns.
func ScanTask(scan func(dest ...any) error) (report.Task, error) {
	var t report.Task
	var file string
	var row int
	if err := scan(&t.ID, &t.FactID, &t.ReportID, &t.Region, &t.RegionCode, &t.Year, &t.Title, &t.Quote, &file, &row); err != nil {
		return t, err
	}
	if file != "" {
		t.Origin = &report.Origin{File: file, Row: row}
	}
	return t, nil
}

// CheckNewTasks refuses an office task that would not point to the row it
// came from, before anything is written.
func CheckNewTasks(tasks []report.NewTask) error {
	for i, t := range tasks {
		switch {
		case t.ReportID == 0:
			return report.Errorf(report.Invalid, "新任务 %d 没有所属报告", i+1)
		case len(t.Origin.File) != 64 || t.Origin.Row <= 0:
			return report.Errorf(report.Invalid, "新任务 %d 须注明来源文件和行号", i+1)
		case strings.TrimSpace(t.Title) == "" || t.Quote == "":
			return report.Errorf(report.Invalid, "新任务 %d 没有任务内容", i+1)
		case t.Actor == "":
			return report.Errorf(report.Invalid, "新任务 %d 没有记录人", i+1)
		}
	}
	return nil
}

// CreatedFromPlan is the data of the first event of an office task.
func CreatedFromPlan(o report.Origin) string {
	b, _ := json.Marshal(map[string]string{"from": "plan", "file": o.File, "row": fmt.Sprint(o.Row)})
	return string(b)
}

// AttachEvents gives each task its run of events, read in task and seq
// order, as slices of the one array they were read into: tens of
// thousands of tasks each growing a slice of its own cost more than the
// reading.
func AttachEvents(tasks []report.Task, byID map[int64]int, events []report.Event) {
	for from := 0; from < len(events); {
		to := from + 1
		for to < len(events) && events[to].TaskID == events[from].TaskID {
			to++
		}
		if i, ok := byID[events[from].TaskID]; ok {
			tasks[i].Events = events[from:to:to] // full: an append copies, never writes into the next task's events
		}
		from = to
	}
}

// CountsQuery sums up a record in one row, as CountsInto reads it; the
// facts are counted by kind through the kind index.
const CountsQuery = `SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM sources),
	(SELECT count(DISTINCT region_code) FROM reports WHERE region_code <> ''),
	(SELECT coalesce(min(year), 0) FROM reports WHERE year > 0), (SELECT coalesce(max(year), 0) FROM reports),
	(SELECT count(*) FROM tasks),
	(SELECT count(*) FROM facts WHERE kind = 'target'), (SELECT count(*) FROM facts WHERE kind = 'achieved'),
	(SELECT count(*) FROM facts WHERE kind = 'commitment')`

// CountsInto is where a row of CountsQuery goes.
func CountsInto(c *report.Counts) []any {
	return []any{&c.Reports, &c.Sources, &c.Regions, &c.FromYear, &c.ToYear, &c.Tasks, &c.Targets, &c.Achieved, &c.Commitments}
}
