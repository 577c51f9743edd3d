package analysis

import (
	"context"
	"fmt"
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

// TestRepeatedAndEstimates: a target unchanged three years running is
// found, two years is not; a year stated only as 预计 is found, one with a
// final figure too is not.
func TestRepeatedAndEstimates(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	gdp, cpi := "gdp", "cpi"
	add := func(sha string, facts ...report.Fact) {
		r := &report.Report{Identity: report.Identity{Region: "江苏省苏州市", RegionCode: "320500", Level: report.LevelCity},
			Sources: []report.Source{{Path: sha, SHA256: sha, Raw: []byte("x"), Clean: "x", Offsets: clean.EncodeOffsets(clean.Identity("x"))}}}
		for i := range facts {
			facts[i].SourceID = -1
		}
		if err := st.AddReport(ctx, r, facts); err != nil {
			t.Fatal(err)
		}
	}
	yr := func(y int) *int { return &y }
	g := func(v float64) *float64 { return &v }
	for y := 2018; y <= 2020; y++ {
		add(fmt.Sprint(y), report.Fact{Kind: report.Target, Indicator: "居民消费价格", Canonical: &cpi, Year: yr(y), Value: g(3), Qualifier: "左右"},
			report.Fact{Kind: report.Target, Indicator: "地区生产总值", Canonical: &gdp, Year: yr(y), Growth: g(float64(y - 2010))})
	}
	add("e", report.Fact{Kind: report.Achieved, Indicator: "地区生产总值", Canonical: &gdp, Year: yr(2020), Growth: g(3), Estimated: true},
		report.Fact{Kind: report.Achieved, Indicator: "地区生产总值", Canonical: &gdp, Year: yr(2019), Growth: g(6), Estimated: true})
	add("f", report.Fact{Kind: report.Achieved, Indicator: "地区生产总值", Canonical: &gdp, Year: yr(2019), Growth: g(6.1)})
	rep, err := RepeatedTargets(ctx, st, "")
	if err != nil || len(rep) != 1 || rep[0].Indicator != "cpi" || rep[0].From != 2018 || rep[0].To != 2020 || len(rep[0].Quotes) != 3 {
		t.Errorf("repeated: %v %+v", err, rep)
	}
	est, err := EstimatesOnly(ctx, st, "")
	if err != nil || len(est) != 1 || est[0].Year != 2020 {
		t.Errorf("estimates only: %v %+v", err, est)
	}
}
