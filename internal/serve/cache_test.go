package serve

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
)

// readCounts is the real store, counting the task reads made through it.
type readCounts struct {
	*sqlite.Store
	lists, singles int
}

func (r *readCounts) Tasks(c context.Context, f report.TaskFilter) ([]report.Task, error) {
	r.lists++
	return r.Store.Tasks(c, f)
}

func (r *readCounts) Task(c context.Context, id int64) (*report.Task, error) {
	r.singles++
	return r.Store.Task(c, id)
}

// TestRefold: after an update a board reads and folds again only the task
// that changed, and shows it as it now is; a correction of a report's
// identity reloads that report's tasks with their new region.
func TestRefold(t *testing.T) {
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	reports := addCountyReports(t, st, 3)
	rc := &readCounts{Store: st}
	srv, err := New(rc, Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	all := report.TaskFilter{Year: 2024}
	ts, err := srv.tasksOf(ctx, all)
	if err != nil || len(ts) != 300 || rc.lists != 1 {
		t.Fatalf("first read: %d tasks, %d list reads (%v)", len(ts), rc.lists, err)
	}
	ts, _ = srv.tasksOf(ctx, all)
	if rc.lists != 1 || rc.singles != 0 {
		t.Errorf("an unchanged board was read again: %d lists, %d tasks", rc.lists, rc.singles)
	}
	tk := ts[150]
	if err := st.AppendEvents(ctx, []report.EventBatch{{TaskID: tk.ID, AfterSeq: tk.Events[len(tk.Events)-1].Seq,
		Events: []report.Event{{Actor: "督查室", Kind: "assign", Data: map[string]string{"lead_unit": "县民政局"}}}}}); err != nil {
		t.Fatal(err)
	}
	ts, _ = srv.tasksOf(ctx, all)
	if rc.lists != 1 || rc.singles != 1 {
		t.Errorf("after one update: %d list reads, %d task reads; want 1 and 1", rc.lists, rc.singles)
	}
	if got := ts[150]; got.ID != tk.ID || got.State.LeadUnit != "县民政局" || len(got.Events) != len(tk.Events)+1 {
		t.Errorf("the updated task is shown as %+v", got.State)
	}
	// A board never read before is read whole, without its heads.
	if one, _ := srv.tasksOf(ctx, report.TaskFilter{ReportID: reports[1].ID}); len(one) != 100 || one[50].State.LeadUnit != "县民政局" || rc.lists != 2 || rc.singles != 1 {
		t.Errorf("a report's board: %d tasks, %d list reads, %d task reads", len(one), rc.lists, rc.singles)
	}
	id := reports[2].Identity
	id.Region, id.RegionCode = "某省白河县", "900009"
	id.Corrected = &report.Correction{By: "督查室", At: time.Now(), Fields: []string{"region"}}
	if err := st.CorrectIdentity(ctx, reports[2].ID, id); err != nil {
		t.Fatal(err)
	}
	ts, _ = srv.tasksOf(ctx, all)
	if rc.lists != 3 || ts[299].RegionCode != "900009" || ts[0].RegionCode != "900000" {
		t.Errorf("after a correction: %d list reads, last task in %s", rc.lists, ts[299].RegionCode)
	}
}
