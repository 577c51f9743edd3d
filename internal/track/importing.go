package track

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// Columns of a task-decomposition table, by the names offices give them.
var columnNames = map[string][]string{
	"no":       {"序号", "编号"},
	"task":     {"工作任务", "重点任务", "任务", "目标任务", "工作内容", "具体任务", "任务内容"},
	"lead":     {"牵头单位", "责任单位（牵头）", "牵头部门", "主要责任单位"},
	"co":       {"责任单位", "配合单位", "协办单位", "参与单位", "责任部门"},
	"deadline": {"完成时限", "时限", "完成时间", "时间节点", "完成期限"},
	"official": {"责任领导", "牵头领导", "分管领导"},
	"status":   {"状态", "完成情况"},
	"progress": {"进展", "进展情况", "推进情况"},
	"nodes":    {"节点", "项目节点", "推进节点", "节点安排", "进度安排"},
}

// headerRow finds the header below the title rows offices put above it
// (关于…的分工方案, 填报单位…): the first of the first ten rows that
// names a task column.
func headerRow(rows [][]string) int {
	for i, r := range rows[:min(len(rows), 10)] {
		for _, h := range r {
			h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
			for _, n := range columnNames["task"] {
				if h == n {
					return i
				}
			}
		}
	}
	return 0
}

var reNode = regexp.MustCompile(`^(\d{1,2}月(?:底|末|中旬|上旬|下旬|\d{1,2}日)?)前?[，,：:]?(.+)$`)

// nodes reads a 节点 cell: 名称@日期 items, or the way offices write them,
// 3月底前完成选址；6月底前开工建设, separated by ；, ; or a line break.
func nodes(cell string, year int) ([]string, error) {
	var out []string
	for _, item := range strings.FieldsFunc(cell, func(r rune) bool { return r == '；' || r == ';' || r == '\n' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		item, reached := strings.CutSuffix(item, "（已完成）") // as the export writes a reached node
		name, due, ok := strings.Cut(item, "@")
		due = strings.TrimSuffix(due, "@done")
		if !ok {
			m := reNode.FindStringSubmatch(item)
			if m == nil {
				return nil, report.Errorf(report.Invalid, "节点 %q：写作 名称@日期 或 3月底前完成选址", item)
			}
			due, name = m[1], strings.TrimSpace(m[2])
		}
		d, err := ParseDeadline(due, year)
		if err != nil || d == "" {
			return nil, report.Errorf(report.Invalid, "节点 %q 的日期 %q 读不出", item, due)
		}
		if reached {
			d += "@done"
		}
		out = append(out, name+"@"+d)
	}
	return out, nil
}

// RowResult is what an imported row came to.
type RowResult struct {
	Row    int     `json:"row"` // 1-based, as the spreadsheet shows
	Text   string  `json:"text"`
	TaskID int64   `json:"task_id,omitempty"`
	New    bool    `json:"new,omitempty"` // matched no commitment and becomes the office's own task
	Score  float64 `json:"score"`
	Error  string  `json:"error,omitempty"` // why the row cannot be imported
}

// Plan is an import checked against the stored tasks, before anything is
// written.
type Plan struct {
	Rows    []RowResult
	Good    int
	Bad     int
	Batches []report.EventBatch // the matched rows' events, ready to append
	New     []report.NewTask    // rows that become tasks of their own (ImportOptions.Into)
}

// ImportOptions say how a sheet is read.
type ImportOptions struct {
	Year  int    // fills in dates written without a year
	Actor string // who imports
	// Into, when set, makes each row that matches no commitment a task of
	// the office's own in this report, pointing to its row of the sheet
	// kept as Sheet (SHA-256). Without it such rows are listed for review.
	Into  *report.Report
	Sheet string
}

// PlanImport reads a task-decomposition table (header row first, title
// rows above it skipped), matches each row to a stored task by the text of
// its commitment, and prepares the events that would record its units,
// deadline, nodes and progress, checked against the task's state.
func PlanImport(rows [][]string, tasks []report.Task, opt ImportOptions) (Plan, error) {
	var p Plan
	if len(rows) == 0 {
		return p, report.Errorf(report.Invalid, "表格是空的")
	}
	head := headerRow(rows)
	rows = rows[head:]
	col := map[string]int{}
	for i, h := range rows[0] {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		for key, names := range columnNames {
			for _, n := range names {
				if h == n {
					if _, seen := col[key]; !seen {
						col[key] = i
					}
				}
			}
		}
	}
	if _, ok := col["task"]; !ok {
		return p, report.Errorf(report.Invalid, "表头没有任务列：须有 %s 之一", strings.Join(columnNames["task"], "、"))
	}
	get := func(r []string, key string) string {
		i, ok := col[key]
		if !ok || i >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[i])
	}
	used := map[int64]int{}
	for n, r := range rows[1:] {
		res := RowResult{Row: head + n + 2, Text: get(r, "task")}
		if strings.TrimSpace(strings.Join(r, "")) == "" {
			continue // blank rows are layout
		}
		res.Error = func() string {
			if res.Text == "" {
				return "任务一栏是空的"
			}
			deadline, err := ParseDeadline(get(r, "deadline"), opt.Year)
			if err != nil {
				return fmt.Sprintf("完成时限 %q：%v", get(r, "deadline"), err)
			}
			i, score := BestMatch(res.Text, tasks)
			res.Score = score
			var t report.Task
			switch {
			case i >= 0:
				t = tasks[i]
				if prev, dup := used[t.ID]; dup {
					return fmt.Sprintf("与第 %d 行是同一项承诺", prev)
				}
				used[t.ID] = res.Row
				res.TaskID = t.ID
			case opt.Into != nil:
				res.New = true
				t = report.Task{Year: opt.Into.Identity.PlanTo}
				if t.Year == 0 {
					t.Year = opt.Year
				}
			default:
				return fmt.Sprintf("报告中没有与之相符的承诺（最高相似度 %.2f）；督查室可将其作为新任务导入（--add-unmatched）", score)
			}
			events, err := rowEvents(get, r, t, deadline, opt.Actor)
			if err != nil {
				return err.Error()
			}
			if res.New {
				id := opt.Into.Identity
				p.New = append(p.New, report.NewTask{ReportID: opt.Into.ID, Region: id.Region, RegionCode: id.RegionCode, Year: t.Year,
					Title: res.Text, Quote: res.Text, Origin: report.Origin{File: opt.Sheet, Row: res.Row}, Actor: opt.Actor, Events: events})
			} else if len(events) > 0 {
				p.Batches = append(p.Batches, report.EventBatch{TaskID: t.ID, AfterSeq: lastSeq(t), Events: events})
			}
			return ""
		}()
		if res.Error != "" {
			p.Bad++
		} else {
			p.Good++
		}
		p.Rows = append(p.Rows, res)
	}
	return p, nil
}

// rowEvents are the events that record a row's units, deadline, nodes and
// progress on task t, each checked against the state the ones before it
// leave.
func rowEvents(get func([]string, string) string, r []string, t report.Task, deadline, actor string) ([]report.Event, error) {
	var events []report.Event
	// Only what differs from the task as it stands is recorded, so that a
	// re-imported export changes nothing.
	assign := map[string]string{}
	if v := get(r, "lead"); v != "" && v != t.State.LeadUnit {
		assign["lead_unit"] = v
	}
	if v := get(r, "co"); v != "" && !slices.Equal(splitUnits(v), t.State.CoUnits) {
		assign["co_units"] = v
	}
	if v := get(r, "official"); v != "" && v != t.State.LeadOfficial {
		assign["lead_official"] = v
	}
	if len(assign) > 0 {
		events = append(events, report.Event{Actor: actor, Kind: EvAssign, Data: assign})
	}
	if deadline != "" && deadline != t.State.Deadline {
		events = append(events, report.Event{Actor: actor, Kind: EvDeadline, Data: map[string]string{"deadline": deadline}})
	}
	ns, err := nodes(get(r, "nodes"), t.Year)
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		name, due, _ := strings.Cut(n, "@")
		due, done := strings.CutSuffix(due, "@done")
		if known(t, name, due, done) {
			continue // the node as it stands: a re-imported export changes nothing
		}
		events = append(events, report.Event{Actor: actor, Kind: EvMilestone, Data: map[string]string{"name": name, "due": due, "done": strconv.FormatBool(done)}})
	}
	if v := get(r, "progress"); v != "" && !reported(t, v) {
		events = append(events, report.Event{Actor: actor, Kind: EvProgress, Data: map[string]string{"text": v}})
	}
	all := append([]report.Event(nil), t.Events...)
	for _, e := range events {
		if err := CheckEvent(Fold(all, EndOfYear(t.Year)), e); err != nil {
			return nil, err
		}
		all = append(all, e)
	}
	return events, nil
}

// reported tells progress the task's latest report already says.
func reported(t report.Task, text string) bool {
	p := t.State.Progress
	return len(p) > 0 && p[len(p)-1].Text == text
}

// known tells a node the task already has, with that date and state.
func known(t report.Task, name, due string, done bool) bool {
	for _, m := range t.State.Milestones {
		if m.Name == name && m.Due == due && m.Done == done {
			return true
		}
	}
	return false
}

func lastSeq(t report.Task) int {
	if n := len(t.Events); n > 0 {
		return t.Events[n-1].Seq
	}
	return 0
}

// ExportRows writes tasks in the shape offices keep them.
func ExportRows(tasks []report.Task, status func(report.Task) string, now time.Time) [][]string {
	rows := [][]string{{"序号", "工作任务", "牵头单位", "责任单位", "完成时限", "节点", "状态", "序时进度", "最新进展", "结论", "督查室评分", "证据", "记录数", "原文", "任务编号"}}
	for i, t := range tasks {
		s := t.State
		last := ""
		if n := len(s.Progress); n > 0 {
			last = s.Progress[n-1].Text
		}
		var nodes []string
		for _, m := range s.Milestones {
			n := m.Name + "@" + DateZH(m.Due)
			if m.Done {
				n += "（已完成）"
			}
			nodes = append(nodes, n)
		}
		// Evidence of every kind: the verdict's, and each progress report's
		// link and file.
		var evidence []string
		if s.Evidence != "" {
			evidence = append(evidence, s.Evidence)
		}
		for _, p := range s.Progress {
			if p.Evidence != "" {
				evidence = append(evidence, p.Evidence)
			}
			if p.EvidenceFile != "" {
				evidence = append(evidence, "文件 "+p.EvidenceFile)
			}
		}
		rating := ""
		if s.Rating != nil {
			rating = fmt.Sprint(s.Rating.Score)
		}
		quote := t.Quote
		if t.Origin != nil {
			quote = fmt.Sprintf("督查室新增（分工方案第 %d 行）：%s", t.Origin.Row, t.Quote)
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), t.Title, s.LeadUnit, strings.Join(s.CoUnits, "、"), DateZH(s.Deadline), strings.Join(nodes, "；"),
			StatusZH(status(t)), ScheduleZH(ScheduleOf(t, now).Class), last, VerdictZH(s.Verdict), rating, strings.Join(evidence, "；"), fmt.Sprint(len(t.Events)), quote, fmt.Sprint(t.ID)})
	}
	return rows
}

// StatusZH names a status in Chinese.
func StatusZH(s string) string {
	return map[string]string{NotStarted: "未启动", InProgress: "推进中", Done: "已完成", Overdue: "已逾期", Dropped: "已取消"}[s]
}

// VerdictZH names a verdict in Chinese.
func VerdictZH(v string) string {
	return map[string]string{Met: "完成", Exceeded: "超额完成", Missed: "未完成", NoResult: "无结果", NotComparable: "不可比", Unverifiable: "无法核实"}[v]
}

// ImportRequest is a 分工方案 sheet to import into the tasks a filter
// selects.
type ImportRequest struct {
	Name   string // the file's name, kept with it
	Raw    []byte // the file as uploaded, kept when a row becomes a task
	Rows   [][]string
	Filter report.TaskFilter
	Actor  string
	// AddUnmatched makes rows that match no commitment tasks of the
	// office's own in the one report the filter names.
	AddUnmatched bool
	// Partial writes the good rows even when some are bad.
	Partial bool
}

// ImportResult is what an import planned and whether it was written.
type ImportResult struct {
	Plan
	Imported bool
	NewIDs   []int64
}

// Import plans a sheet against the stored tasks and writes it, all or
// none, unless a row is bad and the request is not partial.
func Import(ctx context.Context, st report.Store, req ImportRequest) (*ImportResult, error) {
	ts, err := LoadTasks(ctx, st, req.Filter)
	if err != nil {
		return nil, err
	}
	opt := ImportOptions{Year: req.Filter.Year, Actor: req.Actor}
	if opt.Year == 0 && len(ts) > 0 {
		opt.Year = ts[0].Year
	}
	if req.AddUnmatched {
		r, err := planReport(ctx, st, req.Filter)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(req.Raw)
		opt.Into, opt.Sheet = r, hex.EncodeToString(sum[:])
		if opt.Year == 0 {
			opt.Year = r.Identity.PlanTo
		}
	}
	plan, err := PlanImport(req.Rows, ts, opt)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Plan: plan, Imported: plan.Bad == 0 || req.Partial}
	if !res.Imported {
		return res, nil
	}
	if len(plan.New) == 0 {
		return res, st.AppendEvents(ctx, plan.Batches)
	}
	if _, err := st.AddEvidence(ctx, req.Name, req.Raw); err != nil {
		return nil, err
	}
	res.NewIDs, err = st.AddTasks(ctx, plan.New, plan.Batches)
	return res, err
}

// planReport is the one report a 分工方案 decomposes: the report the filter
// names, or the only annual report of its region and year.
func planReport(ctx context.Context, st report.Store, f report.TaskFilter) (*report.Report, error) {
	if f.ReportID != 0 {
		return st.Report(ctx, f.ReportID)
	}
	if f.Year == 0 {
		return nil, report.Errorf(report.Invalid, "新增任务须指明所属报告：给出报告编号，或年份（和地区）")
	}
	rs, err := st.Reports(ctx, report.ReportFilter{Region: f.Region, Year: f.Year})
	if err != nil {
		return nil, err
	}
	var found []report.Report
	for _, r := range rs {
		if r.Identity.Kind != report.KindSummary { // a digest is not the report tasks are set from

			found = append(found, r)
		}
	}
	if len(found) != 1 {
		return nil, report.Errorf(report.Invalid, "%s%d 年有 %d 份报告：新增任务须用报告编号指明属于哪一份", f.Region, f.Year, len(found))
	}
	return &found[0], nil
}
