// Package storetest is the conformance suite that every report.Store
// backend runs, so that backends cannot drift apart.
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/report"
)

// Run runs the suite; open returns a new, empty store.
func Run(t *testing.T, open func(t *testing.T) report.Store) {
	tests := map[string]func(t *testing.T, st report.Store){
		"AddAndGet":         testAddAndGet,
		"HashLookup":        testHashLookup,
		"DuplicateRefused":  testDuplicateRefused,
		"AddSource":         testAddSource,
		"Filters":           testFilters,
		"Facts":             testFacts,
		"NotFound":          testNotFound,
		"Tasks":             testTasks,
		"OfficeTasks":       testOfficeTasks,
		"FactsJSON":         testFactsJSON,
		"CorrectIdentity":   testCorrectIdentity,
		"Search":            testSearch,
		"ConcurrentWriters": testConcurrentWriters,
		"LikeIsLiteral":     testLikeIsLiteral,
		"Participation":     testParticipation,
		"Tokens":            testTokens,
		"Reviews":           testReviews,
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			defer st.Close()
			fn(t, st)
		})
	}
}

var ctx = context.Background()

func sampleReport(sha, region, code string, year int) *report.Report {
	return &report.Report{
		Identity: report.Identity{Region: region, RegionCode: code, Level: report.LevelDistrict, Year: year, Title: region + "政府工作报告", Kind: report.KindAnnual},
		Sources: []report.Source{{
			Path: "/in/" + sha + ".txt", SHA256: sha, Format: "text", Encoding: "utf-8",
			Raw: []byte("原始字节 " + sha), Clean: "清理后文本 " + sha, Offsets: clean.EncodeOffsets(clean.Identity("清理后文本 " + sha)),
			Summary: report.Summary{Removed: map[string]int{"preamble": 1}, Repaired: map[string]int{"朂→最": 2}, RawBytes: 10, Runes: 5},
			MinHash: []uint32{1, 2, 3}, Uploader: "督查室",
		}},
	}
}

func f64(v float64) *float64 { return &v }
func str(s string) *string   { return &s }
func year(y int) *int        { return &y }

func testAddAndGet(t *testing.T, st report.Store) {
	r := sampleReport("aa", "江苏省盐城市亭湖区", "320902", 2020)
	if err := st.AddReport(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	if r.ID == 0 || r.Sources[0].ID == 0 {
		t.Fatalf("IDs not set: %d %d", r.ID, r.Sources[0].ID)
	}
	got, err := st.Report(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r.Identity, got.Identity); diff != "" {
		t.Errorf("identity (-want +got):\n%s", diff)
	}
	if len(got.Sources) != 1 {
		t.Fatalf("%d sources", len(got.Sources))
	}
	s := got.Sources[0]
	if s.Uploader != "督查室" {
		t.Errorf("the uploader is not kept: %q", s.Uploader)
	}
	if string(s.Raw) != "原始字节 aa" || s.Clean != "清理后文本 aa" || string(s.Offsets) != string(clean.EncodeOffsets(clean.Identity("清理后文本 aa"))) || s.Summary.Repaired["朂→最"] != 2 {
		t.Errorf("source not kept byte for byte: %+v", s)
	}
	if diff := cmp.Diff([]uint32{1, 2, 3}, s.MinHash); diff != "" {
		t.Errorf("minhash (-want +got):\n%s", diff)
	}
	head, err := st.ReportHeader(ctx, r.ID)
	if err != nil || head.ID != r.ID || len(head.Sources) != 0 || !cmp.Equal(r.Identity, head.Identity) {
		t.Errorf("header: %v %+v", err, head)
	}
}

func testHashLookup(t *testing.T, st report.Store) {
	r := sampleReport("bb", "浙江省宁波市镇海区", "330211", 2012)
	if err := st.AddReport(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	src, err := st.SourceByHash(ctx, "bb")
	if err != nil || src.ReportID != r.ID {
		t.Fatalf("SourceByHash: %v %+v", err, src)
	}
	if _, err := st.SourceByHash(ctx, "nope"); report.KindOf(err) != report.NotFound {
		t.Errorf("missing hash: %v, want NotFound", err)
	}
}

func testDuplicateRefused(t *testing.T, st report.Store) {
	if err := st.AddReport(ctx, sampleReport("cc", "甲", "1", 2020), nil); err != nil {
		t.Fatal(err)
	}
	err := st.AddReport(ctx, sampleReport("cc", "乙", "2", 2021), []report.Fact{{Kind: report.Target, Indicator: "x", SourceID: -1}})
	if report.KindOf(err) != report.Conflict {
		t.Fatalf("second add of the same bytes: %v, want Conflict", err)
	}
	// Nothing of the failed add remains: one report, no facts.
	rs, _ := st.Reports(ctx, report.ReportFilter{})
	fs, _ := st.Facts(ctx, report.FactFilter{})
	if len(rs) != 1 || len(fs) != 0 {
		t.Errorf("after a failed add: %d reports, %d facts", len(rs), len(fs))
	}
}

func testAddSource(t *testing.T, st report.Store) {
	r := sampleReport("dd", "江苏省苏州市", "320500", 2020)
	r.Identity.Partial = true
	if err := st.AddReport(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	id := r.Identity
	id.Partial = false
	id.Speaker = "某某"
	page := sampleReport("ee", "", "", 0).Sources[0]
	page.Page, page.Pages = 1, 2
	if err := st.AddSource(ctx, r.ID, id, &page, []report.Fact{{Kind: report.Commitment, Indicator: "养老机构床位", SourceID: -1, Start: 1, End: 2}}); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Report(ctx, r.ID)
	if len(got.Sources) != 2 || got.Identity.Partial || got.Identity.Speaker != "某某" {
		t.Errorf("after AddSource: %d sources, identity %+v", len(got.Sources), got.Identity)
	}
	if got.Sources[0].Page != 0 || got.Sources[1].Page != 1 {
		t.Errorf("sources not in page order")
	}
	fs, _ := st.Facts(ctx, report.FactFilter{ReportID: r.ID})
	if len(fs) != 1 || fs[0].SourceID != page.ID {
		t.Errorf("facts %+v, want one on source %d", fs, page.ID)
	}
	if err := st.AddSource(ctx, 9999, id, &report.Source{SHA256: "zz"}, nil); report.KindOf(err) != report.NotFound {
		t.Errorf("AddSource to a missing report: %v", err)
	}
}

func testFilters(t *testing.T, st report.Store) {
	for i, c := range []struct {
		region, code string
		year         int
	}{{"江苏省盐城市亭湖区", "320902", 2019}, {"江苏省盐城市亭湖区", "320902", 2020}, {"浙江省舟山市普陀区", "330903", 2020}} {
		if err := st.AddReport(ctx, sampleReport(string(rune('f'+i)), c.region, c.code, c.year), nil); err != nil {
			t.Fatal(err)
		}
	}
	count := func(f report.ReportFilter) int {
		rs, err := st.Reports(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(rs)
	}
	for _, c := range []struct {
		f    report.ReportFilter
		want int
	}{
		{report.ReportFilter{}, 3},
		{report.ReportFilter{Region: "亭湖"}, 2},
		{report.ReportFilter{Region: "330903"}, 1},
		{report.ReportFilter{Year: 2020}, 2},
		{report.ReportFilter{Region: "亭湖", Year: 2020}, 1},
		{report.ReportFilter{Level: report.LevelCity}, 0},
	} {
		if got := count(c.f); got != c.want {
			t.Errorf("Reports(%+v) = %d, want %d", c.f, got, c.want)
		}
	}
	rs, _ := st.Reports(ctx, report.ReportFilter{})
	if len(rs[0].Sources) != 1 || rs[0].Sources[0].Raw != nil {
		t.Errorf("listing should carry source metadata without raw bytes")
	}
	sigs, err := st.Signatures(ctx)
	if err != nil || len(sigs) != 3 || len(sigs[0].MinHash) != 3 {
		t.Errorf("signatures %v %+v", err, sigs)
	}
}

func testFacts(t *testing.T, st report.Store) {
	r := sampleReport("ff", "江苏省盐城市亭湖区", "320902", 2020)
	facts := []report.Fact{
		{File: "a.txt", Kind: report.Target, Indicator: "地区生产总值", Canonical: str("gdp"), Year: year(2020), Growth: f64(6), Qualifier: "左右", Quote: "地区生产总值增长6%左右", Section: str("targets"), SourceID: -1, Start: 10, End: 40},
		{File: "a.txt", Kind: report.Achieved, Indicator: "一般公共预算收入", Canonical: str("general_budget_revenue"), Year: year(2019), Value: f64(37.12), Unit: str("亿元"), SourceID: -1, Start: 50, End: 80},
		{File: "a.txt", Kind: report.Commitment, Indicator: "养老机构床位", Action: str("新建"), Year: year(2020), Value: f64(1000), Unit: str("张"), SourceID: -1, Start: 90, End: 120},
	}
	if err := st.AddReport(ctx, r, facts); err != nil {
		t.Fatal(err)
	}
	all, err := st.Facts(ctx, report.FactFilter{})
	if err != nil || len(all) != 3 {
		t.Fatalf("%v, %d facts", err, len(all))
	}
	want := facts[0]
	want.ReportID, want.SourceID = r.ID, r.Sources[0].ID
	want.Region, want.RegionCode = "江苏省盐城市亭湖区", "320902"
	if diff := cmp.Diff(want, all[0]); diff != "" {
		t.Errorf("fact round trip (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		f    report.FactFilter
		want int
	}{
		{report.FactFilter{Kind: report.Target}, 1},
		{report.FactFilter{Year: 2020}, 2},
		{report.FactFilter{Indicator: "gdp"}, 1},
		{report.FactFilter{Indicator: "预算"}, 1},
		{report.FactFilter{Region: "亭湖", Kind: report.Commitment}, 1},
		{report.FactFilter{Region: "普陀"}, 0},
		{report.FactFilter{Section: "targets"}, 1},
		{report.FactFilter{Limit: 2}, 2},
	} {
		got, err := st.Facts(ctx, c.f)
		if err != nil || len(got) != c.want {
			t.Errorf("Facts(%+v) = %d (%v), want %d", c.f, len(got), err, c.want)
		}
	}
}

func testNotFound(t *testing.T, st report.Store) {
	if _, err := st.Report(ctx, 42); report.KindOf(err) != report.NotFound {
		t.Errorf("Report(42): %v, want NotFound", err)
	}
	if _, err := st.ReportHeader(ctx, 42); report.KindOf(err) != report.NotFound {
		t.Errorf("ReportHeader(42): %v, want NotFound", err)
	}
}

func testTasks(t *testing.T, st report.Store) {
	r := sampleReport("tt", "江苏省苏州市", "320500", 2020)
	r.Identity.PlanTo = 2020
	facts := []report.Fact{
		{Kind: report.Commitment, Indicator: "养老机构床位", Action: str("新建"), Year: year(2020), Value: f64(1000), Unit: str("张"), Quote: "新建养老机构床位1000张", SourceID: -1},
		{Kind: report.Achieved, Indicator: "地区生产总值", Year: year(2019), Growth: f64(6), SourceID: -1},
		{Kind: report.Commitment, Indicator: "学位", Action: str("新增"), Year: year(2020), Value: f64(4.8), Unit: str("万个"), Quote: "新增学位4.8万个", SourceID: -1},
	}
	if err := st.AddReport(ctx, r, facts); err != nil {
		t.Fatal(err)
	}
	tasks, err := st.Tasks(ctx, report.TaskFilter{Region: "苏州"})
	if err != nil || len(tasks) != 2 {
		t.Fatalf("every commitment becomes a task: %v %d", err, len(tasks))
	}
	tk := tasks[0]
	if tk.Title != "新建养老机构床位" || tk.Year != 2020 || tk.FactID != facts[0].ID || len(tk.Events) != 1 || tk.Events[0].Kind != "created" {
		t.Errorf("task %+v", tk)
	}
	add := func(id int64, after int, kinds ...string) error {
		var evs []report.Event
		for _, k := range kinds {
			evs = append(evs, report.Event{Actor: "督查室", Kind: k, Data: map[string]string{"text": k}})
		}
		return st.AppendEvents(ctx, []report.EventBatch{{TaskID: id, AfterSeq: after, Events: evs}})
	}
	if err := add(tk.ID, 1, "assign", "progress"); err != nil {
		t.Fatal(err)
	}
	if err := add(tk.ID, 1, "progress"); report.KindOf(err) != report.Conflict {
		t.Errorf("a writer that missed an update: %v, want Conflict", err)
	}
	// All or nothing: a good batch and a stale one write nothing.
	err = st.AppendEvents(ctx, []report.EventBatch{
		{TaskID: tasks[1].ID, AfterSeq: 1, Events: []report.Event{{Actor: "a", Kind: "progress", Data: map[string]string{}}}},
		{TaskID: tk.ID, AfterSeq: 1, Events: []report.Event{{Actor: "a", Kind: "progress", Data: map[string]string{}}}},
	})
	if report.KindOf(err) != report.Conflict {
		t.Errorf("mixed batches: %v", err)
	}
	got, err := st.Task(ctx, tasks[1].ID)
	if err != nil || len(got.Events) != 1 {
		t.Errorf("a failed call wrote events: %v %d", err, len(got.Events))
	}
	got, _ = st.Task(ctx, tk.ID)
	if len(got.Events) != 3 || got.Events[2].Seq != 3 || got.Events[2].Actor != "督查室" || got.Events[2].Data["text"] != "progress" {
		t.Errorf("events %+v", got.Events)
	}
	// Many batches at once (an evidence pass): all or nothing, a task's
	// batches in turn, a stale one refused.
	many := func(stale bool) []report.EventBatch {
		var bs []report.EventBatch
		for k := 0; k < 40; k++ {
			id, after := tasks[1].ID, 1+k
			if k%2 == 0 {
				id, after = tk.ID, 3+k/2
			} else {
				after = 1 + k/2
			}
			if stale && k == 39 {
				after = 1
			}
			bs = append(bs, report.EventBatch{TaskID: id, AfterSeq: after, Events: []report.Event{{Actor: "baogao", Kind: "progress", Data: map[string]string{"k": fmt.Sprint(k)}}}})
		}
		return bs
	}
	if err := st.AppendEvents(ctx, many(true)); report.KindOf(err) != report.Conflict {
		t.Errorf("many batches, the last stale: %v, want Conflict", err)
	}
	if got, _ := st.Task(ctx, tk.ID); len(got.Events) != 3 {
		t.Errorf("a refused call of many batches wrote %d events", len(got.Events)-3)
	}
	if err := st.AppendEvents(ctx, many(false)); err != nil {
		t.Fatalf("many batches: %v", err)
	}
	if got, _ := st.Task(ctx, tasks[1].ID); len(got.Events) != 21 || got.Events[20].Seq != 21 || got.Events[20].Data["k"] != "39" {
		t.Errorf("after many batches: %d events, last %+v", len(got.Events), got.Events[len(got.Events)-1])
	}
	got, _ = st.Task(ctx, tk.ID)
	// Heads list the filter's tasks in Tasks' order, each with its last
	// event: the one just appended for tk, the creation for the other.
	heads, err := st.TaskHeads(ctx, report.TaskFilter{Region: "苏州"})
	if err != nil || len(heads) != 2 || heads[0].ID != tk.ID || heads[1].ID != tasks[1].ID {
		t.Fatalf("heads %+v (%v)", heads, err)
	}
	other, _ := st.Task(ctx, tasks[1].ID)
	if heads[0].LastEvent != got.Events[len(got.Events)-1].ID || heads[1].LastEvent != other.Events[len(other.Events)-1].ID || heads[0].Year != 2020 || heads[0].RegionCode != "320500" || heads[0].Region != "江苏省苏州市" {
		t.Errorf("heads %+v, want last events %d and %d", heads, got.Events[len(got.Events)-1].ID, other.Events[len(other.Events)-1].ID)
	}
	// Tasks by id: in id order, each as Task reads it, a missing id left out.
	byID, err := st.TasksByID(ctx, []int64{tasks[1].ID, 999, tk.ID})
	if err != nil || len(byID) != 2 || byID[0].ID != min(tk.ID, tasks[1].ID) {
		t.Fatalf("TasksByID: %+v (%v)", byID, err)
	}
	for _, b := range byID {
		one, _ := st.Task(ctx, b.ID)
		if !reflect.DeepEqual(b, *one) {
			t.Errorf("TasksByID read task %d as\n%+v\nTask reads\n%+v", b.ID, b, *one)
		}
	}
	if none, err := st.TasksByID(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("TasksByID of no ids: %+v (%v)", none, err)
	}
	if hs, err := st.TaskHeads(ctx, report.TaskFilter{Year: 2021}); err != nil || len(hs) != 0 {
		t.Errorf("heads of another year: %+v (%v)", hs, err)
	}
	if _, err := st.Task(ctx, 999); report.KindOf(err) != report.NotFound {
		t.Errorf("Task(999): %v", err)
	}
	if err := add(999, 1, "progress"); report.KindOf(err) != report.NotFound {
		t.Errorf("events for a missing task: %v", err)
	}
	c, err := st.Counts(ctx)
	if err != nil || c.Reports != 1 || c.Sources != 1 || c.Regions != 1 || c.FromYear != 2020 || c.ToYear != 2020 || c.Tasks != 2 ||
		c.Commitments != 2 || c.Achieved != 1 || c.Targets != 0 {
		t.Errorf("counts %+v (%v)", c, err)
	}
}

// testOfficeTasks: a task added from a row of the office's sheet points to
// that row of the kept file, and is written with the other rows' events
// or not at all.
func testOfficeTasks(t *testing.T, st report.Store) {
	r := sampleReport("ot", "江苏省苏州市", "320500", 2020)
	facts := []report.Fact{{Kind: report.Commitment, Indicator: "学位", Action: str("新增"), Year: year(2020), Value: f64(4.8), Unit: str("万个"), Quote: "新增学位4.8万个", SourceID: -1}}
	if err := st.AddReport(ctx, r, facts); err != nil {
		t.Fatal(err)
	}
	sheet, err := st.AddEvidence(ctx, "分工方案.xlsx", []byte("一张分工方案"))
	if err != nil {
		t.Fatal(err)
	}
	existing, _ := st.Tasks(ctx, report.TaskFilter{ReportID: r.ID})
	nt := report.NewTask{ReportID: r.ID, Region: r.Identity.Region, RegionCode: r.Identity.RegionCode, Year: 2020,
		Title: "建设智慧城市大脑一期", Quote: "建设智慧城市大脑一期", Origin: report.Origin{File: sheet, Row: 7}, Actor: "督查室",
		Events: []report.Event{{Actor: "督查室", Kind: "assign", Data: map[string]string{"lead_unit": "市大数据局"}}}}
	progress := []report.EventBatch{{TaskID: existing[0].ID, AfterSeq: 1, Events: []report.Event{{Actor: "督查室", Kind: "assign", Data: map[string]string{"lead_unit": "市教育局"}}}}}

	// A stale batch beside it: nothing is written, not even the new task.
	stale := []report.EventBatch{{TaskID: existing[0].ID, AfterSeq: 5, Events: progress[0].Events}}
	if _, err := st.AddTasks(ctx, []report.NewTask{nt}, stale); report.KindOf(err) != report.Conflict {
		t.Fatalf("a stale batch: %v, want Conflict", err)
	}
	if ts, _ := st.Tasks(ctx, report.TaskFilter{ReportID: r.ID}); len(ts) != 1 {
		t.Fatalf("a refused call added tasks: %d", len(ts))
	}
	// A row that names no kept file is refused before any write.
	bad := nt
	bad.Origin = report.Origin{}
	if _, err := st.AddTasks(ctx, []report.NewTask{bad}, nil); report.KindOf(err) != report.Invalid {
		t.Errorf("a task without its row: %v, want Invalid", err)
	}

	ids, err := st.AddTasks(ctx, []report.NewTask{nt}, progress)
	if err != nil || len(ids) != 1 {
		t.Fatalf("AddTasks: %v %v", err, ids)
	}
	got, err := st.Task(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.FactID != 0 || got.Origin == nil || *got.Origin != (report.Origin{File: sheet, Row: 7}) || got.ReportID != r.ID || got.Title != nt.Title {
		t.Errorf("office task %+v origin %+v", got, got.Origin)
	}
	if len(got.Events) != 2 || got.Events[0].Kind != "created" || got.Events[0].Data["from"] != "plan" || got.Events[0].Actor != "督查室" ||
		got.Events[1].Seq != 2 || got.Events[1].Data["lead_unit"] != "市大数据局" {
		t.Errorf("events %+v", got.Events)
	}
	ts, _ := st.Tasks(ctx, report.TaskFilter{Region: "320500", Year: 2020})
	if len(ts) != 2 || ts[0].Origin != nil || ts[0].FactID == 0 || len(ts[0].Events) != 2 || ts[1].Origin == nil {
		t.Errorf("listing: %+v", ts)
	}
}

// testFactsJSON: facts as stored decode to the facts Facts returns.
func testFactsJSON(t *testing.T, st report.Store) {
	r := sampleReport("fj", "江苏省苏州市", "320500", 2020)
	if err := st.AddReport(ctx, r, []report.Fact{{Kind: report.Target, Indicator: "地区生产总值", Growth: f64(6), Qualifier: "左右", SourceID: -1, Start: 1, End: 9}}); err != nil {
		t.Fatal(err)
	}
	docs, err := st.FactsJSON(ctx, report.FactFilter{})
	facts, _ := st.Facts(ctx, report.FactFilter{})
	if err != nil || len(docs) != 1 || len(facts) != 1 {
		t.Fatalf("%v %d %d", err, len(docs), len(facts))
	}
	var got report.Fact
	if err := json.Unmarshal(docs[0].JSON, &got); err != nil {
		t.Fatal(err)
	}
	got.ID, got.Region, got.RegionCode = docs[0].ID, docs[0].Region, docs[0].RegionCode
	if diff := cmp.Diff(facts[0], got); diff != "" {
		t.Errorf("(-Facts +FactsJSON):\n%s", diff)
	}
	if strings.Contains(string(docs[0].JSON), `"id"`) || strings.Contains(string(docs[0].JSON), `"region"`) {
		t.Errorf("stored JSON carries what is spliced in beside it: %s", docs[0].JSON)
	}
}

// testCorrectIdentity moves a report to another year and region: facts
// and tasks follow, task events stay, a missing report is NotFound.
func testCorrectIdentity(t *testing.T, st report.Store) {
	r := sampleReport("ci", "福建省", "350000", 2022)
	r.Identity.PlanFrom, r.Identity.PlanTo, r.Identity.ReviewFrom, r.Identity.ReviewTo = 2022, 2022, 2021, 2021
	facts := []report.Fact{
		{Kind: report.Commitment, Indicator: "学位", Action: str("新增"), Year: year(2022), Value: f64(1), Unit: str("万个"), Quote: "新增学位1万个", SourceID: -1},
		{Kind: report.Achieved, Indicator: "地区生产总值", Year: year(2021), SpanYears: []int{2017, 2021}, Growth: f64(6), SourceID: -1},
	}
	if err := st.AddReport(ctx, r, facts); err != nil {
		t.Fatal(err)
	}
	tasks, _ := st.Tasks(ctx, report.TaskFilter{ReportID: r.ID})
	if len(tasks) != 1 {
		t.Fatalf("%d tasks", len(tasks))
	}
	if err := st.AppendEvents(ctx, []report.EventBatch{{TaskID: tasks[0].ID, AfterSeq: 1, Events: []report.Event{{Actor: "督查室", Kind: "progress", Data: map[string]string{"text": "已开工"}}}}}); err != nil {
		t.Fatal(err)
	}
	v0, _ := st.Version(ctx)
	id := r.Identity
	id.Year, id.PlanFrom, id.PlanTo, id.ReviewFrom, id.ReviewTo = 2021, 2021, 2021, 2020, 2020
	id.Region, id.RegionCode = "浙江省", "330000"
	id.Corrected = &report.Correction{By: "督查室", At: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), Fields: []string{"year", "region"}}
	if err := st.CorrectIdentity(ctx, r.ID, id); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Report(ctx, r.ID)
	if got.Identity.Year != 2021 || got.Identity.RegionCode != "330000" || got.Identity.Corrected == nil || got.Identity.Corrected.By != "督查室" {
		t.Errorf("identity after correction: %+v", got.Identity)
	}
	fs, _ := st.Facts(ctx, report.FactFilter{ReportID: r.ID})
	for _, f := range fs {
		switch f.Kind {
		case report.Commitment:
			if *f.Year != 2021 {
				t.Errorf("commitment year %d, want 2021", *f.Year)
			}
		case report.Achieved:
			if *f.Year != 2020 || f.SpanYears[0] != 2016 || f.SpanYears[1] != 2020 {
				t.Errorf("result year %d span %v, want 2020 and 2016–2020", *f.Year, f.SpanYears)
			}
		}
		if f.RegionCode != "330000" {
			t.Errorf("fact region %s", f.RegionCode)
		}
	}
	if fs, _ := st.Facts(ctx, report.FactFilter{Year: 2021, Kind: report.Commitment, Region: "330000"}); len(fs) != 1 {
		t.Errorf("the year column did not follow: %d facts", len(fs))
	}
	tasks, _ = st.Tasks(ctx, report.TaskFilter{ReportID: r.ID})
	if len(tasks) != 1 || tasks[0].Year != 2021 || tasks[0].RegionCode != "330000" || len(tasks[0].Events) != 2 {
		t.Errorf("task after correction: %+v", tasks)
	}
	// A correction adds no event: the head says it by the fields it rewrote.
	if hs, err := st.TaskHeads(ctx, report.TaskFilter{ReportID: r.ID}); err != nil || len(hs) != 1 || hs[0].Year != 2021 || hs[0].RegionCode != "330000" || hs[0].Region != "浙江省" {
		t.Errorf("head after correction: %+v (%v)", hs, err)
	}
	if v1, _ := st.Version(ctx); v1 == v0 {
		t.Errorf("version did not move with a correction")
	}
	if err := st.CorrectIdentity(ctx, 9999, id); report.KindOf(err) != report.NotFound {
		t.Errorf("correcting a missing report: %v", err)
	}
	id.Corrected = nil
	if err := st.CorrectIdentity(ctx, r.ID, id); report.KindOf(err) != report.Invalid {
		t.Errorf("a correction that names no one: %v", err)
	}
}

// testSearch finds a stored report's passage by its words, with the raw
// offsets of the passage; filters narrow, a copy adds no hits.
func testSearch(t *testing.T, st report.Store) {
	r := sampleReport("se", "浙江省舟山市普陀区", "330903", 2020)
	text := "一、2019年工作回顾\n全区推进老旧小区改造，建成美丽乡村17个。\n二、2020年工作安排\n发展低空经济。"
	r.Sources[0].Clean, r.Sources[0].Raw = text, []byte(text)
	r.Sources[0].Offsets = clean.EncodeOffsets(clean.Identity(text))
	if err := st.AddReport(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	copySrc := sampleReport("se2", "", "", 0).Sources[0]
	copySrc.Clean, copySrc.Raw, copySrc.Offsets, copySrc.NoIndex = text, []byte(text), r.Sources[0].Offsets, true
	if err := st.AddSource(ctx, r.ID, r.Identity, &copySrc, nil); err != nil {
		t.Fatal(err)
	}
	res, err := st.Search(ctx, report.SearchQuery{Match: `"老旧 旧小 小区"`, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || len(res.Hits) != 1 || res.ByYear[2020] != 1 || res.ByRegion["浙江省舟山市普陀区"] != 1 {
		t.Fatalf("search: %+v", res)
	}
	h := res.Hits[0]
	if !strings.Contains(h.Text, "老旧小区改造") || !strings.Contains(text[h.RawStart:h.RawEnd], "老旧小区改造") || h.ReportID != r.ID || len(h.Files) != 2 {
		t.Errorf("hit %+v", h)
	}
	if res, _ := st.Search(ctx, report.SearchQuery{Match: `"老旧 旧小 小区"`, YearFrom: 2021}); res.Total != 0 {
		t.Errorf("a year filter let %d hits through", res.Total)
	}
	if _, err := st.Search(ctx, report.SearchQuery{Match: ""}); report.KindOf(err) != report.Invalid {
		t.Errorf("an empty match: %v", err)
	}
}

// testConcurrentWriters: eight writers append to one task at once, each
// retrying when told of a conflict. Every event is kept once, numbered
// without gaps, and contention never surfaces as another kind of error.
func testConcurrentWriters(t *testing.T, st report.Store) {
	r := sampleReport("cw", "江苏省苏州市", "320500", 2020)
	if err := st.AddReport(ctx, r, []report.Fact{{Kind: report.Commitment, Indicator: "学位", Quote: "新增学位4.8万个", Year: year(2020), SourceID: -1}}); err != nil {
		t.Fatal(err)
	}
	tasks, err := st.Tasks(ctx, report.TaskFilter{})
	if err != nil || len(tasks) != 1 {
		t.Fatalf("%v %d", err, len(tasks))
	}
	id := tasks[0].ID
	const writers, each = 8, 5
	errs := make(chan error, writers)
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				for {
					tk, err := st.Task(ctx, id)
					if err != nil {
						errs <- err
						return
					}
					err = st.AppendEvents(ctx, []report.EventBatch{{TaskID: id, AfterSeq: tk.Events[len(tk.Events)-1].Seq,
						Events: []report.Event{{Actor: "单位", Kind: "progress", Data: map[string]string{"text": fmt.Sprintf("%d-%d", w, i)}}}}})
					if err == nil {
						break
					}
					if report.KindOf(err) != report.Conflict {
						errs <- err
						return
					}
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a writer failed for contention: %v", err)
	}
	tk, err := st.Task(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(tk.Events) != 1+writers*each {
		t.Errorf("%d events, want %d", len(tk.Events), 1+writers*each)
	}
	seen := map[string]bool{}
	for i, e := range tk.Events {
		if e.Seq != i+1 {
			t.Fatalf("event %d has seq %d", i, e.Seq)
		}
		if i > 0 {
			seen[e.Data["text"]] = true
		}
	}
	if len(seen) != writers*each {
		t.Errorf("%d distinct updates kept, want %d", len(seen), writers*each)
	}
}

// testLikeIsLiteral: a filter value's % and _ are characters, not
// wildcards.
func testLikeIsLiteral(t *testing.T, st report.Store) {
	for i, region := range []string{"江苏省苏州市", "浙江省杭州市"} {
		r := sampleReport(fmt.Sprint("lk", i), region, fmt.Sprint(320500+i), 2020)
		if err := st.AddReport(ctx, r, []report.Fact{{Kind: report.Target, Indicator: "地区生产总值", Growth: f64(6), SourceID: -1}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"_", "%", "苏州%"} {
		if rs, err := st.Reports(ctx, report.ReportFilter{Region: q}); err != nil || len(rs) != 0 {
			t.Errorf("reports region=%q: %v, %d found", q, err, len(rs))
		}
		if fs, err := st.Facts(ctx, report.FactFilter{Region: q}); err != nil || len(fs) != 0 {
			t.Errorf("facts region=%q: %v, %d found", q, err, len(fs))
		}
		if fs, err := st.Facts(ctx, report.FactFilter{Indicator: "地区" + q}); err != nil || len(fs) != 0 {
			t.Errorf("facts indicator=%q: %v, %d found", "地区"+q, err, len(fs))
		}
		if ts, err := st.Tasks(ctx, report.TaskFilter{Region: q}); err != nil || len(ts) != 0 {
			t.Errorf("tasks region=%q: %v, %d found", q, err, len(ts))
		}
	}
	if rs, _ := st.Reports(ctx, report.ReportFilter{Region: "苏州"}); len(rs) != 1 {
		t.Errorf("a plain substring still finds: %d", len(rs))
	}
	// A code finds its region's reports, facts and tasks by the code alone.
	if rs, _ := st.Reports(ctx, report.ReportFilter{Region: "320500"}); len(rs) != 1 || rs[0].Identity.Region != "江苏省苏州市" {
		t.Errorf("reports by code: %+v", rs)
	}
	if fs, _ := st.Facts(ctx, report.FactFilter{Region: "320501"}); len(fs) != 1 || fs[0].Region != "浙江省杭州市" {
		t.Errorf("facts by code: %+v", fs)
	}
}

// testTokens: a token works until it expires or is revoked; revoking by
// name leaves the user's other tokens.
func testTokens(t *testing.T, st report.Store) {
	u := report.User{Name: "督查室", Role: "admin", Password: "x"}
	if err := st.AddUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	st.AddToken(ctx, "forever", u.ID, "导入脚本", time.Time{})
	st.AddToken(ctx, "month", u.ID, "看板", now.Add(30*24*time.Hour))
	st.AddToken(ctx, "gone", u.ID, "看板", now.Add(-time.Minute))
	works := func(tok string) bool {
		got, err := st.UserByToken(ctx, tok)
		return err == nil && got.ID == u.ID
	}
	if !works("forever") || !works("month") || works("gone") || works("nothing") {
		t.Errorf("before revoking: forever %v, month %v, expired %v, unknown %v", works("forever"), works("month"), works("gone"), works("nothing"))
	}
	if _, err := st.UserByToken(ctx, "gone"); report.KindOf(err) != report.NotFound {
		t.Errorf("an expired token: %v, want NotFound", err)
	}
	if n, err := st.RevokeTokens(ctx, u.ID, "看板"); err != nil || n != 2 {
		t.Errorf("revoking 看板: %d, %v", n, err)
	}
	if !works("forever") || works("month") {
		t.Errorf("after revoking 看板: forever %v, month %v", works("forever"), works("month"))
	}
	if n, err := st.RevokeTokens(ctx, u.ID, ""); err != nil || n != 1 || works("forever") {
		t.Errorf("revoking all: %d, %v, forever still works: %v", n, err, works("forever"))
	}
}

// testReviews: reviews are kept with who and when; re-extraction updates
// facts in place (their tasks and reviews stay), removes and adds others
// with their tasks, and cannot remove a reviewed fact.
func testReviews(t *testing.T, st report.Store) {
	r := sampleReport("rv", "江苏省苏州市", "320500", 2020)
	r.Identity.PlanTo = 2020
	facts := []report.Fact{
		{Kind: report.Target, Indicator: "地区生产总值", Growth: f64(6), Year: year(2020), Quote: "增长6%", SourceID: -1, Start: 1, End: 5},
		{Kind: report.Commitment, Indicator: "学位", Value: f64(4.8), Quote: "新增学位4.8万个", Year: year(2020), SourceID: -1, Start: 6, End: 9},
		{Kind: report.Commitment, Indicator: "和", Value: f64(3), Quote: "和3个", Year: year(2020), SourceID: -1, Start: 10, End: 12},
	}
	if err := st.AddReport(ctx, r, facts); err != nil {
		t.Fatal(err)
	}
	corrected := facts[0]
	corrected.Growth = f64(6.5)
	for _, rv := range []report.Review{{FactID: facts[0].ID, Action: report.Correct, Fact: &corrected, By: "研究员甲"}, {FactID: facts[1].ID, Action: report.Confirm, By: "研究员乙"}} {
		if err := st.AddReview(ctx, &rv); err != nil || rv.ID == 0 || rv.ReportID != r.ID {
			t.Fatalf("review: %v %+v", err, rv)
		}
	}
	if err := st.AddReview(ctx, &report.Review{FactID: facts[1].ID, Action: "approve", By: "x"}); report.KindOf(err) != report.Invalid {
		t.Errorf("an unknown action: %v", err)
	}
	if err := st.AddReview(ctx, &report.Review{FactID: 99999, Action: report.Confirm, By: "x"}); report.KindOf(err) != report.NotFound {
		t.Errorf("a review of no fact: %v", err)
	}
	rs, err := st.Reviews(ctx, r.ID)
	if err != nil || len(rs) != 2 || rs[0].By != "研究员甲" || rs[0].Fact == nil || *rs[0].Fact.Growth != 6.5 || rs[0].At.IsZero() {
		t.Fatalf("reviews: %v %+v", err, rs)
	}

	// Re-extraction: the target takes new content in place, the bogus
	// commitment goes with its task, a new one comes with a task.
	upd := facts[0]
	upd.Qualifier = "左右"
	add := report.Fact{Kind: report.Commitment, Indicator: "养老床位", Value: f64(1000), Quote: "新建养老床位1000张", Year: year(2020), SourceID: r.Sources[0].ID, Start: 13, End: 20}
	if err := st.ReviseFacts(ctx, r.ID, []report.Fact{upd}, []int64{facts[2].ID}, []report.Fact{add}); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Facts(ctx, report.FactFilter{ReportID: r.ID})
	if len(got) != 3 || got[0].ID != facts[0].ID || got[0].Qualifier != "左右" || got[1].ID != facts[1].ID || got[2].Indicator != "养老床位" {
		t.Errorf("facts after revision: %+v", got)
	}
	tasks, _ := st.Tasks(ctx, report.TaskFilter{ReportID: r.ID})
	if len(tasks) != 2 || tasks[0].FactID != facts[1].ID || tasks[1].FactID != got[2].ID {
		t.Errorf("tasks after revision: %+v", tasks)
	}
	if rs, _ := st.Reviews(ctx, r.ID); len(rs) != 2 {
		t.Errorf("%d reviews after revision", len(rs))
	}
	// A reviewed fact cannot be removed, and a failed revision changes nothing.
	if err := st.ReviseFacts(ctx, r.ID, nil, []int64{facts[1].ID}, []report.Fact{add}); err == nil {
		t.Error("a reviewed fact was removed")
	}
	if after, _ := st.Facts(ctx, report.FactFilter{ReportID: r.ID}); len(after) != 3 {
		t.Errorf("a failed revision left %d facts", len(after))
	}
}

// testParticipation: threads append in order and refuse a stale writer; a
// ballot counts once and keeps no link to its voter; follows and the
// audit record read back; citizen and deputy are roles.
func testParticipation(t *testing.T, st report.Store) {
	citizen := report.User{Name: "13800000000", Role: "citizen", Password: "x"}
	deputy := report.User{Name: "王代表", Role: "deputy", Password: "x"}
	for _, u := range []*report.User{&citizen, &deputy} {
		if err := st.AddUser(ctx, u); err != nil {
			t.Fatalf("%s: %v", u.Role, err)
		}
	}
	if err := st.AddUser(ctx, &report.User{Name: "x", Role: "king", Password: "x"}); report.KindOf(err) != report.Invalid {
		t.Errorf("an unknown role: %v, want Invalid", err)
	}
	id, err := st.AddThread(ctx, report.ThreadQuestion, report.Event{Actor: citizen.Name, Kind: "ask", Data: map[string]string{"text": "何时开工？"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddThread(ctx, "gossip", report.Event{Actor: "x", Kind: "ask"}); report.KindOf(err) != report.Invalid {
		t.Errorf("an unknown kind of thread: %v, want Invalid", err)
	}
	if err := st.AppendThread(ctx, id, 1, []report.Event{{Actor: "区教育局", Kind: "answer", Data: map[string]string{"text": "6月开工"}}}); err != nil {
		t.Fatal(err)
	}
	if err := st.AppendThread(ctx, id, 1, []report.Event{{Actor: "区民政局", Kind: "answer"}}); report.KindOf(err) != report.Conflict {
		t.Errorf("a stale writer: %v, want Conflict", err)
	}
	if err := st.AppendThread(ctx, 999, 0, []report.Event{{Actor: "x", Kind: "answer"}}); report.KindOf(err) != report.NotFound {
		t.Errorf("a thread that is not there: %v, want NotFound", err)
	}
	th, err := st.Thread(ctx, id)
	if err != nil || th.Kind != report.ThreadQuestion || len(th.Events) != 2 || th.Events[1].Data["text"] != "6月开工" || th.Events[1].Seq != 2 || th.Events[1].TaskID != id {
		t.Fatalf("thread read back: %v %+v", err, th)
	}
	round, _ := st.AddThread(ctx, report.ThreadRound, report.Event{Actor: "督查室", Kind: "open"})
	if ts, _ := st.Threads(ctx, report.ThreadRound); len(ts) != 1 || ts[0].ID != round {
		t.Errorf("threads of a kind: %+v", ts)
	}
	if err := st.CastBallot(ctx, round, deputy.ID, []int{1, 3}); err != nil {
		t.Fatal(err)
	}
	if err := st.CastBallot(ctx, round, deputy.ID, []int{2}); report.KindOf(err) != report.Conflict {
		t.Errorf("a second ballot: %v, want Conflict", err)
	}
	if err := st.CastBallot(ctx, round, citizen.ID, []int{1}); err != nil {
		t.Fatal(err)
	}
	if v, err := st.Voted(ctx, round, deputy.ID); err != nil || !v {
		t.Errorf("voted: %v %v", v, err)
	}
	if v, _ := st.Voted(ctx, round+1000, deputy.ID); v {
		t.Error("voted in a round that is not there")
	}
	tally, voters, err := st.Tally(ctx, round)
	if err != nil || voters != 2 || tally[1] != 2 || tally[2] != 0 || tally[3] != 1 {
		t.Errorf("tally: %v %d %v (the refused ballot must count for nothing)", tally, voters, err)
	}
	r := sampleReport("pp", "浙江省宁波市镇海区", "330211", 2024)
	if err := st.AddReport(ctx, r, []report.Fact{{Kind: report.Commitment, Indicator: "养老床位", SourceID: -1, Start: 0, End: 1}}); err != nil {
		t.Fatal(err)
	}
	tasks, _ := st.Tasks(ctx, report.TaskFilter{ReportID: r.ID})
	if len(tasks) != 1 {
		t.Fatalf("%d tasks", len(tasks))
	}
	if err := st.SetFollow(ctx, citizen.ID, tasks[0].ID, true); err != nil {
		t.Fatal(err)
	}
	st.SetFollow(ctx, citizen.ID, tasks[0].ID, true) // twice is once
	if fs, _ := st.Follows(ctx, citizen.ID); len(fs) != 1 || fs[0] != tasks[0].ID {
		t.Errorf("follows: %v", fs)
	}
	if us, _ := st.Followers(ctx, tasks[0].ID); len(us) != 1 || us[0].Name != citizen.Name {
		t.Errorf("followers: %+v", us)
	}
	if err := st.SetFollow(ctx, citizen.ID, 99999, true); report.KindOf(err) != report.NotFound {
		t.Errorf("following a task that is not there: %v, want NotFound", err)
	}
	st.SetFollow(ctx, citizen.ID, tasks[0].ID, false)
	if fs, _ := st.Follows(ctx, citizen.ID); len(fs) != 0 {
		t.Errorf("after unfollowing: %v", fs)
	}
	for i, path := range []string{"/api/v1/questions", "/api/v1/rounds/1/ballot"} {
		if err := st.AddAudit(ctx, report.AuditEntry{Actor: citizen.Name, Address: "10.0.0.1", Method: "POST", Path: path, Status: 201 + i}); err != nil {
			t.Fatal(err)
		}
	}
	log, err := st.Audit(ctx, 10)
	if err != nil || len(log) != 2 || log[0].Path != "/api/v1/rounds/1/ballot" || log[0].Status != 202 || log[1].Actor != citizen.Name || log[1].At.IsZero() {
		t.Errorf("audit: %v %+v", err, log)
	}
}
