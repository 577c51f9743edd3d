package track

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// report.Task statuses. Overdue is not stored: it is read from the deadline and
// the clock.
const (
	NotStarted = "not_started"
	InProgress = "in_progress"
	Done       = "done"
	Overdue    = "overdue"
	Dropped    = "dropped"
)

// report.Event kinds.
const (
	EvCreated   = "created"
	EvAssign    = "assign"    // lead unit, co-units, lead official
	EvDeadline  = "deadline"  // a new deadline
	EvMilestone = "milestone" // a node with its own date
	EvStatus    = "status"    // a status change, with a reason
	EvProgress  = "progress"  // a progress update with its evidence
	EvVerdict   = "verdict"   // the final verdict with its evidence
	EvSuggest   = "suggest"   // evidence proposed by a later report; a person confirms
	EvRequest   = "request"   // a unit asks to close (申请办结) or drop (申请销号) the task
	EvRating    = "rating"    // the office's score of the task (督查室评分)
)

// Fold derives a task's state from its events, in order. Events that an
// earlier check should have refused are skipped, so a state is always
// well formed.
func Fold(events []report.Event, defaultDeadline string) report.State {
	s := report.State{Status: NotStarted, Deadline: defaultDeadline, CoUnits: []string{}, Milestones: []report.Milestone{}, Progress: []report.Progress{}}
	for _, e := range events {
		if s.Status == Dropped && e.Kind != EvCreated && e.Kind != EvStatus {
			continue // a dropped task takes nothing but the office reopening it
		}
		switch e.Kind {
		case EvAssign:
			if v, ok := e.Data["lead_unit"]; ok {
				s.LeadUnit = v
			}
			if v, ok := e.Data["co_units"]; ok {
				s.CoUnits = splitUnits(v)
			}
			if v, ok := e.Data["lead_official"]; ok {
				s.LeadOfficial = v
			}
		case EvDeadline:
			s.Deadline = e.Data["deadline"]
		case EvMilestone:
			m := report.Milestone{Name: e.Data["name"], Due: e.Data["due"], Done: e.Data["done"] == "true"}
			replaced := false
			for i := range s.Milestones {
				if s.Milestones[i].Name == m.Name {
					s.Milestones[i], replaced = m, true
				}
			}
			if !replaced {
				s.Milestones = append(s.Milestones, m)
			}
		case EvRequest:
			if code := e.Data["miss_reason"]; code != "" {
				s.MissReasonProposed = code // what the unit says went wrong
				break
			}
			s.Request = &report.Request{To: e.Data["to"], Reason: e.Data["reason"], By: e.Actor, At: e.At}
		case EvStatus:
			if CheckTransition(s.Status, e.Data["to"], e.Data["reason"]) == nil {
				s.Request = nil // the office decided
				s.Status = e.Data["to"]
				if s.Status == Done {
					s.DoneOn = e.At.Format("2006-01-02")
				} else {
					s.DoneOn = ""
				}
			}
		case EvProgress:
			s.Progress = append(s.Progress, report.Progress{At: e.At, Actor: e.Actor, Text: e.Data["text"], Evidence: e.Data["evidence"], EvidenceFile: e.Data["evidence_file"]})
			if s.Status == NotStarted {
				s.Status = InProgress
			}
		case EvRating:
			if n, err := ratingScore(e.Data["score"]); err == nil {
				s.Rating = &report.Rating{Score: n, Note: e.Data["note"], By: e.Actor, At: e.At}
			}
		case EvVerdict:
			s.Verdict, s.Evidence = e.Data["verdict"], e.Data["evidence"]
			if s.Verdict == Missed {
				s.MissReason, s.MissReasonText = e.Data["miss_reason"], e.Data["reason"]
			}
			if s.Verdict == Met || s.Verdict == Exceeded {
				s.Status, s.DoneOn, s.Request = Done, e.At.Format("2006-01-02"), nil
			}
		}
		s.Updated = e.At
	}
	return s
}

func splitUnits(s string) []string {
	out := []string{}
	for _, u := range strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == ' ' }) {
		if u != "" {
			out = append(out, u)
		}
	}
	return out
}

// transitions lists the legal status changes; those marked true need a
// reason (reopening finished work).
var transitions = map[string]map[string]bool{
	NotStarted: {InProgress: false, Done: false, Dropped: true},
	InProgress: {Done: false, Dropped: true, NotStarted: true},
	Done:       {InProgress: true, NotStarted: true},
	Dropped:    {InProgress: true, NotStarted: true}, // the office may reopen a dropped task, with a reason
}

// CheckTransition says whether a task may move from one status to another;
// the error says why not.
func CheckTransition(from, to, reason string) error {
	if to == Overdue {
		return report.Errorf(report.Invalid, "“已逾期”由完成时限推算，不能设定")
	}
	next, ok := transitions[from]
	if !ok {
		return report.Errorf(report.Invalid, "未知状态 %q", from)
	}
	if _, known := transitions[to]; !known {
		return report.Errorf(report.Invalid, "未知状态 %q（可选 not_started 未启动、in_progress 推进中、done 已完成、dropped 已销号）", to)
	}
	if from == to {
		return report.Errorf(report.Invalid, "任务已是%s", StatusZH(to))
	}
	needReason, ok := next[to]
	if !ok {
		return report.Errorf(report.Invalid, "任务不能从%s改为%s", StatusZH(from), StatusZH(to))
	}
	if needReason && strings.TrimSpace(reason) == "" {
		return report.Errorf(report.Invalid, "从%s改为%s须写明理由", StatusZH(from), StatusZH(to))
	}
	return nil
}

// CheckEvent says whether an event may be added to a task in state s.
func CheckEvent(s report.State, e report.Event) error {
	if s.Status == Dropped && e.Kind != EvStatus {
		return report.Errorf(report.Conflict, "任务已销号，只能由督查室重新启用")
	}
	switch e.Kind {
	case EvRequest:
		if e.Data["miss_reason"] != "" {
			break // a proposed reason for a miss
		}
		switch e.Data["to"] {
		case Done:
		case Dropped:
			if strings.TrimSpace(e.Data["reason"]) == "" {
				return report.Errorf(report.Invalid, "申请销号须写明理由")
			}
		default:
			return report.Errorf(report.Invalid, "request=%q：可申请 done（办结）或 dropped（销号）", e.Data["to"])
		}
	case EvStatus:
		return CheckTransition(s.Status, e.Data["to"], e.Data["reason"])
	case EvDeadline:
		if _, err := parseDay(e.Data["deadline"]); err != nil {
			return report.Errorf(report.Invalid, "完成时限 %q 不是日期", e.Data["deadline"])
		}
	case EvMilestone:
		if e.Data["name"] == "" {
			return report.Errorf(report.Invalid, "节点须有名称")
		}
		if _, err := parseDay(e.Data["due"]); err != nil {
			return report.Errorf(report.Invalid, "节点日期 %q 不是日期", e.Data["due"])
		}
	case EvProgress:
		if strings.TrimSpace(e.Data["text"]) == "" {
			return report.Errorf(report.Invalid, "进展须有内容")
		}
	case EvVerdict:
		switch e.Data["verdict"] {
		case Met, Exceeded, Missed, NoResult, NotComparable, Unverifiable:
		default:
			return report.Errorf(report.Invalid, "结论 %q：可选 met 完成、exceeded 超额完成、missed 未完成、no_result 无结果、not_comparable 不可比、unverifiable 无法核实", e.Data["verdict"])
		}
		if e.Data["verdict"] == Missed && e.Data["miss_reason"] == "" {
			return report.Errorf(report.Invalid, "判定未完成须给出原因代码 miss_reason：funds、policy、approval、conditions 或 other")
		}
		if e.Data["miss_reason"] == "other" && strings.TrimSpace(e.Data["reason"]) == "" {
			return report.Errorf(report.Invalid, "原因为“其他”时须写明原因")
		}
		if strings.TrimSpace(e.Data["evidence"]) == "" {
			return report.Errorf(report.Invalid, "结论须有证据")
		}
	case EvRating:
		if _, err := ratingScore(e.Data["score"]); err != nil {
			return err
		}
	case EvAssign, EvSuggest, EvCreated:
	default:
		return report.Errorf(report.Invalid, "未知记录类型 %q", e.Kind)
	}
	return nil
}

// ratingScore reads an office's score: a whole number from 0 to 100.
func ratingScore(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 100 {
		return 0, report.Errorf(report.Invalid, "评分 %q：须是 0 到 100 的整数", s)
	}
	return n, nil
}

// Current returns the status shown to people: overdue when the deadline
// has passed and the task is neither done nor dropped.
func Current(s report.State, now time.Time) string {
	return current(s.Status, s.Deadline, now)
}

func current(status, deadline string, now time.Time) string {
	if status == Done || status == Dropped || deadline == "" {
		return status
	}
	due, err := parseDay(deadline)
	if err == nil && now.After(due.Add(24*time.Hour)) {
		return Overdue
	}
	return status
}

// UnitScore is one row of the per-unit table (晾晒).
type UnitScore struct {
	Rank         int     `json:"rank"` // units tied on the score share a rank
	Unit         string  `json:"unit"`
	Tasks        int     `json:"tasks"`
	Done         int     `json:"done"`
	OnTime       int     `json:"on_time"`
	Overdue      int     `json:"overdue"`
	Dropped      int     `json:"dropped"`
	Behind       int     `json:"behind"`        // 欠进度
	NodesOverdue int     `json:"nodes_overdue"` // nodes past due and not reached
	OnTimePc     float64 `json:"on_time_pct"`
}

// Units ranks lead units by on-time completion, then by fewest overdue.
func Units(tasks []report.Task, now time.Time) []UnitScore {
	return unitsOf(len(tasks), func(i int) line { return lineOf(tasks[i]) }, now)
}

func unitsOf(n int, lineAt func(int) line, now time.Time) []UnitScore {
	by := map[string]*UnitScore{}
	for i := range n {
		t := lineAt(i)
		u := t.leadUnit
		if u == "" {
			u = "（未分配）"
		}
		s := by[u]
		if s == nil {
			s = &UnitScore{Unit: u}
			by[u] = s
		}
		s.Tasks++
		sc := t.schedule(now)
		s.NodesOverdue += sc.NodesOverdue
		if sc.Class == Behind {
			s.Behind++
		}
		switch current(t.status, t.deadline, now) {
		case Done:
			s.Done++
			if t.deadline == "" || t.doneOn <= t.deadline {
				s.OnTime++
			}
		case Overdue:
			s.Overdue++
		case Dropped:
			s.Dropped++
		}
	}
	out := make([]UnitScore, 0, len(by))
	for _, s := range by {
		if n := s.Tasks - s.Dropped; n > 0 {
			s.OnTimePc = float64(s.OnTime) * 100 / float64(n)
		}
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].OnTimePc != out[j].OnTimePc {
			return out[i].OnTimePc > out[j].OnTimePc
		}
		if out[i].Overdue != out[j].Overdue {
			return out[i].Overdue < out[j].Overdue
		}
		return out[i].Unit < out[j].Unit
	})
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && out[i].OnTimePc == out[i-1].OnTimePc && out[i].Overdue == out[i-1].Overdue {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out
}

// EndOfYear is the default deadline of a commitment for year y.
func EndOfYear(y int) string {
	if y == 0 {
		return ""
	}
	return fmt.Sprintf("%d-12-31", y)
}

// Internal tells an event kept out of the public record.
func Internal(e report.Event) bool { return e.Data["internal"] == "1" }

// Public is a task as the public record shows it: without its internal
// events, its state folded from the others.
func Public(t report.Task) report.Task {
	if !slices.ContainsFunc(t.Events, Internal) {
		return t
	}
	keep := make([]report.Event, 0, len(t.Events))
	for _, e := range t.Events {
		if !Internal(e) {
			keep = append(keep, e)
		}
	}
	t.Events = keep
	t.State = Fold(keep, EndOfYear(t.Year))
	return t
}

// parseDay reads a date as the record keeps it (2006-01-02), as
// time.Parse does, the common well-formed case without it: boards parse
// each task's deadline on every request.
func parseDay(s string) (time.Time, error) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		digits := func(from, to int) int {
			n := 0
			for i := from; i < to; i++ {
				if s[i] < '0' || s[i] > '9' {
					return -1
				}
				n = n*10 + int(s[i]-'0')
			}
			return n
		}
		y, m, d := digits(0, 4), digits(5, 7), digits(8, 10)
		if y >= 0 && m >= 1 && m <= 12 && d >= 1 {
			if t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC); t.Day() == d {
				return t, nil
			}
		}
	}
	return time.Parse("2006-01-02", s) // and its error
}
