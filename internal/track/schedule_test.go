package track

import (
	"strings"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// TestSchedule: 序时进度 from nodes and the calendar.
func TestSchedule(t *testing.T) {
	mid := time.Date(2020, 7, 1, 12, 0, 0, 0, time.Local)
	nodes := func(done ...bool) []report.Milestone {
		dues := []string{"2020-03-31", "2020-06-30", "2020-09-30", "2020-12-31"}
		var ms []report.Milestone
		for i, d := range done {
			ms = append(ms, report.Milestone{Name: string(rune('A' + i)), Due: dues[i], Done: d})
		}
		return ms
	}
	cases := []struct {
		name     string
		state    report.State
		class    string
		expected float64
		late     int
	}{
		{"two of four nodes due, both reached", report.State{Status: InProgress, Deadline: "2020-12-31", Milestones: nodes(true, true, false, false)}, OnPace, 0.5, 0},
		{"three reached, two due", report.State{Status: InProgress, Deadline: "2020-12-31", Milestones: nodes(true, true, true, false)}, Ahead, 0.5, 0},
		{"a due node not reached", report.State{Status: InProgress, Deadline: "2020-12-31", Milestones: nodes(true, false, false, false)}, Behind, 0.5, 1},
		{"no nodes, started, half the year gone", report.State{Status: InProgress, Deadline: "2020-12-31"}, OnPace, 0.5, 0},
		{"no nodes, not started", report.State{Status: NotStarted, Deadline: "2020-12-31"}, Behind, 0.5, 0},
		{"done", report.State{Status: Done, Deadline: "2020-12-31", DoneOn: "2020-06-01"}, Finished, 1, 0},
		{"past its deadline", report.State{Status: InProgress, Deadline: "2020-05-31"}, Late, 1, 0},
	}
	for _, c := range cases {
		sc := ScheduleOf(report.Task{Year: 2020, State: c.state}, mid)
		if sc.Class != c.class || sc.Expected != c.expected || sc.NodesOverdue != c.late {
			t.Errorf("%s: %+v, want %s expected %v, %d nodes late", c.name, sc, c.class, c.expected, c.late)
		}
		if ScheduleZH(sc.Class) == "" {
			t.Errorf("%s: class %q has no Chinese name", c.name, sc.Class)
		}
	}
}

// TestUnitTies: units with the same score share a rank, and the next
// rank counts them (1, 1, 3).
func TestUnitTies(t *testing.T) {
	now := time.Date(2021, 1, 15, 0, 0, 0, 0, time.Local)
	task := func(unit, status string) report.Task {
		return report.Task{Year: 2020, State: report.State{LeadUnit: unit, Status: status, Deadline: "2020-12-31", DoneOn: "2020-11-01"}}
	}
	us := Units([]report.Task{task("甲局", Done), task("乙局", Done), task("丙局", InProgress)}, now)
	ranks := map[string]int{}
	for _, u := range us {
		ranks[u.Unit] = u.Rank
	}
	if ranks["甲局"] != 1 || ranks["乙局"] != 1 || ranks["丙局"] != 3 {
		t.Errorf("ranks %v", ranks)
	}
	for _, u := range us {
		if u.Unit == "丙局" && (u.Overdue != 1 || u.Behind != 0) {
			t.Errorf("丙局: %+v", u)
		}
	}
}

// TestPerformance: the score is the weights applied to on-time
// completion, nodes met, the office's ratings and overdue days, shown with
// its computation;
// tied scores share a rank; a weights table is checked.
func TestPerformance(t *testing.T) {
	now := time.Date(2020, 12, 11, 12, 0, 0, 0, time.Local)
	tasks := []report.Task{
		{Year: 2020, State: report.State{LeadUnit: "甲局", Status: Done, Deadline: "2020-11-30", DoneOn: "2020-11-20",
			Milestones: []report.Milestone{{Name: "a", Due: "2020-06-30", Done: true}, {Name: "b", Due: "2020-09-30", Done: false}},
			Rating:     &report.Rating{Score: 80}}},
		{Year: 2020, State: report.State{LeadUnit: "甲局", Status: Done, Deadline: "2020-11-30", DoneOn: "2020-11-25", Rating: &report.Rating{Score: 100}}},
		{Year: 2020, State: report.State{LeadUnit: "乙局", Status: InProgress, Deadline: "2020-11-30"}}, // overdue since 1 December: 11 days on the 11th
		{Year: 2020, State: report.State{LeadUnit: "丙局", Status: InProgress, Deadline: "2020-11-30"}},
		{Year: 2020, State: report.State{LeadUnit: "丁局", Status: Dropped, Deadline: "2020-11-30"}},
	}
	ps := Performances(tasks, now, DefaultWeights())
	by := map[string]Performance{}
	for _, p := range ps {
		by[p.Unit] = p
	}
	if p := by["甲局"]; p.Score != 83 || p.Rank != 1 || p.Rated != 2 || p.RatingMean != 90 ||
		!strings.Contains(p.Computation, "节点达成率 50%×30") || !strings.Contains(p.Computation, "督查室评分 90 分（2 项平均）/100×20") {
		t.Errorf("甲局: %+v", p) // 100%×50 + 50%×30 + 90/100×20 − 0
	}
	if p := by["乙局"]; p.Score != 24.5 || p.OverdueDays != 11 || p.Rank != 2 || !strings.Contains(p.Computation, "未评") {
		t.Errorf("乙局: %+v", p) // 0×50 + 100%×30 + 0 − 11×0.5
	}
	if by["丙局"].Rank != by["乙局"].Rank {
		t.Errorf("tied units ranked %d and %d", by["乙局"].Rank, by["丙局"].Rank)
	}
	if _, ok := by["丁局"]; ok {
		t.Error("a unit whose only task was dropped is scored")
	}
	if w, err := ParseWeights("on_time\t60\nnodes\t40\noverdue_day\t1"); err != nil || w.Rating != 0 || w.OnTime != 60 {
		t.Errorf("a table without ratings: %+v %v", w, err)
	}
	for _, bad := range []string{"on_time\t60\nnodes\t40", "on_time\tx\nnodes\t40\noverdue_day\t1", "speed\t1\nnodes\t40\noverdue_day\t1", "on_time\t1\non_time\t2\nnodes\t40\noverdue_day\t1"} {
		if _, err := ParseWeights(bad); report.KindOf(err) != report.Invalid {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
