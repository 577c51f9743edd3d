package evaluate

import (
	"testing"

	"github.com/baogao/baogao/internal/report"
)

func f64(v float64) *float64 { return &v }
func str(s string) *string   { return &s }
func yr(y int) *int          { return &y }

func TestMatches(t *testing.T) {
	gold := report.Fact{File: "a.txt", Kind: report.Achieved, Year: yr(2019), Value: f64(37.12), Unit: str("亿元"), Growth: f64(8)}
	for _, c := range []struct {
		name string
		pred report.Fact
		want bool
	}{
		{"same", gold, true},
		{"scaled unit", report.Fact{File: "a.txt", Kind: report.Achieved, Year: yr(2019), Value: f64(371200), Unit: str("万元"), Growth: f64(8)}, true},
		{"other year", report.Fact{File: "a.txt", Kind: report.Achieved, Year: yr(2020), Value: f64(37.12), Unit: str("亿元"), Growth: f64(8)}, false},
		{"no year", report.Fact{File: "a.txt", Kind: report.Achieved, Value: f64(37.12), Unit: str("亿元"), Growth: f64(8)}, false},
		{"growth missing", report.Fact{File: "a.txt", Kind: report.Achieved, Year: yr(2019), Value: f64(37.12), Unit: str("亿元")}, false},
		{"other kind", report.Fact{File: "a.txt", Kind: report.Target, Year: yr(2019), Value: f64(37.12), Unit: str("亿元"), Growth: f64(8)}, false},
		{"other file", report.Fact{File: "b.txt", Kind: report.Achieved, Year: yr(2019), Value: f64(37.12), Unit: str("亿元"), Growth: f64(8)}, false},
		{"extra numbers are fine", report.Fact{File: "a.txt", Kind: report.Achieved, Year: yr(2019), Value: f64(37.12), Unit: str("亿元"), Growth: f64(8), ChangePP: f64(1)}, true},
	} {
		if got := Matches(gold, c.pred); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// A gold fact without a year matches any year.
	noYear := gold
	noYear.Year = nil
	if !Matches(noYear, report.Fact{File: "a.txt", Kind: report.Achieved, Year: yr(2011), Value: f64(37.12), Unit: str("亿元"), Growth: f64(8)}) {
		t.Error("a gold fact without a year should match any year")
	}
}

func TestEvaluate(t *testing.T) {
	gold := []report.Fact{
		{File: "a.txt", Kind: report.Target, Growth: f64(6), Indicator: "地区生产总值"},
		{File: "a.txt", Kind: report.Target, Growth: f64(6), Indicator: "一般公共预算收入"},
		{File: "a.txt", Kind: report.Target, Indicator: "国际收支"}, // no number: not scored
		{File: "a.txt", Kind: report.Achieved, Value: f64(950), Unit: str("亿元"), Growth: f64(7.5), Indicator: "地区生产总值"},
	}
	pred := []report.Fact{
		{File: "a.txt", Kind: report.Target, Growth: f64(6), Indicator: "地区生产总值"},
		{File: "a.txt", Kind: report.Achieved, Growth: f64(7.5), Indicator: "地区生产总值"},
		{File: "a.txt", Kind: report.Target, Growth: f64(7), SpanYears: []int{2021, 2025}}, // multi-year: left aside
		{File: "z.txt", Kind: report.Target, Growth: f64(6)},                               // not in gold: not scored
	}
	s := Evaluate(gold, pred)
	tg, ac := s.Kinds[report.Target], s.Kinds[report.Achieved]
	if tg.Gold != 2 || tg.Predicted != 1 || tg.Matched != 1 || ac.Gold != 1 || ac.Predicted != 1 || ac.Matched != 0 {
		t.Errorf("target %+v achieved %+v", *tg, *ac)
	}
	if tg.Precision() != 1 || tg.Recall() != 0.5 || len(s.Misses) != 2 || len(s.FalseHits) != 1 || s.NamesAgree != 1 {
		t.Errorf("P %.2f R %.2f misses %d false %d names %d", tg.Precision(), tg.Recall(), len(s.Misses), len(s.FalseHits), s.NamesAgree)
	}
}
