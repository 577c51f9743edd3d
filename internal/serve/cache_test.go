package serve

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
	"github.com/baogao/baogao/internal/track"
)

// readCounts is the real store, counting the task reads made through it.
type readCounts struct {
	*sqlite.Store
	lists, byID int // listings read whole; tasks read by id
}

func (r *readCounts) Tasks(c context.Context, f report.TaskFilter) ([]report.Task, error) {
	r.lists++
	return r.Store.Tasks(c, f)
}

func (r *readCounts) TasksByID(c context.Context, ids []int64) ([]report.Task, error) {
	r.byID += len(ids)
	return r.Store.TasksByID(c, ids)
}

// TestRefold: after an update a listing, and a board, read and fold again
// only the task that changed, and show it as it now is; a correction of a
// report's identity reads that report's tasks again, with their new region.
func TestRefold(t *testing.T) {
	st := countyStore(t, 3)
	reports, err := st.Reports(ctx, report.ReportFilter{})
	if err != nil || len(reports) != 3 {
		t.Fatalf("%d reports (%v)", len(reports), err)
	}
	rc := &readCounts{Store: st}
	srv, err := New(rc, Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	all := report.TaskFilter{Year: 2024}
	read := func() ([]report.Task, *track.Board) {
		ts, err := srv.tasksOf(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		b, err := srv.boardOf(ctx, boardKey{all, true})
		if err != nil {
			t.Fatal(err)
		}
		return ts, b
	}
	ts, b := read()
	if len(ts) != 300 || b.Len() != 300 || rc.lists != 2 || rc.byID != 0 {
		t.Fatalf("first read: %d tasks, a board of %d, %d list reads, %d by id", len(ts), b.Len(), rc.lists, rc.byID)
	}
	read()
	if rc.lists != 2 || rc.byID != 0 {
		t.Errorf("an unchanged listing was read again: %d lists, %d tasks", rc.lists, rc.byID)
	}
	tk := ts[150]
	if err := st.AppendEvents(ctx, []report.EventBatch{{TaskID: tk.ID, AfterSeq: tk.Events[len(tk.Events)-1].Seq,
		Events: []report.Event{{Actor: "督查室", Kind: "assign", Data: map[string]string{"lead_unit": "县民政局"}}}}}); err != nil {
		t.Fatal(err)
	}
	ts, b = read()
	if rc.lists != 2 || rc.byID != 2 {
		t.Errorf("after one update: %d list reads, %d tasks by id; want 2 and 2 (one for each)", rc.lists, rc.byID)
	}
	if got := ts[150]; got.ID != tk.ID || got.State.LeadUnit != "县民政局" || len(got.Events) != len(tk.Events)+1 {
		t.Errorf("the updated task is listed as %+v", got.State)
	}
	if b.ID(150) != tk.ID || b.LeadUnit(150) != "县民政局" || b.Len() != 300 {
		t.Errorf("the updated task is on the board as led by %q", b.LeadUnit(150))
	}
	id := reports[2].Identity
	id.Region, id.RegionCode = "某省白河县", "900009"
	id.Corrected = &report.Correction{By: "督查室", At: time.Now(), Fields: []string{"region"}}
	if err := st.CorrectIdentity(ctx, reports[2].ID, id); err != nil {
		t.Fatal(err)
	}
	ts, b = read()
	if rc.lists != 2 || rc.byID != 2+200 || len(ts) != 300 || ts[299].RegionCode != "900009" || ts[0].RegionCode != "900000" {
		t.Errorf("after a correction: %d list reads, %d tasks by id, last task in %s", rc.lists, rc.byID, ts[len(ts)-1].RegionCode)
	}
	if h := b.Head(299); h.RegionCode != "900009" || b.Head(0).RegionCode != "900000" {
		t.Errorf("after a correction the board's last task is in %s", h.RegionCode)
	}
}

// TestCacheLoadsOnce: requests that miss on one key share one load; loads
// of different keys run at most as many at once as the bound lets; a load
// whose request went away is done again for the ones that wait.
func TestCacheLoadsOnce(t *testing.T) {
	f := newFixture(t, Options{})
	c := versioned[int, int]{max: 100}
	var calls atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	got := make([]int, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.get(ctx, f.st, 1, func() (int, error) { calls.Add(1); <-release; return 42, nil })
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		}()
	}
	time.Sleep(50 * time.Millisecond) // all eight are waiting by now
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("%d loads for one key", calls.Load())
	}
	for _, v := range got {
		if v != 42 {
			t.Errorf("got %v", got)
			break
		}
	}

	bounded := versioned[int, int]{max: 100, loads: make(chan struct{}, 2)}
	var running, most atomic.Int32
	for k := 0; k < 6; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bounded.get(ctx, f.st, k, func() (int, error) {
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(20 * time.Millisecond)
				running.Add(-1)
				return k, nil
			})
		}()
	}
	wg.Wait()
	if most.Load() > 2 || len(bounded.entries) != 6 {
		t.Errorf("%d loads at once (bound 2), %d kept", most.Load(), len(bounded.entries))
	}

	again := versioned[int, int]{max: 100}
	gone, cancel := context.WithCancel(ctx)
	started := make(chan struct{})
	go again.get(gone, f.st, 1, func() (int, error) { close(started); <-gone.Done(); return 0, gone.Err() })
	<-started
	done := make(chan int)
	go func() {
		v, err := again.get(ctx, f.st, 1, func() (int, error) { return 7, nil })
		if err != nil {
			t.Error(err)
		}
		done <- v
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	if v := <-done; v != 7 {
		t.Errorf("after the loading request went away: %d", v)
	}
}
