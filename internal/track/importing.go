package track

import (
	"fmt"
	"regexp"
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
				return nil, fmt.Errorf("节点 %q：写作 名称@日期 或 3月底前完成选址", item)
			}
			due, name = m[1], strings.TrimSpace(m[2])
		}
		d, err := ParseDeadline(due, year)
		if err != nil || d == "" {
			return nil, fmt.Errorf("节点 %q 的日期 %q 读不出", item, due)
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
	Row    int            `json:"row"` // 1-based, as the spreadsheet shows
	Text   string         `json:"text"`
	TaskID int64          `json:"task_id,omitempty"`
	Score  float64        `json:"score"`
	Error  string         `json:"error,omitempty"` // why the row cannot be imported
	Events []report.Event `json:"-"`
}

// Plan is an import checked against the stored tasks, before anything is
// written.
type Plan struct {
	Rows    []RowResult
	Good    int
	Bad     int
	Batches []report.EventBatch // the good rows' events, ready to append
}

// PlanImport reads a task-decomposition table (header row first), matches
// each row to a stored task by the text of its commitment, and prepares
// the events that would record its units and deadline, checked against
// the task's state. year fills in
// deadlines written without one.
func PlanImport(rows [][]string, tasks []report.Task, year int, actor string) (Plan, error) {
	var p Plan
	if len(rows) == 0 {
		return p, report.Errorf(report.Invalid, "the table is empty")
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
		return p, report.Errorf(report.Invalid, "no task column: the header needs one of %s", strings.Join(columnNames["task"], "、"))
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
		switch {
		case res.Text == "":
			res.Error = "the task cell is empty"
		default:
			deadline, err := ParseDeadline(get(r, "deadline"), year)
			if err != nil {
				res.Error = fmt.Sprintf("deadline %q: %v", get(r, "deadline"), err)
				break
			}
			i, score := BestMatch(res.Text, tasks)
			res.Score = score
			if i < 0 {
				res.Error = fmt.Sprintf("matches no stored commitment (best likeness %.2f)", score)
				break
			}
			t := tasks[i]
			if prev, dup := used[t.ID]; dup {
				res.Error = fmt.Sprintf("names the same commitment as row %d", prev)
				break
			}
			used[t.ID] = res.Row
			res.TaskID = t.ID
			assign := map[string]string{}
			if v := get(r, "lead"); v != "" {
				assign["lead_unit"] = v
			}
			if v := get(r, "co"); v != "" {
				assign["co_units"] = v
			}
			if v := get(r, "official"); v != "" {
				assign["lead_official"] = v
			}
			if len(assign) > 0 {
				res.Events = append(res.Events, report.Event{Actor: actor, Kind: EvAssign, Data: assign})
			}
			if deadline != "" {
				res.Events = append(res.Events, report.Event{Actor: actor, Kind: EvDeadline, Data: map[string]string{"deadline": deadline}})
			}
			ns, err := nodes(get(r, "nodes"), t.Year)
			if err != nil {
				res.Error = err.Error()
				break
			}
			for _, n := range ns {
				name, due, _ := strings.Cut(n, "@")
				due, done := strings.CutSuffix(due, "@done")
				if known(t, name, due, done) {
					continue // the node as it stands: a re-imported export changes nothing
				}
				res.Events = append(res.Events, report.Event{Actor: actor, Kind: EvMilestone, Data: map[string]string{"name": name, "due": due, "done": strconv.FormatBool(done)}})
			}
			if v := get(r, "progress"); v != "" {
				res.Events = append(res.Events, report.Event{Actor: actor, Kind: EvProgress, Data: map[string]string{"text": v}})
			}
			// Each event must suit the state the ones before it leave.
			all := append([]report.Event(nil), t.Events...)
			for _, e := range res.Events {
				if err := CheckEvent(Fold(all, EndOfYear(t.Year)), e); err != nil {
					res.Error = err.Error()
					break
				}
				all = append(all, e)
			}
			if res.Error == "" && len(res.Events) > 0 {
				p.Batches = append(p.Batches, report.EventBatch{TaskID: t.ID, AfterSeq: lastSeq(t), Events: res.Events})
			}
		}
		if res.Error != "" {
			p.Bad++
		} else {
			p.Good++
		}
		p.Rows = append(p.Rows, res)
	}
	return p, nil
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
	rows := [][]string{{"序号", "工作任务", "牵头单位", "责任单位", "完成时限", "节点", "状态", "序时进度", "最新进展", "结论", "证据", "记录数", "原文", "任务编号"}}
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
		rows = append(rows, []string{fmt.Sprint(i + 1), t.Title, s.LeadUnit, strings.Join(s.CoUnits, "、"), DateZH(s.Deadline), strings.Join(nodes, "；"),
			StatusZH(status(t)), ScheduleZH(ScheduleOf(t, now).Class), last, VerdictZH(s.Verdict), strings.Join(evidence, "；"), fmt.Sprint(len(t.Events)), t.Quote, fmt.Sprint(t.ID)})
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
