package track

import (
	"testing"

	"github.com/baogao/baogao/internal/report"
)

func f64(v float64) *float64 { return &v }
func str(s string) *string   { return &s }

func growth(v float64, q string) report.Fact { return report.Fact{Growth: f64(v), Qualifier: q} }
func level(v float64, unit, q string) report.Fact {
	return report.Fact{Value: f64(v), Unit: str(unit), Qualifier: q}
}

// TestJudge has one case per rule: how each way of writing a target reads
// against a result, in both directions of better.
func TestJudge(t *testing.T) {
	rng := report.Fact{Low: f64(6), High: f64(6.5), Unit: str("%")}
	for _, c := range []struct {
		name    string
		target  report.Fact
		result  *report.Fact
		higher  bool
		verdict string
		gap     float64
	}{
		{"range met at the floor", rng, &report.Fact{Growth: f64(6)}, true, Met, 0},
		{"range met inside", rng, &report.Fact{Growth: f64(6.2)}, true, Met, 0.2},
		{"range exceeded", rng, &report.Fact{Growth: f64(7)}, true, Exceeded, 0.5},
		{"range missed", rng, &report.Fact{Growth: f64(5.8)}, true, Missed, -0.2},
		{"about: within tolerance below", growth(7.5, "左右"), &report.Fact{Growth: f64(7.1)}, true, Met, 0.1},
		{"about: above tolerance", growth(7.5, "左右"), &report.Fact{Growth: f64(8.2)}, true, Exceeded, 0.2},
		{"about: below tolerance", growth(7.5, "左右"), &report.Fact{Growth: f64(6.9)}, true, Missed, -0.1},
		{"about, lower is better (CPI)", level(3, "%", "左右"), &report.Fact{Value: f64(3.4), Unit: str("%")}, false, Met, -0.1},
		{"about, lower is better, well below", level(3, "%", "左右"), &report.Fact{Value: f64(2.1), Unit: str("%")}, false, Exceeded, -0.4},
		{"about, lower is better, above", level(3, "%", "左右"), &report.Fact{Value: f64(3.8), Unit: str("%")}, false, Missed, 0.3},
		{"floor 以上 met", level(1, "万人", "以上"), &report.Fact{Value: f64(1.2), Unit: str("万人")}, true, Exceeded, 2000},
		{"floor 以上 met exactly", level(1, "万人", "以上"), &report.Fact{Value: f64(10000), Unit: str("人")}, true, Met, 0},
		{"floor 不低于 missed", level(90, "%", "不低于"), &report.Fact{Value: f64(88), Unit: str("%")}, true, Missed, -2},
		{"ceiling 以内 met", level(4.6, "%", "以内"), &report.Fact{Value: f64(4.1), Unit: str("%")}, false, Met, -0.5},
		{"ceiling 以内 missed", level(4.6, "%", "以内"), &report.Fact{Value: f64(5), Unit: str("%")}, false, Missed, 0.4},
		{"point, higher better, met", growth(8, ""), &report.Fact{Growth: f64(8)}, true, Met, 0},
		{"point, higher better, missed", growth(8, ""), &report.Fact{Growth: f64(7.9)}, true, Missed, -0.1},
		{"decline 以上 is at least that fall (energy)", growth(-3.4, "以上"), &report.Fact{Growth: f64(-3.8)}, false, Met, -0.4},
		{"decline 以上, fell less", growth(-3.4, "以上"), &report.Fact{Growth: f64(-3)}, false, Missed, 0.4},
		{"decline 以内 is at most that fall", growth(-2, "以内"), &report.Fact{Growth: f64(-1.5)}, true, Met, 0.5},
		{"point decrease, lower better (energy)", growth(-3, ""), &report.Fact{Growth: f64(-3.5)}, false, Met, -0.5},
		{"point decrease, lower better, missed", growth(-3, ""), &report.Fact{Growth: f64(-2.4)}, false, Missed, 0.6},
		{"力争 reads as a point", growth(10, "力争"), &report.Fact{Growth: f64(10.5)}, true, Met, 0.5},
		{"level scaled across units", level(950, "亿元", ""), &report.Fact{Value: f64(9.5e10), Unit: str("元")}, true, Met, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Judge(c.target, c.result, c.higher)
			if got.Verdict != c.verdict {
				t.Fatalf("verdict %s, want %s (goal %s)", got.Verdict, c.verdict, got.Goal)
			}
			if got.Gap == nil || *got.Gap != c.gap {
				t.Errorf("gap %v, want %v", got.Gap, c.gap)
			}
			if got.Actual == nil || got.Goal == "" {
				t.Errorf("the numbers behind the verdict are missing: %+v", got)
			}
		})
	}
	for _, c := range []struct {
		name   string
		target report.Fact
		result *report.Fact
		want   string
	}{
		{"no result", growth(6, ""), nil, NoResult},
		{"rate against level", growth(6, ""), &report.Fact{Value: f64(950), Unit: str("亿元")}, NotComparable},
		{"level against rate", level(1, "万人", "以上"), &report.Fact{Growth: f64(3)}, NotComparable},
		{"units differ", level(950, "亿元", ""), &report.Fact{Value: f64(9), Unit: str("万人")}, NotComparable},
		{"no number", report.Fact{Indicator: "国际收支基本平衡"}, nil, NotComparable},
	} {
		if got := Judge(c.target, c.result, true); got.Verdict != c.want {
			t.Errorf("%s: %s, want %s", c.name, got.Verdict, c.want)
		}
	}
}

func TestPair(t *testing.T) {
	y := func(v int) *int { return &v }
	gdp := "gdp"
	targets := []report.Fact{
		{RegionCode: "1", Year: y(2021), Canonical: &gdp, Growth: f64(6)},
		{RegionCode: "1", Year: y(2021), Indicator: "新兴指标", Growth: f64(5)},
		{RegionCode: "1", SpanYears: []int{2021, 2025}, Canonical: &gdp, Growth: f64(6)},
	}
	achieved := []report.Fact{
		{ReportID: 1, RegionCode: "1", Year: y(2021), Canonical: &gdp, Growth: f64(6.1), Estimated: true},
		{ReportID: 2, RegionCode: "1", Year: y(2021), Canonical: &gdp, Growth: f64(6.3)},
		{ReportID: 2, RegionCode: "2", Year: y(2021), Indicator: "新兴指标", Growth: f64(9)},
		{ReportID: 9, RegionCode: "1", SpanYears: []int{2021, 2025}, Canonical: &gdp, Growth: f64(5.9)},
	}
	got := Pair(targets, achieved)
	if got[0] == nil || *got[0].Growth != 6.3 {
		t.Errorf("a stated result beats an estimate: %+v", got[0])
	}
	if got[1] != nil {
		t.Errorf("another region's figure was paired: %+v", got[1])
	}
	if got[2] == nil || *got[2].Growth != 5.9 {
		t.Errorf("a five-year goal meets the five-year review: %+v", got[2])
	}
}

// TestTargetBounds: each way of writing a target is drawn as what it asks.
func TestTargetBounds(t *testing.T) {
	for _, c := range []struct {
		name   string
		target report.Fact
		higher bool
		kind   string
		lo, hi *float64
		mid    *float64
	}{
		{"range", report.Fact{Low: f64(6), High: f64(6.5), Unit: str("%")}, true, "range", f64(6), f64(6.5), nil},
		{"以上", growth(6, "以上"), true, "floor", f64(6), nil, nil},
		{"下降…以上", growth(-3.4, "以上"), false, "ceiling", nil, f64(-3.4), nil},
		{"以内", level(5.5, "%", "以内"), false, "ceiling", nil, f64(5.5), nil},
		{"左右", growth(6, "左右"), true, "about", f64(5.5), f64(6.5), f64(6)},
		{"bare", growth(8, ""), true, "point", nil, nil, f64(8)},
	} {
		b, ok := TargetBounds(c.target, c.higher)
		eq := func(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
		if !ok || b.Kind != c.kind || !eq(b.Lo, c.lo) || !eq(b.Hi, c.hi) || !eq(b.Mid, c.mid) {
			t.Errorf("%s: %+v", c.name, b)
		}
	}
	if _, ok := TargetBounds(report.Fact{Qualifier: "以上"}, true); ok {
		t.Error("a target with no number has bounds")
	}
}
