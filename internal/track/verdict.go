// Package track answers "was it done?": targets against the results a later
// report states, and commitments followed as supervised tasks whose state
// is derived from an append-only list of events.
//
// Input: facts and task events from the store. Output: verdicts and task
// states. Everything here is a pure function of its arguments and a clock.
package track

import (
	"math"
	"sort"
	"strings"

	"github.com/baogao/baogao/internal/report"
)

// Verdict words.
const (
	Met           = "met"
	Exceeded      = "exceeded"
	Missed        = "missed"
	NoResult      = "no_result"
	NotComparable = "not_comparable"
	Unverifiable  = "unverifiable" // 无法核实: a task's outcome the office cannot check
)

// Tolerance is how far 左右 ("about") stretches a point target: half a
// percentage point for rates and shares, 5% of the target for levels.
const (
	TolerancePoints   = 0.5
	ToleranceRelative = 0.05
)

// Check is the verdict on one target with the numbers behind it.
type Check struct {
	Target    report.Fact  `json:"target"`
	Result    *report.Fact `json:"result"` // the achieved fact compared, if any
	Verdict   string       `json:"verdict"`
	Compared  string       `json:"compared"` // growth, value or share: which numbers were set side by side
	Goal      string       `json:"goal"`     // the target as read: ≥6 (range 6–6.5), ≤3.5, ≈3±0.5
	Actual    *float64     `json:"actual"`   // the result's number, in the target's unit
	Gap       *float64     `json:"gap"`      // actual − nearest bound of the goal
	GapUnit   string       `json:"gap_unit"` // 个百分点 or the target's unit
	Estimated bool         `json:"estimated"`
	Why       string       `json:"why,omitempty"`
}

// goal is a target read as an interval with a preferred direction.
type goal struct {
	lo, hi    float64 // -Inf/+Inf when open
	point     float64
	higher    bool
	field     string // growth or value
	unit      string
	tolerance float64
}

func scale(unit *string) (float64, string) {
	if unit == nil {
		return 1, ""
	}
	return report.UnitScale(*unit)
}

// readGoal reads a target fact as a goal. higher says which way is better.
func readGoal(t report.Fact, higher bool) (goal, bool) {
	g := goal{lo: math.Inf(-1), hi: math.Inf(1), higher: higher}
	m, base := scale(t.Unit)
	switch {
	case t.Low != nil && t.High != nil && t.Value == nil:
		g.field, g.tolerance = "growth", TolerancePoints
		if t.Unit != nil && *t.Unit != "%" && *t.Unit != "" {
			g.field, g.unit = "value", base
		}
		g.lo, g.hi = *t.Low*m, *t.High*m
		if g.field == "growth" {
			g.lo, g.hi = *t.Low, *t.High
		}
		return g, true
	case t.Growth != nil:
		g.field, g.point = "growth", *t.Growth
		g.tolerance = TolerancePoints
	case t.Value != nil:
		g.field, g.point, g.unit = "value", *t.Value*m, base
		g.tolerance = math.Abs(g.point) * ToleranceRelative
		if base == "%" {
			g.tolerance = TolerancePoints
		}
	default:
		return g, false
	}
	// A decline's 以上 is a floor on the fall: 下降3.4%以上 asks for a
	// growth of −3.4% or less.
	decline := g.field == "growth" && g.point < 0
	switch t.Qualifier {
	case "左右":
		g.lo, g.hi = g.point-g.tolerance, g.point+g.tolerance
	case "以上", "不低于", "突破":
		if decline {
			g.hi = g.point
		} else {
			g.lo = g.point
		}
	case "以内", "以下":
		if decline {
			g.lo = g.point
		} else {
			g.hi = g.point
		}
	default:
		// A bare number, or 力争: reach it, in the better direction.
		if higher {
			g.lo = g.point
		} else {
			g.hi = g.point
		}
	}
	return g, true
}

// Judge gives the verdict on target t against result r (nil when no later
// report states one). higher says which way is better for the indicator.
func Judge(t report.Fact, r *report.Fact, higher bool) Check {
	c := Check{Target: t, Result: r}
	g, ok := readGoal(t, higher)
	if !ok {
		c.Verdict, c.Why = NotComparable, "目标未给出数值"
		return c
	}
	c.Compared = g.field
	c.Goal = g.describe()
	if r == nil {
		c.Verdict = NoResult
		return c
	}
	c.Estimated = r.Estimated
	var actual float64
	switch g.field {
	case "growth":
		if r.Growth == nil {
			c.Verdict, c.Why = NotComparable, "结果为总量，目标为增速"
			return c
		}
		actual = *r.Growth
		c.GapUnit = "个百分点"
	default:
		if r.Value == nil {
			c.Verdict, c.Why = NotComparable, "结果为增速，目标为总量"
			return c
		}
		m, base := scale(r.Unit)
		if base != g.unit {
			c.Verdict, c.Why = NotComparable, "单位不同："+g.unit+"与"+base
			return c
		}
		actual = *r.Value * m
		c.GapUnit = g.unit
		if g.unit == "%" {
			c.GapUnit = "个百分点"
		}
	}
	c.Actual = &actual
	var gap float64
	switch {
	case actual < g.lo:
		gap = actual - g.lo
		if higher {
			c.Verdict = Missed
		} else {
			c.Verdict = Exceeded
		}
	case actual > g.hi:
		gap = actual - g.hi
		if higher {
			c.Verdict = Exceeded
		} else {
			c.Verdict = Missed
		}
	default:
		c.Verdict = Met
		// The gap is measured from the bound that matters; past a one-sided
		// bound by more than the tolerance, the target is exceeded.
		if higher && !math.IsInf(g.lo, -1) {
			gap = actual - g.lo
			if math.IsInf(g.hi, 1) && gap > g.tolerance+1e-9 {
				c.Verdict = Exceeded
			}
		} else if !higher && !math.IsInf(g.hi, 1) {
			gap = actual - g.hi
			if math.IsInf(g.lo, -1) && -gap > g.tolerance+1e-9 {
				c.Verdict = Exceeded
			}
		}
	}
	gap = math.Round(gap*1e6) / 1e6
	c.Gap = &gap
	return c
}

func (g goal) describe() string {
	f := func(v float64) string { return trimFloat(v) }
	switch {
	case !math.IsInf(g.lo, -1) && !math.IsInf(g.hi, 1):
		return f(g.lo) + "～" + f(g.hi)
	case !math.IsInf(g.lo, -1):
		return "≥" + f(g.lo)
	case !math.IsInf(g.hi, 1):
		return "≤" + f(g.hi)
	}
	return f(g.point)
}

func trimFloat(v float64) string {
	s := strings.TrimRight(strings.TrimRight(strconvF(v), "0"), ".")
	if s == "" || s == "-" {
		return "0"
	}
	return s
}

// Direction tells whether higher is better for a canonical indicator;
// unknown indicators are read as higher-is-better.
func Direction(canonical *string, lexicon map[string]bool) bool {
	if canonical == nil {
		return true
	}
	if h, ok := lexicon[*canonical]; ok {
		return h
	}
	return true
}

// Pair finds, for each target, the achieved fact that answers it: same
// region, same year, same canonical indicator (or the same name when the
// lexicon does not know it). A stated result from a later report is
// preferred to a same-year estimate (预计).
func Pair(targets, achieved []report.Fact) []*report.Fact {
	type key struct {
		region string
		year   int
		ind    string
	}
	// A figure over several years (span set) is keyed by the negative of
	// its last year, so that five-year goals meet five-year reviews and
	// an annual target never meets a span's figure (年均, 累计).
	keyOf := func(f report.Fact) (key, bool) {
		ind := f.Indicator
		if f.Canonical != nil {
			ind = "#" + *f.Canonical
		}
		region := f.RegionCode
		if region == "" {
			region = f.Region
		}
		switch {
		case len(f.SpanYears) == 2:
			return key{region, -f.SpanYears[1], ind}, true
		case f.Year != nil:
			return key{region, *f.Year, ind}, true
		}
		return key{}, false
	}
	best := map[key]*report.Fact{}
	sorted := append([]report.Fact(nil), achieved...)
	// Later reports first; stated results before estimates.
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Estimated != sorted[j].Estimated {
			return !sorted[i].Estimated
		}
		return sorted[i].ReportID > sorted[j].ReportID
	})
	for i := range sorted {
		k, ok := keyOf(sorted[i])
		if !ok {
			continue
		}
		if _, seen := best[k]; !seen {
			best[k] = &sorted[i]
		}
	}
	out := make([]*report.Fact, len(targets))
	for i, t := range targets {
		if k, ok := keyOf(t); ok {
			out[i] = best[k]
			if out[i] == nil && k.year < 0 {
				k.year = -k.year // a level reached by the plan's last year
				if r := best[k]; r != nil && len(r.SpanYears) == 0 {
					out[i] = r
				}
			}
			// Prefer a result carrying the number the target is about.
			if out[i] != nil && t.Growth != nil && out[i].Growth == nil {
				out[i] = findWith(sorted, k, keyOf, func(f report.Fact) bool { return f.Growth != nil }, out[i])
			}
			if out[i] != nil && t.Value != nil && out[i].Value == nil {
				out[i] = findWith(sorted, k, keyOf, func(f report.Fact) bool { return f.Value != nil }, out[i])
			}
		}
	}
	return out
}

func findWith[K comparable](facts []report.Fact, k K, keyOf func(report.Fact) (K, bool), ok func(report.Fact) bool, fallback *report.Fact) *report.Fact {
	for i := range facts {
		if kk, has := keyOf(facts[i]); has && kk == k && ok(facts[i]) {
			return &facts[i]
		}
	}
	return fallback
}

// Bounds is a target as a chart draws it: a range, a floor (以上), a
// ceiling (以内), a value with its tolerance (左右) or a bare value, in
// the numbers Judge compares (growth in %, or a level in base units).
type Bounds struct {
	Kind   string // range, floor, ceiling, about, point
	Field  string // growth or value
	Lo, Hi *float64
	Mid    *float64
	Label  string // as Check.Goal reads it: 6～6.5, ≥6
}

// TargetBounds reads a target as Judge does; false when it states no
// number.
func TargetBounds(t report.Fact, higher bool) (Bounds, bool) {
	g, ok := readGoal(t, higher)
	if !ok {
		return Bounds{}, false
	}
	b := Bounds{Field: g.field, Label: g.describe()}
	finite := func(v float64) *float64 {
		if math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	b.Lo, b.Hi = finite(g.lo), finite(g.hi)
	switch {
	case t.Qualifier == "左右":
		b.Kind, b.Mid = "about", finite(g.point)
	case b.Lo != nil && b.Hi != nil:
		b.Kind = "range"
	case t.Qualifier == "" || t.Qualifier == "力争":
		b.Kind, b.Mid, b.Lo, b.Hi = "point", finite(g.point), nil, nil
	case b.Lo != nil:
		b.Kind = "floor"
	default:
		b.Kind = "ceiling"
	}
	return b, true
}
