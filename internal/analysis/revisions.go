package analysis

import (
	"context"
	"math"
	"sort"

	"github.com/baogao/baogao/internal/report"
)

// Revision is one figure that reports state differently: an estimate (预计)
// and the final figure a year later, a level a five-year review restates,
// a figure revised after a census.
type Revision struct {
	Region     string      `json:"region"`
	RegionCode string      `json:"region_code"`
	Indicator  string      `json:"indicator"` // lexicon id
	Year       int         `json:"year"`
	Field      string      `json:"field"` // value or growth
	Unit       string      `json:"unit"`  // of the values, scaled to a common base (元, 人, %)
	Stated     []Statement `json:"stated"`
	Difference float64     `json:"difference"` // the last statement less the first, in Unit
}

// Statement is one report's figure for the year.
type Statement struct {
	Value     float64 `json:"value"` // in the revision's unit
	Estimated bool    `json:"estimated"`
	Quote
	ReportYear int `json:"report_year"`
}

// Revisions finds the figures (a level or a growth rate of a lexicon
// indicator for a year) that two or more reports state differently.
func Revisions(ctx context.Context, st report.Store, region string) ([]Revision, error) {
	facts, err := st.Facts(ctx, report.FactFilter{Region: region, Kind: report.Achieved})
	if err != nil {
		return nil, err
	}
	return RevisionsOf(ctx, st, region, facts)
}

// RevisionsOf is Revisions over the region's achieved facts already read;
// it does not change them.
func RevisionsOf(ctx context.Context, st report.Store, region string, facts []report.Fact) ([]Revision, error) {
	rs, err := st.Reports(ctx, report.ReportFilter{Region: region})
	if err != nil {
		return nil, err
	}
	year := map[int64]int{}
	for _, r := range rs {
		year[r.ID] = r.Identity.Year
	}
	type key struct {
		region, code, ind string
		year              int
		field, unit       string
	}
	groups := map[key][]Statement{}
	var order []key
	for _, f := range facts {
		if f.Canonical == nil || f.Year == nil {
			continue
		}
		span := len(f.SpanYears) > 0 // a review's level at its end year counts; its 年均 rate does not
		add := func(field, unit string, v float64) {
			k := key{f.Region, f.RegionCode, *f.Canonical, *f.Year, field, unit}
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], Statement{Value: v, Estimated: f.Estimated, Quote: quote(f), ReportYear: year[f.ReportID]})
		}
		if f.Value != nil && f.Unit != nil {
			m, base := report.UnitScale(*f.Unit)
			add("value", base, *f.Value*m)
		}
		if f.Growth != nil && !span {
			add("growth", "%", *f.Growth)
		}
	}
	var out []Revision
	for _, k := range order {
		ss := groups[k]
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].ReportYear < ss[j].ReportYear })
		reports := map[int64]bool{}
		distinct := false
		for _, s := range ss {
			reports[s.ReportID] = true
			if !same(s.Value, ss[0].Value) {
				distinct = true
			}
		}
		if !distinct || len(reports) < 2 {
			continue // one report's restatements in passing are not a revision
		}
		out = append(out, Revision{Region: k.region, RegionCode: k.code, Indicator: k.ind, Year: k.year, Field: k.field, Unit: k.unit,
			Stated: ss, Difference: ss[len(ss)-1].Value - ss[0].Value})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].RegionCode != out[j].RegionCode {
			return out[i].RegionCode < out[j].RegionCode
		}
		if out[i].Indicator != out[j].Indicator {
			return out[i].Indicator < out[j].Indicator
		}
		return out[i].Year < out[j].Year
	})
	return out, nil
}

func same(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}
