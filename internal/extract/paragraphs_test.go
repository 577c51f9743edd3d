package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/report"
)

// TestFactsOnEveryParagraph reads every paragraph of the real copies as a
// plan and as a review: a rule that slices past its clause fails here,
// not as a lost file.
func TestFactsOnEveryParagraph(t *testing.T) {
	var files []string
	for _, dir := range []string{"seeds", "corpus", "corpus-web"} {
		fs, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", dir, "*"))
		files = append(files, fs...)
	}
	if len(files) < 80 {
		t.Fatalf("%d report copies found", len(files))
	}
	id := report.Identity{Year: 2013, ReviewFrom: 2012, ReviewTo: 2012, PlanFrom: 2013, PlanTo: 2013, Kind: report.KindAnnual}
	paragraphs := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil || !strings.HasSuffix(f, ".txt") {
			continue
		}
		for _, line := range strings.Split(string(raw), "\n") {
			paragraphs++
			for _, kind := range []string{"tasks", "review", "targets"} {
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s (%s): %v: %.200s", filepath.Base(f), kind, r, line)
						}
					}()
					Facts(line, Context{Identity: id, Sections: []report.Section{{Kind: kind, Start: 0, End: 1 << 20}}})
				}()
			}
		}
	}
	t.Logf("%d paragraphs of %d files", paragraphs, len(files))
}
