package analysis

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
)

// TestRevisions: an estimate and the final figure a year later are a
// revision, with both quotes and the difference in a common unit; the
// same figure stated twice is not; the national corpus, whose every year
// is stated once or alike, has none.
func TestRevisions(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	gdp, yi, wan := "gdp", "亿元", "万元"
	add := func(reportYear int, facts ...report.Fact) {
		sha := string(rune('a' + reportYear - 2020))
		r := &report.Report{Identity: report.Identity{Region: "江苏省苏州市", RegionCode: "320500", Level: report.LevelCity, Year: reportYear},
			Sources: []report.Source{{Path: sha + ".txt", SHA256: sha, Raw: []byte("x"), Clean: "x", Offsets: clean.EncodeOffsets(clean.Identity("x"))}}}
		for i := range facts {
			facts[i].Kind, facts[i].Indicator, facts[i].Canonical, facts[i].SourceID = report.Achieved, "地区生产总值", &gdp, -1
		}
		if err := st.AddReport(ctx, r, facts); err != nil {
			t.Fatal(err)
		}
	}
	y2021, y2022 := 2021, 2022
	est, final, same, g1, g2 := 22700.0, 22718.3, 2.39, 8.7, 8.7
	add(2022, report.Fact{Year: &y2021, Value: &est, Unit: &yi, Growth: &g1, Estimated: true, Quote: "预计地区生产总值22700亿元"})
	add(2023, report.Fact{Year: &y2021, Value: &final, Unit: &yi, Growth: &g2, Quote: "2021年地区生产总值22718.3亿元"},
		report.Fact{Year: &y2022, Value: &same, Unit: &wan, Quote: "人均2.39万元"})
	add(2024, report.Fact{Year: &y2022, Value: &same, Unit: &wan, Quote: "人均2.39万元"})
	revs, err := Revisions(ctx, st, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 1 {
		t.Fatalf("%d revisions: %+v", len(revs), revs)
	}
	r := revs[0]
	if r.Year != 2021 || r.Field != "value" || r.Unit != "元" || len(r.Stated) != 2 || !r.Stated[0].Estimated || r.Stated[1].Estimated ||
		r.Stated[0].ReportYear != 2022 || r.Difference < 18.29e8 || r.Difference > 18.31e8 {
		t.Errorf("revision %+v", r)
	}

	national := corpusStore(t, "0[01]?_guowuyuan_national_*.txt")
	if revs, err := Revisions(ctx, national, ""); err != nil || len(revs) != 0 {
		t.Errorf("national 2009–2022: %v %+v", err, revs)
	}
}
