package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

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
