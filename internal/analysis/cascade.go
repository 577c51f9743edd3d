package analysis

import (
	"context"
	"math"
	"sort"

	"github.com/baogao/baogao/internal/extract"
	"github.com/baogao/baogao/internal/identify"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// Step is one region's target in a cascade, beside its parent's.
type Step struct {
	Region       string       `json:"region"`
	RegionCode   string       `json:"region_code"`
	Level        report.Level `json:"level"`
	ParentRegion string       `json:"parent_region"`
	ParentCode   string       `json:"parent_code"`
	Goal         string       `json:"goal"`  // as read: ≥6, 6–6.5, ≈5±0.5
	Point        *float64     `json:"point"` // the number a target is judged by: its midpoint, or its bound
	Low          *float64     `json:"low"`
	High         *float64     `json:"high"`
	Qualifier    string       `json:"qualifier"`
	ParentPoint  *float64     `json:"parent_point"` // nil when the parent's report is not stored
	Amplified    *float64     `json:"amplification"`
	Quote        string       `json:"quote"`
	FactID       int64        `json:"fact_id"`
	ReportID     int64        `json:"report_id"`
}

// Cascade is one indicator and year down the levels of government.
type Cascade struct {
	Indicator string `json:"indicator"`
	Year      int    `json:"year"`
	Steps     []Step `json:"steps"` // by level, then region code
	// Above counts, per parent, the children whose target passes the
	// parent's, of those with both: the share papers call 层层加码.
	Above map[string][2]int `json:"above"` // parent code → [above, compared]
}

var levelOrder = map[string]int{"national": 0, "province": 1, "city": 2, "district": 3, "county": 3}

// BuildCascade reads every stored target of an indicator (a lexicon id)
// for a year, each with its parent region's target when that report is
// stored: the amplification is the local target's number less the
// parent's.
func BuildCascade(ctx context.Context, st report.Store, indicator string, year int) (*Cascade, error) {
	facts, err := st.Facts(ctx, report.FactFilter{Kind: report.Target, Indicator: indicator, Year: year})
	if err != nil {
		return nil, err
	}
	higher := extract.Directions()
	c := &Cascade{Indicator: indicator, Year: year, Steps: []Step{}, Above: map[string][2]int{}}
	byCode := map[string]int{}
	for _, f := range facts {
		if f.Canonical == nil || *f.Canonical != indicator || f.RegionCode == "" {
			continue
		}
		if _, dup := byCode[f.RegionCode]; dup {
			continue // the first target of the region stands for it
		}
		chk := track.Judge(f, nil, track.Direction(f.Canonical, higher))
		level, _ := identify.LevelOfCode(f.RegionCode, year) // the code says it: no need to read the reports
		s := Step{Region: f.Region, RegionCode: f.RegionCode, Level: level, Goal: chk.Goal, Low: f.Low, High: f.High,
			Qualifier: f.Qualifier, Quote: f.Quote, FactID: f.ID, ReportID: f.ReportID, Point: point(f)}
		if p, ok := identify.Parent(f.RegionCode, year); ok {
			s.ParentRegion, s.ParentCode = p.FullName(), p.Code
			if p.Code == identify.NationalCode {
				s.ParentRegion = "全国"
			}
		}
		byCode[f.RegionCode] = len(c.Steps)
		c.Steps = append(c.Steps, s)
	}
	for i := range c.Steps {
		s := &c.Steps[i]
		j, ok := byCode[s.ParentCode]
		if !ok || s.Point == nil || c.Steps[j].Point == nil {
			continue
		}
		pp := *c.Steps[j].Point
		amp := math.Round((*s.Point-pp)*100) / 100
		s.ParentPoint, s.Amplified = &pp, &amp
		n := c.Above[s.ParentCode]
		n[1]++
		if amp > 0 {
			n[0]++
		}
		c.Above[s.ParentCode] = n
	}
	sort.SliceStable(c.Steps, func(i, j int) bool {
		a, b := c.Steps[i], c.Steps[j]
		if levelOrder[string(a.Level)] != levelOrder[string(b.Level)] {
			return levelOrder[string(a.Level)] < levelOrder[string(b.Level)]
		}
		return a.RegionCode < b.RegionCode
	})
	return c, nil
}

// point is the number a target is judged by: a growth or a value, or the
// middle of a range.
func point(f report.Fact) *float64 {
	switch {
	case f.Growth != nil:
		return f.Growth
	case f.Low != nil && f.High != nil:
		m := (*f.Low + *f.High) / 2
		return &m
	case f.Value != nil:
		return f.Value
	}
	return nil
}
