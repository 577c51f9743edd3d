package track

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/baogao/baogao/internal/report"
)

// TestTransitions lists every status change: which are legal, which need
// a reason, which are refused.
func TestTransitions(t *testing.T) {
	statuses := []string{NotStarted, InProgress, Done, Dropped}
	legal := map[[2]string]string{ // "" legal, "reason" needs one
		{NotStarted, InProgress}: "", {NotStarted, Done}: "", {NotStarted, Dropped}: "reason",
		{InProgress, Done}: "", {InProgress, Dropped}: "reason", {InProgress, NotStarted}: "reason",
		{Done, InProgress}: "reason", {Done, NotStarted}: "reason",
		{Dropped, InProgress}: "reason", {Dropped, NotStarted}: "reason", // the office reopens
	}
	for _, from := range statuses {
		for _, to := range statuses {
			need, ok := legal[[2]string{from, to}]
			errNone := CheckTransition(from, to, "")
			errWith := CheckTransition(from, to, "区委决定调整")
			switch {
			case !ok:
				if errNone == nil || errWith == nil {
					t.Errorf("%s → %s should be refused", from, to)
				}
			case need == "reason":
				if errNone == nil || errWith != nil {
					t.Errorf("%s → %s needs a reason: without %v, with %v", from, to, errNone, errWith)
				}
			default:
				if errNone != nil {
					t.Errorf("%s → %s refused: %v", from, to, errNone)
				}
			}
		}
	}
	if err := CheckTransition(InProgress, Overdue, ""); err == nil || !strings.Contains(err.Error(), "完成时限") {
		t.Errorf("overdue must not be settable: %v", err)
	}
	// A dropped task takes nothing but a status change (the office
	// reopening it).
	dropped := report.State{Status: Dropped}
	if err := CheckEvent(dropped, report.Event{Kind: EvProgress, Data: map[string]string{"text": "仍在推进"}}); report.KindOf(err) != report.Conflict {
		t.Errorf("progress on a dropped task: %v", err)
	}
	if err := CheckEvent(dropped, report.Event{Kind: EvStatus, Data: map[string]string{"to": InProgress, "reason": "督查室重新启用"}}); err != nil {
		t.Errorf("reopening a dropped task: %v", err)
	}
}

func ev(kind string, at string, data ...string) report.Event {
	d := map[string]string{}
	for i := 0; i+1 < len(data); i += 2 {
		d[data[i]] = data[i+1]
	}
	ts, _ := time.Parse("2006-01-02", at)
	return report.Event{Kind: kind, At: ts, Actor: "测试员", Data: d}
}

func TestFold(t *testing.T) {
	events := []report.Event{
		ev(EvCreated, "2020-01-05"),
		ev(EvAssign, "2020-02-01", "lead_unit", "区民政局", "co_units", "区财政局、区卫健委", "lead_official", "张三"),
		ev(EvDeadline, "2020-02-01", "deadline", "2020-11-30"),
		ev(EvMilestone, "2020-02-01", "name", "选址", "due", "2020-04-30"),
		ev(EvProgress, "2020-05-01", "text", "完成选址", "evidence", "区政府网站通报"),
		ev(EvMilestone, "2020-05-01", "name", "选址", "due", "2020-04-30", "done", "true"),
		ev(EvStatus, "2020-11-20", "to", Done),
	}
	got := Fold(events, "2020-12-31")
	want := report.State{
		LeadUnit: "区民政局", CoUnits: []string{"区财政局", "区卫健委"}, LeadOfficial: "张三", Deadline: "2020-11-30",
		Milestones: []report.Milestone{{Name: "选址", Due: "2020-04-30", Done: true}},
		Status:     Done, DoneOn: "2020-11-20",
		Progress: []report.Progress{{At: events[4].At, Actor: "测试员", Text: "完成选址", Evidence: "区政府网站通报"}},
		Updated:  events[6].At,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Nothing after a drop changes the state.
	dropped := append(events[:2:2], ev(EvStatus, "2020-03-01", "to", Dropped, "reason", "项目取消"), ev(EvProgress, "2020-04-01", "text", "继续推进"))
	if s := Fold(dropped, ""); s.Status != Dropped || len(s.Progress) != 0 {
		t.Errorf("after a drop: %+v", s)
	}
}

func TestCheckEvent(t *testing.T) {
	open := report.State{Status: InProgress}
	for _, c := range []struct {
		e    report.Event
		want string
	}{
		{ev(EvDeadline, "2020-01-01", "deadline", "年底"), "不是日期"},
		{ev(EvMilestone, "2020-01-01", "due", "2020-06-30"), "节点须有名称"},
		{ev(EvProgress, "2020-01-01", "text", " "), "进展须有内容"},
		{ev(EvVerdict, "2020-01-01", "verdict", "done", "evidence", "x"), "可选 met"},
		{ev(EvVerdict, "2020-01-01", "verdict", Met), "须有证据"},
		{ev(EvRating, "2020-01-01", "score", "101"), "0 到 100"},
		{ev(EvRating, "2020-01-01", "score", "优"), "0 到 100"},
		{ev("rename", "2020-01-01"), "未知记录类型"},
	} {
		if err := CheckEvent(open, c.e); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %v: %v, want %q", c.e.Kind, c.e.Data, err, c.want)
		}
	}
	if err := CheckEvent(report.State{Status: Dropped}, ev(EvProgress, "2020-01-01", "text", "x")); report.KindOf(err) != report.Conflict {
		t.Errorf("update to a dropped task: %v", err)
	}
}

func TestCurrentAndUnits(t *testing.T) {
	now, _ := time.Parse("2006-01-02", "2021-01-15")
	mk := func(unit, status, deadline, doneOn string) report.Task {
		return report.Task{State: report.State{LeadUnit: unit, Status: status, Deadline: deadline, DoneOn: doneOn}}
	}
	tasks := []report.Task{
		mk("区民政局", Done, "2020-12-31", "2020-12-01"),
		mk("区民政局", Done, "2020-12-31", "2021-01-10"), // late
		mk("区交通局", Done, "2020-12-31", "2020-06-01"),
		mk("区交通局", InProgress, "2021-06-30", ""),
		mk("区水利局", NotStarted, "2020-12-31", ""), // overdue
		mk("区水利局", Dropped, "2020-12-31", ""),
	}
	if got := Current(tasks[4].State, now); got != Overdue {
		t.Errorf("past deadline: %s", got)
	}
	if got := Current(tasks[3].State, now); got != InProgress {
		t.Errorf("before deadline: %s", got)
	}
	got := Units(tasks, now)
	var order []string
	for _, u := range got {
		order = append(order, u.Unit)
	}
	if diff := cmp.Diff([]string{"区交通局", "区民政局", "区水利局"}, order); diff != "" {
		t.Errorf("ranking (-want +got):\n%s", diff)
	}
	if got[1].OnTime != 1 || got[1].Done != 2 || got[2].Overdue != 1 || got[2].OnTimePc != 0 {
		t.Errorf("%+v", got)
	}
}

func TestParseDeadline(t *testing.T) {
	for in, want := range map[string]string{
		"2020-06-30": "2020-06-30", "2020/6/30": "2020-06-30", "2020.6": "2020-06-30",
		"2020年12月底": "2020-12-31", "2020年6月": "2020-06-30", "6月30日": "2020-06-30", "2020年2月": "2020-02-29",
		"年底前": "2020-12-31", "2020年底": "2020-12-31", "上半年": "2020-06-30", "三季度": "2020-09-30",
		"2020年10月上旬": "2020-10-10", "长期坚持": "", "": "",
	} {
		got, err := ParseDeadline(in, 2020)
		if err != nil || got != want {
			t.Errorf("ParseDeadline(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"尽快", "2020年13月", "2020-02-30", "下个月"} {
		if _, err := ParseDeadline(bad, 2020); err == nil {
			t.Errorf("ParseDeadline(%q) should fail", bad)
		}
	}
	if _, err := ParseDeadline("年底", 0); err == nil {
		t.Error("a deadline without any year should fail")
	}
}

func TestPlanImport(t *testing.T) {
	tasks := []report.Task{
		{ID: 1, Title: "新建养老机构床位", Quote: "新建养老机构床位1000张", Year: 2020, Events: []report.Event{{Seq: 1}}},
		{ID: 2, Title: "开工建设区域性养老服务中心", Quote: "开工建设10个区域性养老服务中心", Year: 2020, Events: []report.Event{{Seq: 1}}},
		{ID: 3, Title: "新增学位", Quote: "新增学位4.8万个", Year: 2020, Events: []report.Event{{Seq: 1}}},
	}
	rows := [][]string{
		{"序号", "工作任务", "牵头单位", "责任单位", "完成时限"},
		{"1", "新建养老机构床位1000张", "市民政局", "各区政府、市财政局", "2020年12月底"},
		{"2", "开工建设10个区域性养老服务中心", "市民政局", "", "2020年10月"},
		{"3", "举办国际马拉松赛事", "市体育局", "", "2020年11月"},
		{"4", "", "市教育局", "", "2020年9月"},
		{"5", "新增学位4.8万个", "市教育局", "", "尽快"},
		{"", "", "", "", ""},
		{"6", "新建养老机构床位1000张", "市卫健委", "", "年底"},
	}
	p, err := PlanImport(rows, tasks, ImportOptions{Year: 2020, Actor: "督查室"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Good != 2 || p.Bad != 4 {
		t.Fatalf("good %d bad %d: %+v", p.Good, p.Bad, p.Rows)
	}
	wantErr := map[int]string{4: "没有与之相符的承诺", 5: "任务一栏是空的", 6: "完成时限", 8: "与第 2 行是同一项承诺"}
	for _, r := range p.Rows {
		if w, bad := wantErr[r.Row]; bad != (r.Error != "") || bad && !strings.Contains(r.Error, w) {
			t.Errorf("row %d: error %q, want %q", r.Row, r.Error, w)
		}
	}
	if len(p.Batches) != p.Good || p.Batches[0].TaskID != 1 || p.Batches[0].AfterSeq != 1 || len(p.New) != 0 {
		t.Fatalf("batches %+v new %+v", p.Batches, p.New)
	}
	if ev := p.Batches[0].Events; len(ev) != 2 || ev[0].Data["lead_unit"] != "市民政局" || ev[1].Data["deadline"] != "2020-12-31" {
		t.Errorf("row 2 plan: %+v", ev)
	}
	// The office adds the rows that match nothing as tasks of its own,
	// each pointing to its row of the kept sheet.
	into := &report.Report{ID: 5, Identity: report.Identity{Region: "江苏省苏州市", RegionCode: "320500", PlanTo: 2020}}
	pa, _ := PlanImport(rows, tasks, ImportOptions{Year: 2020, Actor: "督查室", Into: into, Sheet: "ab12"})
	if pa.Good != 3 || len(pa.New) != 1 || !pa.Rows[2].New || pa.Rows[2].Error != "" {
		t.Fatalf("with Into: good %d new %+v rows %+v", pa.Good, pa.New, pa.Rows)
	}
	nt := pa.New[0]
	if nt.ReportID != 5 || nt.Title != "举办国际马拉松赛事" || nt.Origin != (report.Origin{File: "ab12", Row: 4}) || nt.Year != 2020 || nt.RegionCode != "320500" ||
		len(nt.Events) != 2 || nt.Events[0].Data["lead_unit"] != "市体育局" || nt.Events[1].Data["deadline"] != "2020-11-30" {
		t.Errorf("new task %+v", nt)
	}
	// A row for a dropped task is refused with the reason.
	dropped := []report.Task{{ID: 9, Title: "新建养老机构床位", Quote: "新建养老机构床位1000张", Year: 2020,
		Events: []report.Event{{Seq: 1, Kind: EvCreated}, {Seq: 2, Kind: EvStatus, Data: map[string]string{"to": Dropped, "reason": "规划调整"}}}}}
	pd, _ := PlanImport(rows[:2], dropped, ImportOptions{Year: 2020, Actor: "督查室"})
	if pd.Bad != 1 || !strings.Contains(pd.Rows[0].Error, "已销号") || len(pd.Batches) != 0 {
		t.Errorf("dropped task: %+v", pd)
	}
	if _, err := PlanImport([][]string{{"序号", "单位"}}, tasks, ImportOptions{Year: 2020, Actor: "x"}); err == nil {
		t.Error("a table without a task column should be refused")
	}
}

func TestSuggest(t *testing.T) {
	y := 2020
	task := report.Task{ID: 1, ReportID: 1, Year: 2020, RegionCode: "320902"}
	commitment := report.Fact{Indicator: "示范居民小区", Action: str("建成"), Value: f64(23), Unit: str("个")}
	achieved := []report.Fact{
		{ID: 7, ReportID: 2, RegionCode: "320902", Year: &y, Indicator: "示范小区", Value: f64(23), Unit: str("个"), Quote: "建成23个示范小区"},
		{ID: 8, ReportID: 2, RegionCode: "320902", Year: &y, Indicator: "高标准农田", Value: f64(3), Unit: str("万亩"), Quote: "建成高标准农田3万亩"},
	}
	sg := Suggest(task, commitment, achieved)
	if sg == nil || sg.FactID != 7 || sg.Verdict != Met {
		t.Errorf("suggestion %+v", sg)
	}
}

// TestSimilarity: the Dice coefficient of letter and digit bigrams, other
// characters skipped.
func TestSimilarity(t *testing.T) {
	for _, c := range []struct {
		a, b   string
		lo, hi float64
	}{
		{"城镇新增就业", "城镇新增就业", 1, 1},
		{"城镇新增就业", "城镇、新增就业", 1, 1},
		{"建成23个示范小区", "建成23个示范居民小区", 0.7, 0.9},
		{"养老机构床位", "地区生产总值", 0, 0},
		{"", "地区生产总值", 0, 0},
	} {
		if got := Similarity(c.a, c.b); got < c.lo || got > c.hi {
			t.Errorf("Similarity(%q, %q) = %.3f, want %.2f–%.2f", c.a, c.b, got, c.lo, c.hi)
		}
	}
}

func TestParseDay(t *testing.T) {
	for _, s := range []string{"2020-12-31", "2020-02-29", "2021-02-29", "2020-04-31", "2020-13-01", "2020-00-10", "2020-01-00",
		"0000-01-01", "2020-1-01", "2020/01/01", "20200101xx", "", "2020-01-0a", "9999-12-31", "2020-06-30"} {
		want, werr := time.Parse("2006-01-02", s)
		got, err := parseDay(s)
		if (err == nil) != (werr == nil) || err == nil && !got.Equal(want) {
			t.Errorf("%q: %v %v, want %v %v", s, got, err, want, werr)
		}
	}
}
