package serve

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// TestCountyYear runs a fictional county's supervision year through the
// server, mid-July 2024: the office imports a 分工方案 with a title row,
// a merged lead-unit cell and nodes; one unit reports on time and asks
// to close, the other says nothing; the first unit's attempt to certify
// itself is refused and the office confirms instead; the mid-year 序时进度
// counts, the 通报 (as DOCX, opened and read) and the unit table follow.
func TestCountyYear(t *testing.T) {
	today := time.Date(2024, 7, 15, 10, 0, 0, 0, time.Local)
	f := newFixture(t, Options{Now: func() time.Time { return today }})
	admin, edu, civil := f.token(t, "admin"), f.token(t, "edu"), f.token(t, "civil")
	for _, name := range []string{"qinghe_2023.txt", "qinghe_2024.txt"} {
		if code, msg := f.upload(t, admin, "../../examples/reports/"+name); code/100 != 2 {
			t.Fatalf("upload %s: %d %s", name, code, msg)
		}
	}

	// The 分工方案, as offices lay it out.
	x := excelize.NewFile()
	sh := "Sheet1"
	x.SetCellValue(sh, "A1", "青禾县2024年政府工作报告重点任务分工方案")
	x.MergeCell(sh, "A1", "F1")
	x.SetSheetRow(sh, "A2", &[]any{"序号", "工作任务", "牵头单位", "责任单位", "完成时限", "节点"})
	x.SetSheetRow(sh, "A3", &[]any{1, "新建幼儿园2所", "区教育局", "区住建局", "2024年11月底", "3月底前完成选址；6月底前开工建设"})
	x.SetSheetRow(sh, "A4", &[]any{2, "新增养老床位400张", "区民政局", "", "2024年12月底", "5月底前完成改造方案；9月底前投入使用"})
	x.SetSheetRow(sh, "A5", &[]any{3, "新建便民生活圈12个", "", "区商务局", "2024年12月底", "4月底前选定点位"})
	x.MergeCell(sh, "C4", "C5") // one lead unit for both rows
	var sheet bytes.Buffer
	x.Write(&sheet)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", "分工方案.xlsx")
	w.Write(sheet.Bytes())
	mw.Close()
	code, msg := f.do(t, "POST", "/api/v1/tasks/import?year=2024", admin, &body, mw.FormDataContentType())
	if code != 200 || !strings.Contains(string(msg), `"good":3`) {
		t.Fatalf("import: %d %s", code, msg)
	}
	byTitle := map[string]report.Task{}
	ts, _ := track.LoadTasks(ctx, f.st, report.TaskFilter{Year: 2024})
	for _, tk := range ts {
		byTitle[tk.Title] = tk
	}
	kg, beds, circle := byTitle["新建幼儿园"], byTitle["新增养老床位"], byTitle["新建便民生活圈"]
	if kg.State.LeadUnit != "区教育局" || len(kg.State.Milestones) != 2 || kg.State.Milestones[0].Due != "2024-03-31" ||
		beds.State.LeadUnit != "区民政局" || circle.State.LeadUnit != "区民政局" || circle.State.CoUnits[0] != "区商务局" {
		t.Fatalf("imported: %+v / %+v / %+v", kg.State, beds.State, circle.State)
	}

	post := func(tok string, id int64, body string) (int, string) {
		code, b := f.do(t, "POST", "/api/v1/tasks/"+itoa(int(id)), tok, strings.NewReader(body), "application/json")
		return code, string(b)
	}
	// 教育局 reports on time, with a file, and asks to close.
	fileBody, ct := multipartFile(t, seedPath(t, "003"))
	code, msg = f.do(t, "POST", "/api/v1/evidence", edu, fileBody, ct)
	var ev struct {
		SHA256 string `json:"sha256"`
	}
	if code != 200 || json.Unmarshal(msg, &ev) != nil {
		t.Fatalf("evidence: %d %s", code, msg)
	}
	if code, msg := post(edu, kg.ID, `{"progress":"两所幼儿园主体完工","evidence_file":"`+ev.SHA256+`","milestones":["完成选址@2024-03-31@done","开工建设@2024-06-30@done"]}`); code != 200 {
		t.Fatalf("教育局 reports: %d %s", code, msg)
	}
	if code, msg := post(edu, kg.ID, `{"verdict":"met","evidence":"自评完成"}`); code != http.StatusForbidden {
		t.Errorf("a unit certifying itself: %d %s", code, msg)
	}
	if code, msg := post(civil, kg.ID, `{"progress":"代报"}`); code != http.StatusForbidden {
		t.Errorf("another unit reporting: %d %s", code, msg)
	}
	if code, msg := post(edu, kg.ID, `{"request":"done"}`); code != 200 {
		t.Fatalf("教育局 asks to close: %d %s", code, msg)
	}
	if code, msg := post(admin, kg.ID, `{"status":"done","verdict":"met","evidence":"督查室实地核查"}`); code != 200 {
		t.Fatalf("the office confirms: %d %s", code, msg)
	}
	// The office rates the delivery; a unit cannot rate itself.
	if code, msg := post(edu, kg.ID, `{"rating":"100"}`); code != http.StatusForbidden {
		t.Errorf("a unit rating itself: %d %s", code, msg)
	}
	if code, msg := post(admin, kg.ID, `{"rating":"95","reason":"提前一个月建成"}`); code != 200 {
		t.Fatalf("the office rates: %d %s", code, msg)
	}

	// Mid-year: 序时进度 of the year's tasks.
	_, list := f.do(t, "GET", "/api/v1/tasks?year=2024&per_page=100", "", nil, "")
	var page struct {
		Items []struct {
			Title    string         `json:"title"`
			Schedule track.Schedule `json:"schedule"`
		} `json:"items"`
	}
	json.Unmarshal(list, &page)
	classes := map[string]int{}
	for _, it := range page.Items {
		classes[it.Schedule.Class]++
		if it.Title == "新增养老床位" && (it.Schedule.Class != track.Behind || it.Schedule.NodesOverdue != 1) {
			t.Errorf("the silent unit's task: %+v", it.Schedule)
		}
	}
	if len(page.Items) != 6 || classes[track.Finished] != 1 || classes[track.Behind] != 5 {
		t.Errorf("序时进度 of %d tasks: %v", len(page.Items), classes)
	}

	// The 通报 as of the end of June, as a Word file.
	code, docx := f.do(t, "GET", "/tasks/report?year=2024&month=6&format=docx", "", nil, "")
	res, err := clean.Clean(docx, "docx", clean.Options{})
	if code != 200 || err != nil {
		t.Fatalf("通报: %d %v", code, err)
	}
	text := res.Text.String()
	for _, want := range []string{"关于2024年政府工作报告重点任务推进情况的通报", "截至2024年6月30日", "纳入督查的重点任务共6项", "已完成1项，占16.7%", "区民政局：欠进度或逾期任务2项"} {
		if !strings.Contains(text, want) {
			t.Errorf("the 通报 lacks %q:\n%s", want, text)
		}
	}
	if code, body := f.do(t, "GET", "/tasks/report?year=2024&month=6", "", nil, ""); code != 200 || !strings.Contains(string(body), "下一步工作要求") {
		t.Errorf("the 通报 page: %d", code)
	}

	// The unit table: 教育局 ahead of 民政局, whose nodes are overdue.
	_, units := f.do(t, "GET", "/units?year=2024", "", nil, "")
	u := string(units)
	if i, j := strings.Index(u, "区教育局"), strings.Index(u, "区民政局"); i < 0 || j < 0 || i > j {
		t.Errorf("unit table order: 教育局 at %d, 民政局 at %d", i, j)
	}
	if !strings.Contains(u, "督查室评分 95 分（1 项平均）") || !strings.Contains(u, "督查室评分 未评") {
		t.Errorf("the 绩效考核 computation does not show the office's rating:\n%s", u)
	}
	for _, p := range track.Performances(mustTasks(t, f, 2024), today, track.DefaultWeights()) {
		if p.Unit == "区教育局" && (p.Rated != 1 || p.RatingMean != 95 || p.Rank != 1) {
			t.Errorf("区教育局 绩效考核: %+v", p)
		}
	}
	scores := track.Units(mustTasks(t, f, 2024), today)
	for _, s := range scores {
		if s.Unit == "区民政局" && (s.NodesOverdue != 2 || s.Behind != 2) {
			t.Errorf("区民政局: %+v", s)
		}
		if s.Unit == "区教育局" && (s.Done != 1 || s.OnTime != 1 || s.Rank != 1) {
			t.Errorf("区教育局: %+v", s)
		}
	}
}

func mustTasks(t *testing.T, f *fixture, year int) []report.Task {
	ts, err := track.LoadTasks(ctx, f.st, report.TaskFilter{Year: year})
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// TestImportAddsOfficeTasks: a row of the 分工方案 that matches no
// commitment is refused unless the office asks for it to be added; then
// it becomes a task pointing to its row of the sheet, kept byte for byte.
func TestImportAddsOfficeTasks(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	if code, msg := f.upload(t, admin, "../../examples/reports/qinghe_2024.txt"); code/100 != 2 {
		t.Fatalf("upload: %d %s", code, msg)
	}
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"序号", "工作任务", "牵头单位", "完成时限", "节点"})
	x.SetSheetRow("Sheet1", "A2", &[]any{1, "新建幼儿园2所", "区教育局", "2024年11月底", ""})
	x.SetSheetRow("Sheet1", "A3", &[]any{2, "建设智慧城市大脑一期", "区大数据局", "2024年12月底", "6月底前完成招标"})
	var sheet bytes.Buffer
	x.Write(&sheet)
	send := func(query string) (int, []byte) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		w, _ := mw.CreateFormFile("file", "分工方案.xlsx")
		w.Write(sheet.Bytes())
		mw.Close()
		return f.do(t, "POST", "/api/v1/tasks/import?year=2024"+query, admin, &body, mw.FormDataContentType())
	}
	before, _ := track.LoadTasks(ctx, f.st, report.TaskFilter{Year: 2024})
	if code, msg := send(""); code != 422 || !strings.Contains(string(msg), "add-unmatched") {
		t.Fatalf("an unmatched row without the flag: %d %s", code, msg)
	}
	code, msg := send("&add_unmatched=true")
	var res struct {
		Good     int     `json:"good"`
		NewTasks []int64 `json:"new_tasks"`
	}
	if code != 200 || json.Unmarshal(msg, &res) != nil || res.Good != 2 || len(res.NewTasks) != 1 {
		t.Fatalf("with add_unmatched: %d %s", code, msg)
	}
	after, _ := track.LoadTasks(ctx, f.st, report.TaskFilter{Year: 2024})
	if len(after) != len(before)+1 {
		t.Fatalf("tasks %d → %d", len(before), len(after))
	}
	code, msg = f.do(t, "GET", "/api/v1/tasks/"+itoa(int(res.NewTasks[0])), admin, nil, "")
	var tk report.Task
	if code != 200 || json.Unmarshal(msg, &tk) != nil || tk.Origin == nil || tk.Origin.Row != 3 || tk.State.LeadUnit != "区大数据局" ||
		len(tk.State.Milestones) != 1 || tk.State.Milestones[0].Due != "2024-06-30" {
		t.Fatalf("the office's task: %d %s", code, msg)
	}
	if code, kept := f.do(t, "GET", "/api/v1/evidence/"+tk.Origin.File, admin, nil, ""); code != 200 || !bytes.Equal(kept, sheet.Bytes()) {
		t.Errorf("the sheet as kept: %d, %d bytes of %d", code, len(kept), sheet.Len())
	}
	if code, page := f.do(t, "GET", "/tasks/"+itoa(int(tk.ID)), admin, nil, ""); code != 200 || !strings.Contains(string(page), "督查室新增") || !strings.Contains(string(page), "第 3 行") {
		t.Errorf("task page: %d", code)
	}
}

// TestChartsTellTheTruth: the region page draws targets as they were
// written and results by verdict, with the data to download; the compare
// page ranks one year as bars and keeps a range a range.
func TestChartsTellTheTruth(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	for _, name := range []string{"006_guowuyuan_national_2014.txt", "007_guowuyuan_national_2015.txt", "008_guowuyuan_national_2016.txt", "009_guowuyuan_national_2017.txt", "010_guowuyuan_national_2018.txt"} {
		if code, msg := f.upload(t, admin, "../../../shared/corpus/"+name); code != 200 {
			t.Fatalf("upload %s: %d %s", name, code, msg)
		}
	}
	status, page := f.do(t, "GET", "/regions/100000", "", nil, "")
	body := string(page)
	if status != 200 {
		t.Fatalf("region page: %d", status)
	}
	for _, want := range []string{`<svg class="chart"`, "地区生产总值增速：目标与实际", `class="band"`, "下载图表数据（CSV）", `download="`, "data:text/csv;charset=utf-8,%EF%BB%BF", `/static/chart.js`, ">完成<"} {
		if !strings.Contains(body, want) {
			t.Errorf("the region page lacks %q", want)
		}
	}
	if strings.Contains(body, "e+0") {
		t.Error("a number in exponent form")
	}
	// 2016's 6.5%—7% is a range; 2018's 6.5%左右 a value with its tolerance.
	for _, want := range []string{"2016年目标 6.5～7：", "2018年目标 6～7："} {
		if !strings.Contains(body, want) {
			t.Errorf("the region page lacks the target %q", want)
		}
	}
	status, page = f.do(t, "GET", "/compare?regions=100000&indicator=gdp&kind=target&from=2016&to=2016", "", nil, "")
	body = string(page)
	if status != 200 || !strings.Contains(body, "各地最近一年的目标") || !strings.Contains(body, "6.5～7%") || !strings.Contains(body, ">6.5–7%<") {
		t.Errorf("compare, one year: %d", status)
	}
	if strings.Contains(body, `<polyline`) {
		t.Error("one year is drawn as a line")
	}
}
