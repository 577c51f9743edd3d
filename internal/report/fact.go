package report

import (
	"strconv"
	"strings"
)

// FactKind is the kind of a fact, as ../shared/gold/README.md defines them.
type FactKind string

// Fact kinds.
const (
	Target     FactKind = "target"     // a main expected target for the plan period
	Achieved   FactKind = "achieved"   // a value reported for a past period
	Commitment FactKind = "commitment" // a quantified task promised for the plan period
)

// Fact is one extracted statement with its evidence. The JSON names follow
// the facts contract; fields are only ever added.
type Fact struct {
	ID        int64    `json:"id,omitempty"`
	ReportID  int64    `json:"report_id,omitempty"`
	SourceID  int64    `json:"source_id,omitempty"`
	File      string   `json:"file"`
	Kind      FactKind `json:"kind"`
	Indicator string   `json:"indicator"`
	Canonical *string  `json:"canonical"`
	Action    *string  `json:"action"`
	Year      *int     `json:"year"`
	SpanYears []int    `json:"span_years"`
	Value     *float64 `json:"value"`
	Unit      *string  `json:"unit"`
	Growth    *float64 `json:"growth_pct"`
	ChangePP  *float64 `json:"change_pp"`
	Low       *float64 `json:"low"`
	High      *float64 `json:"high"`
	Qualifier string   `json:"qualifier"`
	Estimated bool     `json:"estimated"`
	Quote     string   `json:"quote"`
	Section   *string  `json:"section"`
	Start     int      `json:"start"` // byte offsets of Quote in the source's evidence bytes
	End       int      `json:"end"`
	Rule      string   `json:"rule,omitempty"` // the extraction rule that made it
	// Region and ReportYear are filled by queries for display.
	Region     string `json:"region,omitempty"`
	RegionCode string `json:"region_code,omitempty"`
}

// UnitScale splits a unit as written into its 万/亿 multiplier and the
// rest: 亿元 → 1e8, 元; 万人 → 1e4, 人; % → 1, %.
func UnitScale(unit string) (float64, string) {
	for _, p := range []struct {
		prefix string
		m      float64
	}{{"万亿", 1e12}, {"千万", 1e7}, {"百万", 1e6}, {"亿", 1e8}, {"万", 1e4}, {"千", 1e3}} {
		if len(unit) > len(p.prefix) && unit[:len(p.prefix)] == p.prefix {
			return p.m, unit[len(p.prefix):]
		}
	}
	return 1, unit
}

// NumbersZH writes a fact's numbers as a Chinese reader would:
// 950亿元，增长7.5%（左右）.
func (f Fact) NumbersZH() string {
	unit := ""
	if f.Unit != nil {
		unit = *f.Unit
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	var p []string
	if f.Value != nil {
		p = append(p, num(*f.Value)+unit)
	}
	if f.Low != nil && f.High != nil && f.Value == nil {
		p = append(p, num(*f.Low)+"—"+num(*f.High)+unit)
	}
	if f.Growth != nil {
		if *f.Growth < 0 {
			p = append(p, "下降"+num(-*f.Growth)+"%")
		} else {
			p = append(p, "增长"+num(*f.Growth)+"%")
		}
	}
	if f.ChangePP != nil {
		s := num(*f.ChangePP)
		if *f.ChangePP >= 0 {
			s = "+" + s
		}
		p = append(p, s+"个百分点")
	}
	s := strings.Join(p, "，")
	if f.Qualifier != "" {
		s += "（" + f.Qualifier + "）"
	}
	return s
}
