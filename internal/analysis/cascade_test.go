package analysis

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
)

// TestCascadeOfProvinces2026: the 2026 GDP targets of the provinces, read
// from their reports, stand in the cascade with the bounds another
// project's table gives (../shared/data/peer-prov-2026), each under 全国.
func TestCascadeOfProvinces2026(t *testing.T) {
	dir := "../../../shared/data/peer-prov-2026"
	raw, err := os.ReadFile(filepath.Join(dir, "targets.json"))
	if err != nil {
		t.Fatal(err)
	}
	var table []struct {
		CN        string
		Low, High float64
	}
	json.Unmarshal(raw, &table)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	pipeline.Run(ctx, st, files, pipeline.Options{}, nil, func(p string, err error) { t.Errorf("%s: %v", p, err) })
	c, err := BuildCascade(ctx, st, "gdp", 2026)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Step{}
	for _, s := range c.Steps {
		byName[s.Region] = s
		if s.Level != report.LevelProvince || s.ParentCode != "100000" || s.ParentRegion != "全国" || s.Amplified != nil {
			t.Errorf("%s: level %s, parent %s %s, amplification %v (no national report is stored)", s.Region, s.Level, s.ParentCode, s.ParentRegion, s.Amplified)
		}
	}
	matched := 0
	for _, row := range table {
		s, ok := byName[row.CN]
		if !ok {
			continue
		}
		lo, hi := *s.Point, *s.Point
		if s.Low != nil {
			lo, hi = *s.Low, *s.High
		}
		if lo != row.Low || hi != row.High {
			t.Errorf("%s: %v–%v in the cascade, %v–%v in the table", row.CN, lo, hi, row.Low, row.High)
			continue
		}
		matched++
	}
	if matched < 28 {
		t.Errorf("%d of %d provinces in the cascade agree with the table", matched, len(table))
	}
	t.Logf("%d of %d provinces in the cascade agree with the table", matched, len(table))
}

// TestCascadeAmplification: a province above the nation's target is
// amplified by the difference; a range counts by its middle.
func TestCascadeAmplification(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	gdp := "gdp"
	add := func(region, code string, level report.Level, f report.Fact) {
		r := &report.Report{Identity: report.Identity{Region: region, RegionCode: code, Level: level, Year: 2025, PlanFrom: 2025, PlanTo: 2025},
			Sources: []report.Source{{Path: code + ".txt", SHA256: code, Raw: []byte("x"), Clean: "x", Offsets: clean.EncodeOffsets(clean.Identity("x"))}}}
		y := 2025
		f.Kind, f.Indicator, f.Canonical, f.Year, f.SourceID = report.Target, "地区生产总值", &gdp, &y, -1
		if err := st.AddReport(ctx, r, []report.Fact{f}); err != nil {
			t.Fatal(err)
		}
	}
	five, six, low, high := 5.0, 6.0, 5.5, 6.5
	add("全国", "100000", report.LevelNational, report.Fact{Growth: &five, Qualifier: "左右"})
	add("江苏省", "320000", report.LevelProvince, report.Fact{Growth: &six, Qualifier: "以上"})
	add("浙江省", "330000", report.LevelProvince, report.Fact{Low: &low, High: &high})
	add("江苏省苏州市", "320500", report.LevelCity, report.Fact{Growth: &five, Qualifier: "左右"})
	c, err := BuildCascade(ctx, st, "gdp", 2025)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"320000": 1, "330000": 1, "320500": -1}
	for _, s := range c.Steps {
		w, ok := want[s.RegionCode]
		if !ok {
			continue
		}
		if s.Amplified == nil || *s.Amplified != w {
			t.Errorf("%s: amplification %v, want %v", s.Region, s.Amplified, w)
		}
	}
	if got := c.Above["100000"]; got != [2]int{2, 2} {
		t.Errorf("provinces above the nation: %v", got)
	}
	if got := c.Above["320000"]; got != [2]int{0, 1} {
		t.Errorf("cities above 江苏: %v", got)
	}
	if c.Steps[0].RegionCode != "100000" || c.Steps[len(c.Steps)-1].RegionCode != "320500" {
		t.Errorf("steps not by level: %v", c.Steps)
	}
}
