package track

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/baogao/baogao/internal/report"
)

// randomTasks makes folded tasks of every shape a board meets: each
// status, deadlines past, future, empty and malformed, nodes due and
// reached or not, ratings, requests, units shared between tasks.
func randomTasks(rng *rand.Rand, n int) []report.Task {
	units := []string{"", "市发改委", "市教育局", "市住建局", "县交通局"}
	statuses := []string{NotStarted, InProgress, Done, Dropped}
	day := func() string {
		switch rng.IntN(8) {
		case 0:
			return ""
		case 1:
			return "2024年底"
		default:
			return time.Date(2023+rng.IntN(3), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		}
	}
	ts := make([]report.Task, n)
	for i := range ts {
		s := report.State{Status: statuses[rng.IntN(len(statuses))], Deadline: day(), LeadUnit: units[rng.IntN(len(units))],
			CoUnits: []string{units[rng.IntN(len(units))]}}
		if s.Status == Done {
			s.DoneOn = day()
		}
		for range rng.IntN(4) {
			s.Milestones = append(s.Milestones, report.Milestone{Name: fmt.Sprint("节点", i), Due: day(), Done: rng.IntN(2) == 0})
		}
		if rng.IntN(3) == 0 {
			s.Rating = &report.Rating{Score: rng.IntN(101)}
		}
		if rng.IntN(5) == 0 {
			s.Request = &report.Request{To: Done}
		}
		ts[i] = report.Task{ID: int64(i + 1), Region: []string{"甲市", "乙县"}[i%2], RegionCode: []string{"110000", "120100"}[i%2],
			Year: 2024, State: s, Events: []report.Event{{ID: int64(10 * (i + 1))}}}
	}
	return ts
}

// TestBoardAsTasks holds a board to what the folded tasks it was made of
// give, on days before, during and after the plan year.
func TestBoardAsTasks(t *testing.T) {
	// The server's bound on boards counts tasks at this size.
	if n := unsafe.Sizeof(brief{}); n > 64 {
		t.Errorf("a task of a board takes %d bytes, more than 64", n)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ts := randomTasks(rng, 400)
	b := NewBoard(ts)
	if b.Len() != len(ts) {
		t.Fatalf("board of %d tasks has %d", len(ts), b.Len())
	}
	w := DefaultWeights()
	all := make([]int, len(ts))
	for i := range all {
		all[i] = i
	}
	for _, now := range []time.Time{time.Date(2023, 6, 1, 9, 0, 0, 0, time.Local), time.Date(2024, 7, 15, 13, 0, 0, 0, time.Local), time.Date(2026, 1, 2, 0, 0, 0, 0, time.Local)} {
		for i, task := range ts {
			if got, want := b.Status(i, now), Current(task.State, now); got != want {
				t.Errorf("%v task %d: status %s, tasks give %s", now, task.ID, got, want)
			}
			if got, want := b.Schedule(i, now), ScheduleOf(task, now); got != want {
				t.Errorf("%v task %d: schedule %+v, tasks give %+v", now, task.ID, got, want)
			}
			if late := b.Schedule(i, now).Class == Late; late != (b.Status(i, now) == Overdue) {
				t.Errorf("%v task %d: late on the calendar %v, status %s", now, task.ID, late, b.Status(i, now))
			}
		}
		if got, want := b.Units(all, now), Units(ts, now); !reflect.DeepEqual(got, want) {
			t.Errorf("%v: units\n%+v\ntasks give\n%+v", now, got, want)
		}
		if got, want := b.Performances(all, now, w), Performances(ts, now, w); !reflect.DeepEqual(got, want) {
			t.Errorf("%v: performances\n%+v\ntasks give\n%+v", now, got, want)
		}
	}
	for i, task := range ts {
		if b.ID(i) != task.ID {
			t.Fatalf("task %d at %d has id %d", task.ID, i, b.ID(i))
		}
		want := report.TaskHead{ID: task.ID, LastEvent: task.Events[0].ID, Region: task.Region, RegionCode: task.RegionCode, Year: task.Year}
		if h := b.Head(i); h != want {
			t.Errorf("head %+v, want %+v", h, want)
		}
		if b.LeadUnit(i) != task.State.LeadUnit {
			t.Errorf("task %d: lead %q, want %q", task.ID, b.LeadUnit(i), task.State.LeadUnit)
		}
		for _, u := range []string{"", "市教育局", "县交通局", "教育"} {
			if want := u != "" && slices.Contains(task.State.CoUnits, u); b.CoUnit(i, u) != want {
				t.Errorf("task %d co-unit %q: %v, want %v", task.ID, u, !want, want)
			}
		}
		for _, u := range []string{"教育", "县交通局", "发改委 市"} {
			want := strings.Contains(task.State.LeadUnit+" "+strings.Join(task.State.CoUnits, " "), u)
			if b.HasUnit(i, u) != want || HasUnit(task.State, u) != want {
				t.Errorf("task %d unit %q: %v, want %v", task.ID, u, !want, want)
			}
		}
	}
}

// TestBoardRefold checks that a refolded board is the board of the tasks
// as they are now, and that only the tasks whose heads moved are read.
func TestBoardRefold(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	before := randomTasks(rng, 60)
	b := NewBoard(before)
	now := randomTasks(rng, 60)
	// Tasks 0–39 are unchanged, 40–49 have a new event, 50–54 moved
	// region, 55–59 are gone, and one is new.
	for i := range 50 {
		if i < 40 {
			now[i] = before[i]
		} else {
			now[i].Events = []report.Event{{ID: before[i].Events[0].ID + 1}}
		}
	}
	for i := 50; i < 55; i++ {
		now[i] = before[i]
		now[i].Region, now[i].RegionCode = "丙区", "130102"
	}
	now = append(now[:55], report.Task{ID: 99, Region: "丁县", Year: 2024, State: report.State{Status: NotStarted, Deadline: "2024-12-31"}})
	heads := make([]report.TaskHead, len(now))
	byID := map[int64]report.Task{}
	for i, task := range now {
		b := NewBoard([]report.Task{task})
		heads[i] = b.Head(0)
		byID[task.ID] = task
	}
	var read []int64
	got, err := b.Refold(heads, func(ids []int64) ([]report.Task, error) {
		read = append(read, ids...)
		out := make([]report.Task, len(ids))
		for i, id := range ids {
			out[i] = byID[id]
		}
		return out, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(read) != 16 {
		t.Errorf("read %d tasks again, want the 16 that moved: %v", len(read), read)
	}
	want := NewBoard(now)
	day := time.Date(2024, 9, 1, 0, 0, 0, 0, time.Local)
	if got.Len() != want.Len() {
		t.Fatalf("refolded %d tasks, want %d", got.Len(), want.Len())
	}
	for i := range want.Len() {
		if got.Head(i) != want.Head(i) || got.line(i).schedule(day) != want.line(i).schedule(day) || !reflect.DeepEqual(got.line(i), want.line(i)) {
			t.Errorf("task %d: refolded %+v, want %+v", want.ID(i), got.line(i), want.line(i))
		}
	}
}
