package search_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/search"
	"github.com/baogao/baogao/internal/store/postgres/pgtest"
	"github.com/baogao/baogao/internal/store/sqlite"
)

type judgment struct {
	Q, Region, Year, File, Must, Why string
}

// TestRelevance runs the relevance set (testdata/relevance.jsonl) over an
// index of the seeds, the corpus and the web copies, in each backend: each
// query must find the passage its row names (that file, holding that text)
// among its first ten hits. It reports recall@10 and the mean reciprocal
// rank.
func TestRelevance(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		relevance(t, st)
	})
	t.Run("postgres", func(t *testing.T) { relevance(t, pgtest.Open(t)) })
}

func relevance(t *testing.T, st report.Store) {
	ctx := context.Background()
	shared := "../../../shared/"
	stats := pipeline.Run(ctx, st, []string{shared + "seeds", shared + "corpus", shared + "corpus-web"}, pipeline.Options{}, nil,
		func(path string, err error) { t.Errorf("%s: %v", path, err) })
	if stats.New < 80 {
		t.Fatalf("%d reports indexed", stats.New)
	}
	f, err := os.Open("testdata/relevance.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n, found int
	var rr float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var j judgment
		if err := json.Unmarshal(sc.Bytes(), &j); err != nil {
			t.Fatal(err)
		}
		n++
		q, _, err := search.Request(j.Q, j.Region, "", j.Year, "", "", 10)
		if err != nil {
			t.Errorf("%s: %v", j.Q, err)
			continue
		}
		res, err := st.Search(ctx, q)
		if err != nil {
			t.Errorf("%s: %v", j.Q, err)
			continue
		}
		rank := 0
		for i, h := range res.Hits {
			if slices.Contains(h.Files, j.File) && strings.Contains(h.Text, j.Must) {
				rank = i + 1
				break
			}
		}
		if rank == 0 {
			t.Logf("%s (%s): %s not in the first %d of %d hits", j.Q, j.Why, j.File, len(res.Hits), res.Total)
			continue
		}
		found++
		rr += 1 / float64(rank)
	}
	if n < 50 {
		t.Fatalf("the relevance set has %d queries, want at least 50", n)
	}
	recall, mrr := float64(found)/float64(n), rr/float64(n)
	t.Logf("relevance: %d queries, recall@10 %.3f, MRR %.3f", n, recall, mrr)
	if recall < 0.98 {
		t.Errorf("recall@10 %.3f below 0.98", recall)
	}
	// The passage sought should come near the top, not just somewhere in ten.
	if mrr < 0.7 {
		t.Errorf("MRR %.3f below 0.7", mrr)
	}
}
