package analysis

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
)

func corpusStore(t *testing.T, globs ...string) report.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var paths []string
	for _, g := range globs {
		m, _ := filepath.Glob("../../../shared/corpus/" + g)
		paths = append(paths, m...)
	}
	if len(paths) == 0 {
		t.Fatal("no corpus files")
	}
	pipeline.Run(ctx, st, paths, pipeline.Options{}, nil, func(p string, err error) { t.Errorf("%s: %v", p, err) })
	return st
}

// TestConsistencyFlagsHailaer: 海拉尔区 states GDP of 303.6亿元 for 2016 and
// 192.3亿元 for 2018 while stating growth every year; the check flags it
// with the 2018 report's 剔除虚增空转 beside it. The national series of
// 2009–2018 is consistent and is not flagged.
func TestConsistencyFlagsHailaer(t *testing.T) {
	st := corpusStore(t, "01[2-9]_hailaer_*.txt", "0[01]?_guowuyuan_national_*.txt")
	flags, err := Consistency(context.Background(), st, "")
	if err != nil {
		t.Fatal(err)
	}
	var gdp *Inconsistency
	for i, f := range flags {
		if f.Indicator == "gdp" {
			if f.RegionCode != "150702" {
				t.Errorf("a GDP flag for %s %d–%d: %+v", f.Region, f.From, f.To, f)
				continue
			}
			gdp = &flags[i]
		}
	}
	if gdp == nil {
		t.Fatalf("海拉尔区 GDP not flagged; flags: %+v", flags)
	}
	if gdp.From != 2016 || gdp.To != 2018 || gdp.LevelFrom != 303.6 || gdp.LevelTo != 192.3 || gdp.Implied > -20 || gdp.Stated != 6 ||
		!strings.Contains(gdp.QuoteTo.Text, "192.3亿元") {
		t.Errorf("the flag: %+v", *gdp)
	}
	noted := false
	for _, n := range gdp.Notes {
		noted = noted || strings.Contains(n, "剔除虚增空转")
	}
	if !noted {
		t.Errorf("the 剔除虚增空转 wording is not beside the flag: %q", gdp.Notes)
	}
}

// TestRevisionCues: each cue of data/revision_cues.tsv finds its example.
func TestRevisionCues(t *testing.T) {
	sc := strings.Split(strings.TrimSpace(revisionCuesTSV), "\n")
	n := 0
	for _, l := range sc {
		if strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 2 {
			t.Fatalf("bad line %q", l)
		}
		if got := revisionSentences("前文。" + f[1] + "。后文"); len(got) != 1 || got[0] != f[1] {
			t.Errorf("%s: %q found %q", f[0], f[1], got)
		}
		n++
	}
	if n != len(revisionCues) || n < 5 {
		t.Errorf("%d cues read, %d lines", len(revisionCues), n)
	}
	if got := revisionSentences("地区生产总值增长6%。"); len(got) != 0 {
		t.Errorf("a plain sentence is a note: %q", got)
	}
}
