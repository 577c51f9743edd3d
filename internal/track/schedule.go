package track

import (
	"math"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// 序时进度 classes: how far a task is against the time that has passed.
const (
	Ahead    = "ahead"    // 超进度
	OnPace   = "on_pace"  // 达进度
	Behind   = "behind"   // 欠进度
	Finished = "finished" // 已完成
	Late     = "late"     // 逾期
)

// Schedule is a task's progress against the calendar, as county offices
// report mid-year (欠进度17项、达进度162项…).
type Schedule struct {
	Expected float64 `json:"expected"` // the share of the work the calendar asks for by now, 0–1
	Reported float64 `json:"reported"` // the share the unit has reported: nodes reached, or started
	Class    string  `json:"class"`
	// NodesOverdue counts the nodes past due and not reached.
	NodesOverdue int `json:"nodes_overdue"`
}

// paceMargin is how far ahead of the calendar a task must be to count as
// ahead of it.
const paceMargin = 0.15

// ScheduleOf reads a task's 序时进度 on a day. With nodes, the calendar
// asks for the nodes due by then and the unit has reached those marked
// done; without, it asks for the share of the year from the plan year's
// start to the deadline, and a task in progress with reports counts as
// half done, a task not started as none.
func ScheduleOf(t report.Task, now time.Time) Schedule {
	return lineOf(t).schedule(now)
}

func (s line) schedule(now time.Time) Schedule {
	var sc Schedule
	for _, m := range s.milestones {
		due, err := parseDay(m.Due)
		if err == nil && !m.Done && now.After(due.Add(24*time.Hour)) {
			sc.NodesOverdue++
		}
	}
	switch current(s.status, s.deadline, now) {
	case Done:
		sc.Expected, sc.Reported, sc.Class = 1, 1, Finished
		return sc
	case Overdue:
		sc.Expected, sc.Class = 1, Late
		sc.Reported = s.reportedShare()
		return sc
	case Dropped:
		return sc
	}
	if len(s.milestones) > 0 {
		due := 0
		for _, m := range s.milestones {
			if d, err := parseDay(m.Due); err == nil && !now.Before(d) {
				due++
			}
		}
		sc.Expected = float64(due) / float64(len(s.milestones))
	} else {
		start := time.Date(s.year, 1, 1, 0, 0, 0, 0, time.Local)
		end, err := parseDay(s.deadline)
		if err != nil || !end.After(start) {
			end = time.Date(s.year, 12, 31, 0, 0, 0, 0, time.Local)
		}
		sc.Expected = math.Max(0, math.Min(1, now.Sub(start).Hours()/end.Sub(start).Hours()))
	}
	sc.Expected = math.Round(sc.Expected*100) / 100
	sc.Reported = s.reportedShare()
	switch {
	case sc.NodesOverdue > 0 || sc.Reported+1e-9 < sc.Expected:
		sc.Class = Behind
	case sc.Reported >= sc.Expected+paceMargin:
		sc.Class = Ahead
	default:
		sc.Class = OnPace
	}
	return sc
}

// reportedShare is the share of the work a unit has reported done: the
// nodes reached, or for a task without nodes half once it has started.
func (s line) reportedShare() float64 {
	if len(s.milestones) > 0 {
		done := 0
		for _, m := range s.milestones {
			if m.Done {
				done++
			}
		}
		return math.Round(float64(done)/float64(len(s.milestones))*100) / 100
	}
	if s.status == InProgress {
		return 0.5
	}
	return 0
}

// ScheduleZH names a 序时进度 class.
func ScheduleZH(c string) string {
	return map[string]string{Ahead: "超进度", OnPace: "达进度", Behind: "欠进度", Finished: "已完成", Late: "逾期"}[c]
}
