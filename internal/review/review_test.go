package review

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/pipeline"
)

// TestDoubtsAreLive: every weak rule of data/doubts.tsv is a rule the
// extractor writes on the facts of the report copies in ../shared, so no
// entry is dead.
func TestDoubtsAreLive(t *testing.T) {
	var files []string
	for _, d := range []string{"seeds", "corpus", "corpus-web"} {
		m, _ := filepath.Glob("../../../shared/" + d + "/*.txt")
		files = append(files, m...)
	}
	seen := map[string]bool{}
	for _, p := range files {
		raw, _ := os.ReadFile(p)
		pr, err := pipeline.Process(ingest.File{Path: p, Raw: raw, Format: "text"}, pipeline.Options{})
		if err != nil {
			continue
		}
		for _, f := range pr.Facts {
			for _, d := range doubts {
				if strings.Contains(f.Rule, d.cue) {
					seen[d.cue] = true
				}
			}
		}
	}
	if len(doubts) < 3 {
		t.Fatalf("%d doubts", len(doubts))
	}
	for _, d := range doubts {
		if !seen[d.cue] {
			t.Errorf("no fact of the copies has the rule %q", d.cue)
		}
	}
}
