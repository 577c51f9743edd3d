package serve

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
	"github.com/baogao/baogao/internal/track"
)

// TestBoardsFollowWrites holds the boards, cached and refolded after each
// round of writes or read cold, to the tasks read afresh from the store: the public
// board without internal notes, the staff board with them, under every
// filter, a few tasks written or many.
func TestBoardsFollowWrites(t *testing.T) {
	st := countyStore(t, 3)
	now := time.Date(2024, 7, 1, 10, 0, 0, 0, time.Local)
	opt := Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return now }}
	warm, err := New(st, opt)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	staff := &report.User{ID: 1, Name: "督查室", Role: "editor"}
	queries := []string{"year=2024", "year=2024&status=in_progress", "status=overdue", "unit=第1局", "schedule=behind", "region=青禾县&schedule=on_pace"}
	for round, writes := range []int{0, 3, 200, 1, 40} {
		for range writes {
			ts, _ := st.Tasks(ctx, report.TaskFilter{})
			tk := ts[rng.IntN(len(ts))]
			var e report.Event
			switch rng.IntN(4) {
			case 0:
				e = report.Event{Kind: track.EvAssign, Data: map[string]string{"lead_unit": fmt.Sprintf("县第%d局", rng.IntN(3))}}
			case 1:
				e = report.Event{Kind: track.EvProgress, Data: map[string]string{"text": "推进中", "internal": []string{"", "1"}[rng.IntN(2)]}}
			case 2:
				e = report.Event{Kind: track.EvDeadline, Data: map[string]string{"deadline": fmt.Sprintf("2024-%02d-15", 1+rng.IntN(12))}}
			default:
				e = report.Event{Kind: track.EvMilestone, Data: map[string]string{"name": "开工", "due": "2024-05-01", "done": []string{"true", "false"}[rng.IntN(2)]}}
			}
			e.Actor, e.At = "督查室", now
			if err := st.AppendEvents(ctx, []report.EventBatch{{TaskID: tk.ID, AfterSeq: tk.Events[len(tk.Events)-1].Seq, Events: []report.Event{e}}}); err != nil {
				t.Fatal(err)
			}
		}
		cold, err := New(st, opt) // reads every board afresh
		if err != nil {
			t.Fatal(err)
		}
		for k, u := range []*report.User{nil, staff, nil, staff} {
			s := []*Server{warm, cold}[k/2]
			for _, q := range queries {
				r := httptest.NewRequest("GET", "/tasks?"+q, nil)
				r = r.WithContext(context.WithValue(r.Context(), userKey, u))
				want := freshTasks(t, s, r, u != nil)
				b, rows, err := s.boardFor(r)
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.boardTasks(r, b, rows)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("round %d, server %d, staff %v, %s: the board has %d tasks, the store %d", round, k/2, u != nil, q, len(got), len(want))
				}
				tasks := make([]report.Task, len(want))
				for i := range want {
					tasks[i] = want[i].Task
				}
				if units := b.Units(rows, now); !reflect.DeepEqual(units, track.Units(tasks, now)) {
					t.Errorf("round %d, staff %v, %s: unit table %+v", round, u != nil, q, units)
				}
			}
		}
	}
}

// freshTasks is what a board request shows, from the tasks read afresh.
func freshTasks(t *testing.T, s *Server, r *http.Request, staff bool) []taskJSON {
	t.Helper()
	tq, err := parseTaskQuery(r)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := track.LoadTasks(ctx, s.st, tq.f)
	if err != nil {
		t.Fatal(err)
	}
	out := []taskJSON{}
	for _, tk := range ts {
		if !staff {
			tk = track.Public(tk)
		}
		v := s.taskView(tk)
		if tq.status != "" && v.Status != tq.status || tq.schedule != "" && v.Schedule.Class != tq.schedule ||
			!strings.Contains(tk.State.LeadUnit+" "+strings.Join(tk.State.CoUnits, " "), tq.unit) {
			continue
		}
		out = append(out, v)
	}
	return out
}

// TestUnitPageHidesInternalNotes: a unit's page shows the public a task
// as the public record has it; a task whose only progress is an internal
// note has not started for the public, and is in progress for staff.
func TestUnitPageHidesInternalNotes(t *testing.T) {
	st := countyStore(t, 1)
	s, err := New(st, Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.Local) }})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := st.Task(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := st.AppendEvents(ctx, []report.EventBatch{{TaskID: tk.ID, AfterSeq: tk.Events[len(tk.Events)-1].Seq, Events: []report.Event{
		{Actor: "督查室", At: at, Kind: track.EvAssign, Data: map[string]string{"lead_unit": "县第1局"}},
		{Actor: "县第1局", At: at, Kind: track.EvProgress, Data: map[string]string{"text": "预算尚未批复", "internal": "1"}},
	}}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		user *report.User
		want string
	}{{nil, `class="not_started"`}, {&report.User{ID: 1, Name: "督查室", Role: "editor"}, `class="in_progress"`}} {
		r := httptest.NewRequest("GET", "/units/县第1局", nil)
		r.SetPathValue("name", "县第1局")
		r = r.WithContext(context.WithValue(r.Context(), userKey, c.user))
		w := httptest.NewRecorder()
		s.pageUnit(w, r)
		if body := w.Body.String(); w.Code != 200 || !strings.Contains(body, c.want) {
			t.Errorf("staff %v: %d, want a task %s", c.user != nil, w.Code, c.want)
		}
	}
}

// countyStore is a store of n county reports of 2024 (addCountyReports).
func countyStore(t *testing.T, n int) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	addCountyReports(t, st, n)
	return st
}
