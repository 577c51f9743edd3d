package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/storetest"
)

// MustOpen opens a store in a fresh temporary file.
func MustOpen(tb testing.TB) *Store {
	tb.Helper()
	st, err := Open(context.Background(), filepath.Join(tb.TempDir(), "baogao.db"))
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) report.Store { return MustOpen(t) })
}

func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	for i := 0; i < 2; i++ {
		st, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		st.Close()
	}
}

func TestEventsAreAppendOnly(t *testing.T) {
	st := MustOpen(t)
	defer st.Close()
	ctx := context.Background()
	r := &report.Report{Identity: report.Identity{Region: "甲", Year: 2020}, Sources: []report.Source{{SHA256: "x", Raw: []byte("x"), Offsets: []byte{}, MinHash: []uint32{}}}}
	unit, action := "张", "新建"
	if err := st.AddReport(ctx, r, []report.Fact{{Kind: report.Commitment, Indicator: "床位", Action: &action, Unit: &unit, SourceID: -1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.ExecContext(ctx, `UPDATE task_events SET actor = 'someone else'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("an event was changed in place: %v", err)
	}
}

// TestIndexSurvivesACrash stores a report and opens the database again
// without closing the first store, as after a crash: the passages that
// wait for the full-text index are still marked, and the first search
// writes them and finds the report.
func TestIndexSurvivesACrash(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	text := "各位代表：\n推进低空经济发展，建设通用机场2个。"
	r := &report.Report{Identity: report.Identity{Region: "某县", Year: 2025}, Sources: []report.Source{{
		Path: "a.txt", SHA256: "x", Format: "text", Encoding: "utf-8", Raw: []byte(text), Clean: text,
		Offsets: clean.EncodeOffsets(clean.Identity(text)), Summary: report.Summary{Removed: map[string]int{}, Repaired: map[string]int{}},
	}}}
	if err := a.AddReport(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	waiting, _ := a.PendingPassages(ctx)
	if waiting == 0 {
		t.Fatalf("no passage waits for the index: the test would prove nothing")
	}
	b, err := Open(ctx, path) // the first store never closed
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n, _ := b.PendingPassages(ctx); n != waiting {
		t.Errorf("%d passages wait after reopening, want %d", n, waiting)
	}
	res, err := b.Search(ctx, report.SearchQuery{Match: `"低空 空经 经济"`, Limit: 5})
	if err != nil || res.Total != 1 {
		t.Errorf("search after the crash: %+v %v", res, err)
	}
	if n, _ := b.PendingPassages(ctx); n != 0 {
		t.Errorf("%d passages still wait after a search", n)
	}
}

// TestRebuildKeepsEvents: the migration that lets a task come from a sheet
// rebuilds the tasks table; a database of the release before keeps every
// task with its fact and every event.
func TestRebuildKeepsEvents(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := openUpTo(ctx, path, 12)
	if err != nil {
		t.Fatal(err)
	}
	text := "新建养老机构床位1000张。新增学位4800个。"
	r := &report.Report{
		Identity: report.Identity{Region: "江苏省苏州市", RegionCode: "320500", Year: 2020, PlanTo: 2020, Kind: report.KindAnnual},
		Sources:  []report.Source{{Path: "a.txt", SHA256: "aa", Format: "text", Encoding: "utf-8", Raw: []byte(text), Clean: text, Offsets: clean.EncodeOffsets(clean.Identity(text))}},
	}
	v := 1000.0
	facts := []report.Fact{
		{Kind: report.Commitment, Indicator: "养老机构床位", Value: &v, Quote: "新建养老机构床位1000张", SourceID: -1},
		{Kind: report.Commitment, Indicator: "学位", Value: &v, Quote: "新增学位4800个", SourceID: -1},
	}
	if err := old.AddReport(ctx, r, facts); err != nil {
		t.Fatal(err)
	}
	var first int64
	if err := old.DB().QueryRow(`SELECT min(id) FROM tasks`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if err := old.AppendEvents(ctx, []report.EventBatch{{TaskID: first, AfterSeq: 1, Events: []report.Event{
		{Actor: "督查室", Kind: "assign", Data: map[string]string{"lead_unit": "市民政局"}},
		{Actor: "市民政局", Kind: "progress", Data: map[string]string{"text": "已开工"}},
	}}}); err != nil {
		t.Fatal(err)
	}
	old.Close()

	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ts, err := st.Tasks(ctx, report.TaskFilter{})
	if err != nil || len(ts) != 2 {
		t.Fatalf("tasks after the rebuild: %v %d", err, len(ts))
	}
	if ts[0].ID != first || ts[0].FactID != facts[0].ID || len(ts[0].Events) != 3 || ts[0].Events[2].Data["text"] != "已开工" || len(ts[1].Events) != 1 {
		t.Errorf("after the rebuild: %+v", ts)
	}
	var fk int
	if err := st.DB().QueryRow(`SELECT foreign_keys FROM pragma_foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign keys after the rebuild: %d %v", fk, err)
	}
}
