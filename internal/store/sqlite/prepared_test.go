package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestPrepared: a read's statement is prepared once and kept, up to
// maxPrepared texts; past them reads are answered as well, unkept; a
// text that does not prepare reports its error.
func TestPrepared(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range maxPrepared + 40 {
		for range 2 {
			var n int
			if err := s.queryRow(ctx, fmt.Sprintf(`SELECT ? + %d`, i), 1).Scan(&n); err != nil || n != i+1 {
				t.Fatalf("text %d: %d (%v)", i, n, err)
			}
		}
	}
	if n := len(s.prepared.stmts); n != maxPrepared {
		t.Errorf("%d statements kept, want %d", n, maxPrepared)
	}
	first := s.stmt(ctx, `SELECT ? + 0`)
	if first == nil || s.stmt(ctx, `SELECT ? + 0`) != first {
		t.Error("a kept text is prepared again")
	}
	if _, err := s.query(ctx, `SELECT FROM nowhere`); err == nil {
		t.Error("a text that does not prepare gave no error")
	}
}
