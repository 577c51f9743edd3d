// Package analysis holds the comparisons researchers and reporters make
// by hand across reports: levels against the growth the same reports
// state (consistency), and one indicator's targets down the levels of
// government (cascade).
package analysis

import (
	"bufio"
	"context"
	_ "embed"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/baogao/baogao/internal/report"
)

// Inconsistency is a pair of stated levels whose ratio the growth rates
// stated for the years between cannot explain.
type Inconsistency struct {
	Region     string   `json:"region"`
	RegionCode string   `json:"region_code"`
	Indicator  string   `json:"indicator"` // lexicon id
	From       int      `json:"from"`      // the two years whose levels are compared
	To         int      `json:"to"`
	LevelFrom  float64  `json:"level_from"`
	LevelTo    float64  `json:"level_to"`
	Unit       string   `json:"unit"`
	Implied    float64  `json:"implied_pct"` // average annual change the levels imply, %
	Stated     float64  `json:"stated_pct"`  // average of the growth rates stated for the years between, %
	Rates      []Rate   `json:"rates"`
	QuoteFrom  Quote    `json:"quote_from"`
	QuoteTo    Quote    `json:"quote_to"`
	Notes      []string `json:"notes,omitempty"` // sentences of the reports of those years that admit a restatement
	Kind       string   `json:"kind"`            // level_vs_growth, repeated_target, estimate_only
}

// Rate is a stated growth rate.
type Rate struct {
	Year   int     `json:"year"`
	Growth float64 `json:"growth_pct"`
	Quote  Quote   `json:"quote"`
}

// Quote points to a fact's evidence.
type Quote struct {
	FactID   int64  `json:"fact_id"`
	ReportID int64  `json:"report_id"`
	Text     string `json:"text"`
}

// Tolerances: levels are nominal and rates real (可比价), so levels may
// outgrow rates by inflation; a gap beyond these is flagged.
const (
	BelowRates = 5.0  // points a year the levels may fall short of the rates
	AboveRates = 15.0 // points a year they may exceed them
	maxGap     = 3    // years between two levels compared
)

// Consistency checks, for every region and indicator with stated levels,
// each pair of levels at most three years apart against the growth rates
// stated for the years between.
func Consistency(ctx context.Context, st report.Store, region string) ([]Inconsistency, error) {
	facts, err := st.Facts(ctx, report.FactFilter{Region: region, Kind: report.Achieved})
	if err != nil {
		return nil, err
	}
	return ConsistencyOf(ctx, st, facts)
}

// ConsistencyOf is Consistency over a region's achieved facts already
// read (the region page reads them once for all its analyses); it does
// not change them.
func ConsistencyOf(ctx context.Context, st report.Store, achieved []report.Fact) ([]Inconsistency, error) {
	facts := slices.Clone(achieved) // sorted below
	var err error
	type series struct {
		region, code, ind string
		levels            map[int]report.Fact
		rates             map[int]report.Fact
	}
	all := map[string]*series{}
	// Later reports first, stated figures before estimates: the figure a
	// year is finally given.
	sort.SliceStable(facts, func(i, j int) bool {
		if facts[i].Estimated != facts[j].Estimated {
			return !facts[i].Estimated
		}
		return facts[i].ReportID > facts[j].ReportID
	})
	for _, f := range facts {
		if f.Canonical == nil || f.Year == nil || len(f.SpanYears) > 0 {
			continue
		}
		key := f.RegionCode + "|" + f.Region + "|" + *f.Canonical
		s := all[key]
		if s == nil {
			s = &series{region: f.Region, code: f.RegionCode, ind: *f.Canonical, levels: map[int]report.Fact{}, rates: map[int]report.Fact{}}
			all[key] = s
		}
		y := *f.Year
		if _, ok := s.levels[y]; !ok && f.Value != nil && f.Unit != nil && *f.Unit != "%" {
			s.levels[y] = f
		}
		if _, ok := s.rates[y]; !ok && f.Growth != nil {
			s.rates[y] = f
		}
	}
	var out []Inconsistency
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := all[k]
		var years []int
		for y := range s.levels {
			years = append(years, y)
		}
		sort.Ints(years)
		for i := 1; i < len(years); i++ {
			a, b := years[i-1], years[i]
			if b-a > maxGap {
				continue
			}
			la, lb := s.levels[a], s.levels[b]
			// The same words, the same scope: 全社会固定资产投资 and
			// 区本级固定资产投资 share a lexicon id but not a base.
			if la.Indicator != lb.Indicator {
				continue
			}
			ma, ua := report.UnitScale(*la.Unit)
			mb, ub := report.UnitScale(*lb.Unit)
			if ua != ub || *la.Value <= 0 {
				continue
			}
			var rates []Rate
			sum := 0.0
			for y := a + 1; y <= b; y++ {
				if r, ok := s.rates[y]; ok && r.Indicator == lb.Indicator {
					rates = append(rates, Rate{y, *r.Growth, quote(r)})
					sum += *r.Growth
				}
			}
			if len(rates) == 0 {
				continue
			}
			implied := (math.Pow(*lb.Value*mb/(*la.Value*ma), 1/float64(b-a)) - 1) * 100
			stated := sum / float64(len(rates))
			if implied >= stated-BelowRates && implied <= stated+AboveRates {
				continue
			}
			out = append(out, Inconsistency{Region: s.region, RegionCode: s.code, Indicator: s.ind, From: a, To: b,
				LevelFrom: *la.Value, LevelTo: *lb.Value, Unit: *lb.Unit, Implied: round1(implied), Stated: round1(stated), Rates: rates,
				QuoteFrom: quote(la), QuoteTo: quote(lb), Kind: "level_vs_growth"})
		}
	}
	// The reports that state the years from the first level's to the
	// second's may say why the figures moved (剔除虚增空转…). Each region's
	// reports are listed, and each report read, once for all its flags.
	lists := map[string][]report.Report{}
	notes := map[int64][]string{}
	for i := range out {
		c := &out[i]
		key := c.RegionCode
		if key == "" {
			key = c.Region
		}
		rs, ok := lists[key]
		if !ok {
			if rs, err = st.Reports(ctx, report.ReportFilter{Region: key}); err != nil {
				return nil, err
			}
			lists[key] = rs
		}
		for _, r := range rs {
			if r.Identity.Year <= c.From || r.Identity.Year > c.To+1 {
				continue
			}
			n, ok := notes[r.ID]
			if !ok {
				full, err := st.Report(ctx, r.ID)
				if err != nil {
					return nil, err
				}
				for _, src := range full.Sources {
					n = append(n, revisionSentences(src.Clean)...)
				}
				notes[r.ID] = n
			}
			c.Notes = append(c.Notes, n...)
		}
	}
	return out, nil
}

func quote(f report.Fact) Quote { return Quote{FactID: f.ID, ReportID: f.ReportID, Text: f.Quote} }

func round1(v float64) float64 { return math.Round(v*10) / 10 }

//go:embed data/revision_cues.tsv
var revisionCuesTSV string

// revisionCues are the words of data/revision_cues.tsv.
var revisionCues = func() []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(revisionCuesTSV))
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, strings.Split(l, "\t")[0])
		}
	}
	return out
}()

// revisionSentences returns the sentences of text that hold a revision
// cue, each once, at most five.
func revisionSentences(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, sent := range strings.FieldsFunc(text, func(r rune) bool { return r == '。' || r == '\n' || r == '；' }) {
		for _, c := range revisionCues {
			if strings.Contains(sent, c) && !seen[sent] {
				seen[sent] = true
				out = append(out, strings.TrimSpace(sent))
				break
			}
		}
		if len(out) == 5 {
			break
		}
	}
	return out
}

// Stale targets and estimates left standing: the other two signs papers
// look for besides levels against growth.

// Repeated is a target stated unchanged for several years in a row.
type Repeated struct {
	Region     string  `json:"region"`
	RegionCode string  `json:"region_code"`
	Indicator  string  `json:"indicator"`
	Goal       string  `json:"goal"`
	From       int     `json:"from"`
	To         int     `json:"to"`
	Quotes     []Quote `json:"quotes"`
}

// EstimateOnly is a year whose result no report states but as 预计.
type EstimateOnly struct {
	Region     string `json:"region"`
	RegionCode string `json:"region_code"`
	Indicator  string `json:"indicator"`
	Year       int    `json:"year"`
	Quote      Quote  `json:"quote"`
}

// RepeatedTargets finds a region's targets of one indicator restated
// unchanged (the same numbers and qualifier) three or more years running.
func RepeatedTargets(ctx context.Context, st report.Store, region string) ([]Repeated, error) {
	facts, err := st.Facts(ctx, report.FactFilter{Region: region, Kind: report.Target})
	if err != nil {
		return nil, err
	}
	type key struct{ region, code, ind string }
	byYear := map[key]map[int]report.Fact{}
	for _, f := range facts {
		if f.Canonical == nil || f.Year == nil || len(f.SpanYears) > 0 {
			continue
		}
		k := key{f.Region, f.RegionCode, *f.Canonical}
		if byYear[k] == nil {
			byYear[k] = map[int]report.Fact{}
		}
		if _, ok := byYear[k][*f.Year]; !ok {
			byYear[k][*f.Year] = f
		}
	}
	var out []Repeated
	for k, ys := range byYear {
		var years []int
		for y := range ys {
			years = append(years, y)
		}
		sort.Ints(years)
		for i := 0; i < len(years); {
			j := i
			for j+1 < len(years) && years[j+1] == years[j]+1 && ys[years[j+1]].NumbersZH() == ys[years[i]].NumbersZH() {
				j++
			}
			if j-i+1 >= 3 {
				r := Repeated{Region: k.region, RegionCode: k.code, Indicator: k.ind, Goal: ys[years[i]].NumbersZH(), From: years[i], To: years[j]}
				for y := years[i]; y <= years[j]; y++ {
					r.Quotes = append(r.Quotes, quote(ys[y]))
				}
				out = append(out, r)
			}
			i = j + 1
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].RegionCode != out[j].RegionCode {
			return out[i].RegionCode < out[j].RegionCode
		}
		return out[i].Indicator < out[j].Indicator
	})
	return out, nil
}

// EstimatesOnly finds the years whose results are stated only as 预计.
func EstimatesOnly(ctx context.Context, st report.Store, region string) ([]EstimateOnly, error) {
	facts, err := st.Facts(ctx, report.FactFilter{Region: region, Kind: report.Achieved})
	if err != nil {
		return nil, err
	}
	type key struct {
		region, code, ind string
		year              int
	}
	final := map[key]bool{}
	first := map[key]report.Fact{}
	var order []key
	for _, f := range facts {
		if f.Canonical == nil || f.Year == nil || len(f.SpanYears) > 0 {
			continue
		}
		k := key{f.Region, f.RegionCode, *f.Canonical, *f.Year}
		if !f.Estimated {
			final[k] = true
		} else if _, ok := first[k]; !ok {
			first[k] = f
			order = append(order, k)
		}
	}
	var out []EstimateOnly
	for _, k := range order {
		if !final[k] {
			out = append(out, EstimateOnly{Region: k.region, RegionCode: k.code, Indicator: k.ind, Year: k.year, Quote: quote(first[k])})
		}
	}
	return out, nil
}
