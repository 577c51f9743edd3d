package pipeline

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/ingest"
)

// labelled is one row of a corpus's reports.tsv: what a reader says the
// file is.
type labelled struct {
	file, region, level string
	year                int
	masked              bool   // the text masks its years (20XX)
	completeness        string // full, partial or summary
}

var reLeadYear = regexp.MustCompile(`^(\d{4})`)

func readLabels(t *testing.T, dir string) []labelled {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "reports.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for first := true; sc.Scan(); first = false {
		cols := strings.Split(sc.Text(), "\t")
		if first || len(cols) < 4 {
			continue
		}
		l := labelled{file: cols[0], level: cols[2]}
		// "福建省泉州市晋江市 (县级市)", "全国 (国务院)": the name before any note.
		l.region = strings.TrimSpace(strings.SplitN(cols[1], " (", 2)[0])
		if m := reLeadYear.FindStringSubmatch(cols[3]); m != nil {
			l.year, _ = strconv.Atoi(m[1])
		}
		l.masked = strings.Contains(cols[3], "masks")
		if len(cols) > 7 {
			l.completeness = strings.Fields(cols[7])[0]
		}
		out = append(out, l)
	}
	return out
}

// TestIdentityTable reads every labelled web copy and corpus report and
// holds region, level and year to what their reports.tsv says.
func TestIdentityTable(t *testing.T) {
	total, right := 0, 0
	completeness, completeRight := 0, 0
	for _, dir := range []string{"../../../shared/corpus-web", "../../../shared/corpus"} {
		for _, l := range readLabels(t, dir) {
			raw, err := os.ReadFile(filepath.Join(dir, l.file))
			if err != nil {
				t.Fatal(err)
			}
			p, err := Process(ingest.File{Path: l.file, Raw: raw, Format: "text"}, Options{})
			if err != nil {
				t.Fatalf("%s: %v", l.file, err)
			}
			id := p.Identity
			region := id.Region
			if l.region == "全国" && id.Level == "national" {
				region = "全国"
			}
			total++
			var wrong []string
			if region != l.region {
				wrong = append(wrong, "region "+region+" ≠ "+l.region)
			}
			if string(id.Level) != l.level {
				wrong = append(wrong, "level "+string(id.Level)+" ≠ "+l.level)
			}
			if id.Year != l.year && !(l.masked && id.Anonymised && id.Year == 0) {
				wrong = append(wrong, "year "+strconv.Itoa(id.Year)+" ("+id.YearSource+") ≠ "+strconv.Itoa(l.year))
			}
			if l.completeness != "" {
				got := "full"
				switch {
				case id.Reported:
					got = "summary"
				case id.Partial:
					got = "partial"
				}
				completeness++
				if got == l.completeness {
					completeRight++
				} else {
					t.Logf("%s: completeness %s ≠ %s", l.file, got, l.completeness)
				}
			}
			if len(wrong) == 0 {
				right++
				continue
			}
			t.Logf("%s: %s", l.file, strings.Join(wrong, "; "))
		}
	}
	t.Logf("completeness (full, partial, summary) right in %d of %d files", completeRight, completeness)
	if completeRight*100 < completeness*85 {
		t.Errorf("completeness right in %d of %d files, below 85%%", completeRight, completeness)
	}
	share := float64(right) / float64(total)
	t.Logf("identity right in %d of %d files (%.1f%%)", right, total, 100*share)
	if share < 0.95 {
		t.Errorf("identity right in %.1f%% of files, below 95%%", 100*share)
	}
}
