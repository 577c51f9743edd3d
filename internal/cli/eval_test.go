package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

type kindScore struct {
	Gold, Predicted, Matched int
	Precision, Recall, F1    float64
}

func evalJSON(t *testing.T, gold string, extra ...string) map[string]kindScore {
	t.Helper()
	r := run(t, "", append([]string{"eval", "--gold", "../../../shared/gold/" + gold, "--json"}, extra...)...)
	if r.code != 0 {
		t.Fatalf("eval %s: %d %s", gold, r.code, r.stderr)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]kindScore{}
	for _, k := range []string{"target", "achieved", "commitment"} {
		var s struct {
			Gold, Predicted, Matched int
			Precision, Recall, F1    float64
		}
		json.Unmarshal(raw[k], &s)
		out[k] = kindScore(s)
	}
	text := run(t, "", append([]string{"eval", "--gold", "../../../shared/gold/" + gold, "--show", "0"}, extra...)...)
	t.Logf("%s:\n%s", gold, text.stdout)
	return out
}

// TestExtractionFloors holds extraction to the accuracy the project
// promises, scored against ../shared/gold.
func TestExtractionFloors(t *testing.T) {
	seeds := evalJSON(t, "seeds.jsonl")
	for kind, floor := range map[string]float64{"target": 0.95, "achieved": 0.95, "commitment": 0.95} {
		if f1 := seeds[kind].F1; f1 < floor {
			t.Errorf("seeds %s F1 %.3f below %.2f", kind, f1, floor)
		}
	}
	corpus := evalJSON(t, "corpus.jsonl")
	if f1 := corpus["target"].F1; f1 < 0.90 {
		t.Errorf("corpus target F1 %.3f below 0.90", f1)
	}
	if r := corpus["achieved"].Recall; r < 0.90 {
		t.Errorf("corpus achieved recall %.3f below 0.90", r)
	}
	// Web copies: news stories, digests, openings of split copies.
	web := evalJSON(t, "web.jsonl", "--reports", "../../../shared/corpus-web")
	if f1 := web["target"].F1; f1 < 0.95 {
		t.Errorf("corpus-web target F1 %.3f below 0.95", f1)
	}
	if r := web["achieved"].Recall; r < 0.95 {
		t.Errorf("corpus-web achieved recall %.3f below 0.95", r)
	}
}

// reHeadingLine is a numbered heading (一、, （一）), which a copy that
// quotes the report drops.
var reHeadingLine = regexp.MustCompile(`^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)`)

// TestExtractionOnDamagedCopies scores the web copies and the corpus again
// as pages and conversions damage them: every comma lost, the numbered
// headings gone, or the text hard-wrapped at 38 characters as a PDF's
// text saved to a plain file is.
// The clauses must still part where the figures and verbs say, and the
// wraps be joined.
func TestExtractionOnDamagedCopies(t *testing.T) {
	damages := map[string]func([]byte) []byte{
		"without commas": func(b []byte) []byte {
			return bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("，"), nil), []byte(","), nil)
		},
		"without headings": func(b []byte) []byte {
			var out []string
			for _, line := range strings.Split(string(b), "\n") {
				if !reHeadingLine.MatchString(line) || utf8.RuneCountInString(line) > 60 {
					out = append(out, line)
				}
			}
			return []byte(strings.Join(out, "\n"))
		},
		"hard-wrapped": func(b []byte) []byte {
			var out []string
			for _, line := range strings.Split(string(b), "\n") {
				r := []rune(line)
				for len(r) > 38 {
					out = append(out, string(r[:38]))
					r = r[38:]
				}
				out = append(out, string(r))
			}
			return []byte(strings.Join(out, "\n"))
		},
	}
	for _, set := range []struct {
		gold, dir string
		files     int
		floor     float64 // target F1 and achieved recall
	}{
		{"web.jsonl", "corpus-web", 40, 0.94},
		{"corpus.jsonl", "corpus", 41, 0.96},
	} {
		files, err := filepath.Glob(filepath.Join("../../../shared", set.dir, "*.txt"))
		if err != nil || len(files) < set.files {
			t.Fatalf("%s: %d files: %v", set.dir, len(files), err)
		}
		for name, damage := range damages {
			t.Run(set.dir+" "+name, func(t *testing.T) {
				dir := t.TempDir()
				for _, f := range files {
					raw, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), damage(raw), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				got := evalJSON(t, set.gold, "--reports", dir)
				if f1 := got["target"].F1; f1 < set.floor {
					t.Errorf("target F1 %.3f below %.2f", f1, set.floor)
				}
				if r := got["achieved"].Recall; r < set.floor {
					t.Errorf("achieved recall %.3f below %.2f", r, set.floor)
				}
			})
		}
	}
}

func TestExtractPrintsContractLines(t *testing.T) {
	r := run(t, "", "extract", seedPath(t, "004"), seedPath(t, "001"))
	if r.code != 0 {
		t.Fatalf("%d %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) < 100 {
		t.Fatalf("%d facts", len(lines))
	}
	required := []string{"file", "kind", "indicator", "action", "year", "span_years", "value", "unit", "growth_pct", "change_pp", "low", "high", "qualifier", "estimated", "quote", "canonical", "section", "start", "end"}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %s", l)
		}
		for _, k := range required {
			if _, ok := m[k]; !ok {
				t.Fatalf("line lacks %q: %s", k, l)
			}
		}
	}
	// Bad files are named on stderr; the good ones still print.
	r = run(t, "", "extract", "/no/such/file.txt", seedPath(t, "004"))
	if r.code != 1 || !strings.Contains(r.stderr, "/no/such/file.txt") || !strings.Contains(r.stdout, "004_") {
		t.Errorf("with a bad file: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestExtractKeepsOrder: files are read on every core but printed in the
// order given, each file's facts as a run alone would print them.
func TestExtractKeepsOrder(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/*.txt")
	seeds, _ := filepath.Glob("../../../shared/seeds/*.txt")
	files = append(files[:min(len(files), 12)], seeds...)
	slices.Reverse(files) // not the order a folder walk would give
	var want strings.Builder
	for _, f := range files {
		r := run(t, "", "extract", f)
		if r.code != 0 {
			t.Fatalf("%s: %s", f, r.stderr)
		}
		want.WriteString(r.stdout)
	}
	r := run(t, "", append([]string{"extract"}, files...)...)
	if r.code != 0 || r.stdout != want.String() {
		t.Errorf("extract over %d files differs from the files one by one (%d bytes, want %d)", len(files), len(r.stdout), want.Len())
	}
}

func TestQuantitiesCommand(t *testing.T) {
	r := run(t, "新增学位4.8万个\n增长6-6.5%\n", "quantities")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 2 {
		t.Fatalf("%d %q", r.code, r.stdout)
	}
	var first struct {
		Line       string
		Quantities []quantityJSON
	}
	json.Unmarshal([]byte(lines[0]), &first)
	q := first.Quantities[0]
	if q.Text != "4.8万个" || q.Start != 4 || q.End != 9 || q.Value != 48000 || q.Unit != "万个" || q.Base != "个" || q.Kind != "number" {
		t.Errorf("%+v", q)
	}
	r = run(t, "", "quantities", "控制在3.5%以内")
	if !strings.Contains(r.stdout, `"qualifier":"以内"`) {
		t.Errorf("%s", r.stdout)
	}
}
