package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/export"
	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// baisha ingests the fictional consecutive-year reports in testdata.
func baisha(t *testing.T) string {
	db := filepath.Join(t.TempDir(), "b.db")
	if r := run(t, "", "ingest", "testdata/baisha", "--db", db); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	return db
}

func TestCheckCoversEveryVerdict(t *testing.T) {
	db := baisha(t)
	r := run(t, "", "check", "--region", "白沙县", "--year", "2021", "--json", "--db", db)
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var c track.Check
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatal(err)
		}
		got[c.Target.Indicator] = c.Verdict
		if c.Verdict != track.NoResult && c.Verdict != track.NotComparable && (c.Actual == nil || c.Gap == nil || c.Result == nil) {
			t.Errorf("%s: verdict without its numbers: %+v", c.Target.Indicator, c)
		}
	}
	want := map[string]string{"地区生产总值": "exceeded", "一般公共预算收入": "met", "固定资产投资": "missed", "城镇新增就业": "not_comparable",
		"居民消费价格涨幅": "exceeded", "进出口总额": "no_result", "城镇登记失业率": "met"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}
	r = run(t, "", "check", "--region", "白沙县", "--year", "2021", "--db", db)
	if !strings.Contains(r.stdout, "228亿元，增长7.2%") || !strings.Contains(r.stdout, "+0.7个百分点") {
		t.Errorf("the table should show the numbers behind each verdict:\n%s", r.stdout)
	}
}

func TestTaskLifecycle(t *testing.T) {
	db := baisha(t)
	list := run(t, "", "tasks", "list", "--json", "--year", "2021", "--today", "2022-02-01", "--db", db)
	n := strings.Count(list.stdout, "\n")
	if n != 4 || !strings.Contains(list.stdout, `"status":"overdue"`) {
		t.Fatalf("tasks of 2021: %d\n%s", n, list.stdout)
	}
	ok := func(args ...string) {
		t.Helper()
		if r := run(t, "", append(args, "--db", db)...); r.code != 0 {
			t.Fatalf("%v: %s", args, r.stderr)
		}
	}
	refused := func(want string, args ...string) {
		t.Helper()
		r := run(t, "", append(args, "--db", db)...)
		if r.code == 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("%v: exit %d, stderr %q; want refusal mentioning %q", args, r.code, r.stderr, want)
		}
	}
	ok("tasks", "update", "1", "--by", "督查室", "--lead", "县教育局", "--units", "县财政局、县自然资源局", "--deadline", "2021年9月底")
	photo := filepath.Join(t.TempDir(), "验收单.jpg")
	os.WriteFile(photo, []byte("\xff\xd8\xff signed acceptance form"), 0o644)
	ok("tasks", "update", "1", "--by", "县教育局", "--milestone", "主体完工@2021-06-30", "--progress", "三所主体完工", "--evidence", "https://example.org/jd.html", "--evidence-file", photo)
	ok("tasks", "update", "1", "--by", "县教育局", "--status", "done")
	refused("须写明理由", "tasks", "update", "1", "--by", "县教育局", "--status", "not_started")
	refused("由完成时限推算", "tasks", "update", "2", "--by", "x", "--status", "overdue")
	ok("tasks", "update", "3", "--by", "督查室", "--status", "dropped", "--reason", "规划调整")
	refused("已销号", "tasks", "update", "3", "--by", "督查室", "--progress", "继续推进")
	refused("任务 99 不存在", "tasks", "update", "99", "--by", "x", "--progress", "y")
	// Several nodes at once, all kept.
	ok("tasks", "update", "2", "--by", "督查室", "--milestone", "选址@2021年3月底", "--milestone", "开工@2021年6月底", "--milestone", "竣工@2021年11月底")
	var two struct {
		State struct{ Milestones []struct{ Name string } } `json:"state"`
	}
	json.Unmarshal([]byte(run(t, "", "tasks", "show", "2", "--json", "--db", db).stdout), &two)
	if len(two.State.Milestones) != 3 {
		t.Errorf("three --milestone flags kept %d nodes", len(two.State.Milestones))
	}

	show := run(t, "", "tasks", "show", "1", "--db", db)
	for _, w := range []string{"县教育局", "县财政局、县自然资源局", "2021年9月30日", "主体完工", "已完成", "督查室", "三所主体完工"} {
		if !strings.Contains(show.stdout, w) {
			t.Errorf("tasks show lacks %q:\n%s", w, show.stdout)
		}
	}
	if js := run(t, "", "tasks", "show", "1", "--json", "--db", db).stdout; !strings.Contains(js, `"evidence_file": "`) {
		t.Error("the evidence file is not recorded")
	}
	// Every change is an event; none is lost.
	var task struct{ Events []struct{ Seq int } }
	json.Unmarshal([]byte(run(t, "", "tasks", "show", "1", "--json", "--db", db).stdout), &task)
	if len(task.Events) != 7 {
		t.Errorf("task 1 has %d events, want 7 (created, suggested at the 2022 ingest, assign, deadline, milestone, progress, status)", len(task.Events))
	}

	// Task 1 was marked done today, after its 2021 deadline: done, not on time.
	units := run(t, "", "tasks", "units", "--json", "--today", "2022-02-01", "--db", db)
	var edu track.UnitScore
	for _, l := range strings.Split(strings.TrimSpace(units.stdout), "\n") {
		var u track.UnitScore
		json.Unmarshal([]byte(l), &u)
		if u.Unit == "县教育局" {
			edu = u
		}
	}
	if edu.Tasks != 1 || edu.Done != 1 || edu.OnTime != 0 {
		t.Errorf("units: %+v\n%s", edu, units.stdout)
	}

	// Ingesting the 2022 report proposed its figures as evidence for the
	// 2021 commitments; asking again proposes nothing twice.
	if show := run(t, "", "tasks", "show", "2", "--db", db); !strings.Contains(show.stdout, "建议    超额完成（后续报告：新增养老床位360张）") {
		t.Errorf("no suggestion after ingest:\n%s", show.stdout)
	}
	if sg := run(t, "", "tasks", "suggest", "--db", db); !strings.Contains(sg.stdout, "新记录 0 条佐证建议") {
		t.Errorf("suggest again:\n%s", sg.stdout)
	}
	ok("tasks", "update", "2", "--by", "督查室", "--verdict", "exceeded")
	show = run(t, "", "tasks", "show", "2", "--db", db)
	if !strings.Contains(show.stdout, "超额完成，证据：新增养老床位360张") {
		t.Errorf("confirmed verdict:\n%s", show.stdout)
	}
}

func TestTaskImportExport(t *testing.T) {
	db := baisha(t)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "分解表.csv")
	var buf bytes.Buffer
	export.WriteCSV(&buf, [][]string{
		{"序号", "工作任务", "牵头单位", "责任单位", "完成时限"},
		{"1", "新建幼儿园5所", "县教育局", "县财政局", "2021年8月底"},
		{"2", "新增养老床位300张", "县民政局", "", "2021年12月"},
		{"3", "举办国际马拉松", "县体育局", "", "2021年10月"},
		{"4", "改造老旧小区12个", "县住建局", "", "下个月"},
	})
	os.WriteFile(csvPath, buf.Bytes(), 0o644)

	r := run(t, "", "tasks", "import", csvPath, "--by", "督查室", "--year", "2021", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "第 4 行") || !strings.Contains(r.stderr, "第 5 行") || !strings.Contains(r.stdout, "未导入") {
		t.Fatalf("import with bad rows: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(run(t, "", "tasks", "show", "1", "--db", db).stdout, "县教育局") {
		t.Fatal("a refused import wrote something")
	}
	r = run(t, "", "tasks", "import", csvPath, "--by", "督查室", "--year", "2021", "--partial", "--db", db)
	if !strings.Contains(r.stdout, "已导入 2 行，2 行有错") {
		t.Fatalf("partial import: %s %s", r.stdout, r.stderr)
	}
	if !strings.Contains(run(t, "", "tasks", "show", "1", "--db", db).stdout, "2021年8月31日") {
		t.Error("deadline not imported")
	}

	// Export in the same shape, as XLSX and as CSV with a BOM.
	xlsx := filepath.Join(dir, "导出.xlsx")
	if r := run(t, "", "tasks", "export", xlsx, "--year", "2021", "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	raw, _ := os.ReadFile(xlsx)
	rows, err := export.ReadTable(xlsx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][1] != "工作任务" || rows[1][2] != "县教育局" || rows[1][4] != "2021年8月31日" {
		t.Errorf("exported rows %q", rows)
	}
	head := strings.Join(rows[0], ",")
	for _, col := range []string{"节点", "序时进度", "证据", "记录数"} {
		if !strings.Contains(head, col) {
			t.Errorf("the export has no %s column: %s", col, head)
		}
	}
	out := run(t, "", "tasks", "export", "-", "--year", "2021", "--db", db)
	if !strings.HasPrefix(out.stdout, "\ufeff序号,工作任务,牵头单位") {
		t.Errorf("CSV export: %.80q", out.stdout)
	}
	// What was exported imports back onto the same tasks and changes
	// nothing: exported again, every cell is the same.
	back := filepath.Join(dir, "回填.xlsx")
	os.WriteFile(back, raw, 0o644)
	if r := run(t, "", "tasks", "import", back, "--by", "督查室", "--year", "2021", "--db", db); r.code != 0 {
		t.Errorf("re-import of the export: %s %s", r.stdout, r.stderr)
	}
	if again := run(t, "", "tasks", "export", "-", "--year", "2021", "--db", db); again.stdout != out.stdout {
		t.Errorf("a re-imported export changed the tasks:\n%s\n%s", out.stdout, again.stdout)
	}

	// The office adds the row that matches no commitment as its own task,
	// which points to its row of the sheet, kept byte for byte.
	extra := filepath.Join(dir, "补充.csv")
	buf.Reset()
	export.WriteCSV(&buf, [][]string{{"关于2021年重点工作的分工方案"}, {"序号", "工作任务", "牵头单位", "完成时限"}, {"1", "举办国际马拉松", "县体育局", "2021年10月"}})
	os.WriteFile(extra, buf.Bytes(), 0o644)
	if r := run(t, "", "tasks", "import", extra, "--by", "督查室", "--year", "2021", "--add-unmatched", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "新增任务 1 项") {
		t.Fatalf("add unmatched: %d %s %s", r.code, r.stdout, r.stderr)
	}
	var res struct {
		NewTasks []int64 `json:"new_tasks"`
	}
	r = run(t, "", "tasks", "import", extra, "--by", "督查室", "--year", "2021", "--add-unmatched", "--json", "--db", db)
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || len(res.NewTasks) != 0 {
		t.Errorf("the same sheet again adds no task (it matches the one added): %v %s %s", err, r.stdout, r.stderr)
	}
	list := run(t, "", "tasks", "list", "--year", "2021", "--json", "--db", db)
	var added report.Task
	for _, l := range strings.Split(strings.TrimSpace(list.stdout), "\n") {
		var tk report.Task
		if json.Unmarshal([]byte(l), &tk) == nil && tk.Origin != nil {
			added = tk
		}
	}
	if added.Title != "举办国际马拉松" || added.Origin.Row != 3 || added.FactID != 0 || added.State.LeadUnit != "县体育局" || added.State.Deadline != "2021-10-31" {
		t.Fatalf("the office's task: %+v\n%s", added, list.stdout)
	}
	sum := sha256.Sum256(buf.Bytes())
	if added.Origin.File != hex.EncodeToString(sum[:]) {
		t.Errorf("origin %s is not the sheet's SHA-256", added.Origin.File)
	}
	if show := run(t, "", "tasks", "show", fmt.Sprint(added.ID), "--db", db); !strings.Contains(show.stdout, "分工方案 补充.csv 第 3 行") {
		t.Errorf("the task page names its row:\n%s", show.stdout)
	}
}

// TestCheckTakesAnnualResults reads the 2010 targets against the 2011
// report, whose five-year review states 国内生产总值…年均增长11.2%: the
// verdict takes the year's 增长10.3%, never the span's rate.
func TestCheckTakesAnnualResults(t *testing.T) {
	db := filepath.Join(t.TempDir(), "n.db")
	corpus := "../../../shared/corpus/"
	if r := run(t, "", "ingest", corpus+"002_guowuyuan_national_2010.txt", corpus+"003_guowuyuan_national_2011.txt", "--db", db); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	r := run(t, "", "check", "--region", "全国", "--year", "2010", "--json", "--db", db)
	found := false
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var c track.Check
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatal(err)
		}
		if c.Result != nil && len(c.Result.SpanYears) > 0 {
			t.Errorf("%s judged against a span's figure: %s", c.Target.Indicator, c.Result.Quote)
		}
		if c.Target.Canonical != nil && *c.Target.Canonical == "gdp" {
			found = true
			if c.Actual == nil || *c.Actual != 10.3 {
				t.Errorf("2010 GDP judged against %v (%+v), want the annual 10.3", c.Actual, c.Result)
			}
		}
	}
	if !found {
		t.Errorf("no GDP check for 2010: %s", r.stdout)
	}
}

// TestRerunProposesWhatACrashLost: a run stopped after storing reports
// and before proposing evidence (as kill -9 would leave it) is made whole
// by the next ingest: the same proposals as a clean run, none twice.
func TestRerunProposesWhatACrashLost(t *testing.T) {
	ctx := context.Background()
	proposals := func(db string) (tasks, events int) {
		st, err := openStore(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		ts, err := track.LoadTasks(ctx, st, report.TaskFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range ts {
			if tk.Suggestion != nil {
				tasks++
			}
			for _, e := range tk.Events {
				if e.Kind == track.EvSuggest {
					events++
				}
			}
		}
		return tasks, events
	}
	clean := filepath.Join(t.TempDir(), "clean.db")
	if r := run(t, "", "ingest", "../../examples/reports", "--db", clean); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	want, _ := proposals(clean)
	if want == 0 {
		t.Fatal("the sample reports propose no evidence: the test proves nothing")
	}

	cut := filepath.Join(t.TempDir(), "cut.db")
	st, err := createStore(ctx, cut)
	if err != nil {
		t.Fatal(err)
	}
	stats := pipeline.Run(ctx, st, []string{"../../examples/reports"}, pipeline.Options{}, nil, func(p string, err error) { t.Error(p, err) })
	st.Close()
	if stats.New == 0 {
		t.Fatal("nothing stored")
	}
	if got, _ := proposals(cut); got != 0 {
		t.Fatalf("%d proposals before the suggest phase", got)
	}
	for i := 0; i < 2; i++ {
		if r := run(t, "", "ingest", "../../examples/reports", "--db", cut); r.code != 0 {
			t.Fatalf("%+v", r)
		}
		if tasks, events := proposals(cut); tasks != want || events != want {
			t.Errorf("rerun %d: %d tasks with proposals in %d events, a clean run has %d", i+1, tasks, events, want)
		}
	}
}
