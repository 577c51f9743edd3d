package sqlite

import (
	"context"
	"path/filepath"
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
