// Package evaluate scores extracted facts against gold facts, as
// ../shared/gold/README.md defines the match: same file and kind, same
// year where the gold has one, and every number the gold states present
// and equal (values compared after scaling by 万 and 亿).
//
// Input: gold and predicted report.Fact lists. Output: a Score.
package evaluate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/baogao/baogao/internal/report"
)

// Counts are the tallies of one kind of fact.
type Counts struct {
	Gold, Predicted, Matched int
}

// Precision is matched over predicted.
func (c Counts) Precision() float64 { return ratio(c.Matched, c.Predicted) }

// Recall is matched over gold.
func (c Counts) Recall() float64 { return ratio(c.Matched, c.Gold) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Score is the outcome of one evaluation.
type Score struct {
	Kinds        map[report.FactKind]*Counts
	NamesAgree   int // matched pairs whose indicator names agree
	Misses       []report.Fact
	FalseHits    []report.Fact
	Files        int
	MatchedPairs [][2]report.Fact
}

// ReadGold reads gold facts, one JSON object a line.
func ReadGold(r io.Reader) ([]report.Fact, error) {
	var out []report.Fact
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var f report.Fact
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, f)
	}
	return out, sc.Err()
}

// ReadGoldFile reads the gold facts of one answer key file.
func ReadGoldFile(path string) ([]report.Fact, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	facts, err := ReadGold(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return facts, nil
}

// multiYear tells a target or commitment for a span of years (今后五年…
// 年均增长7%), which the annual scores leave aside as the gold does.
func multiYear(f report.Fact) bool {
	return f.Kind != report.Achieved && f.Year == nil && len(f.SpanYears) == 2
}

// Scorable tells whether a gold fact states a number to match.
func Scorable(f report.Fact) bool {
	return f.Value != nil || f.Growth != nil || f.ChangePP != nil || f.Low != nil || f.High != nil
}

// unitScale is the multiplier of a unit's leading 万 or 亿.
func unitScale(unit *string) float64 {
	if unit == nil {
		return 1
	}
	m, _ := report.UnitScale(*unit)
	return m
}

func same(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// Matches tells whether prediction p matches gold fact g.
func Matches(g, p report.Fact) bool {
	if g.File != p.File || g.Kind != p.Kind {
		return false
	}
	if g.Year != nil && (p.Year == nil || *p.Year != *g.Year) {
		return false
	}
	if g.Value != nil && (p.Value == nil || !same(*g.Value*unitScale(g.Unit), *p.Value*unitScale(p.Unit))) {
		return false
	}
	for _, pair := range [][2]*float64{{g.Growth, p.Growth}, {g.ChangePP, p.ChangePP}, {g.Low, p.Low}, {g.High, p.High}} {
		if pair[0] != nil && (pair[1] == nil || !same(*pair[0], *pair[1])) {
			return false
		}
	}
	return true
}

// Evaluate scores predictions against gold. Only files present in gold
// are scored; gold facts without a number are left aside.
func Evaluate(gold, pred []report.Fact) Score {
	s := Score{Kinds: map[report.FactKind]*Counts{}}
	files := map[string]bool{}
	for _, k := range []report.FactKind{report.Target, report.Achieved, report.Commitment} {
		s.Kinds[k] = &Counts{}
	}
	var scored []report.Fact
	for _, g := range gold {
		files[g.File] = true
		if Scorable(g) && !multiYear(g) {
			scored = append(scored, g)
			s.count(g.Kind).Gold++
		}
	}
	s.Files = len(files)
	byFile := map[string][]int{}
	for i, p := range pred {
		if files[p.File] && !multiYear(p) {
			byFile[p.File] = append(byFile[p.File], i)
			s.count(p.Kind).Predicted++
		}
	}
	used := make([]bool, len(pred))
	// Gold facts with more numbers first, so a bare growth rate does not
	// take the prediction that a level-and-growth fact needs.
	order := make([]int, len(scored))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return numbers(scored[order[a]]) > numbers(scored[order[b]]) })
	matched := make([]bool, len(scored))
	for _, gi := range order {
		g := scored[gi]
		best := -1
		for _, pi := range byFile[g.File] {
			if !used[pi] && Matches(g, pred[pi]) && (best < 0 || closer(g, pred[pi], pred[best])) {
				best = pi
			}
		}
		if best >= 0 {
			used[best], matched[gi] = true, true
			s.count(g.Kind).Matched++
			s.MatchedPairs = append(s.MatchedPairs, [2]report.Fact{g, pred[best]})
			if NamesAgree(g.Indicator, pred[best].Indicator) {
				s.NamesAgree++
			}
		}
	}
	for i, g := range scored {
		if !matched[i] {
			s.Misses = append(s.Misses, g)
		}
	}
	for _, idx := range byFile {
		for _, pi := range idx {
			if !used[pi] {
				s.FalseHits = append(s.FalseHits, pred[pi])
			}
		}
	}
	sort.SliceStable(s.FalseHits, func(a, b int) bool {
		return s.FalseHits[a].File < s.FalseHits[b].File || s.FalseHits[a].File == s.FalseHits[b].File && s.FalseHits[a].Start < s.FalseHits[b].Start
	})
	return s
}

func (s *Score) count(k report.FactKind) *Counts {
	if s.Kinds[k] == nil {
		s.Kinds[k] = &Counts{}
	}
	return s.Kinds[k]
}

func numbers(f report.Fact) int {
	n := 0
	for _, p := range []*float64{f.Value, f.Growth, f.ChangePP, f.Low, f.High} {
		if p != nil {
			n++
		}
	}
	return n
}

// closer tells whether prediction a is more surely gold fact g than b,
// when both state its numbers (two commitments of 1个 in one report): the
// one of the same name, else the one stated in the same words.
func closer(g, a, b report.Fact) bool {
	if na, nb := NamesAgree(g.Indicator, a.Indicator), NamesAgree(g.Indicator, b.Indicator); na != nb {
		return na
	}
	return overlaps(g.Quote, a.Quote) && !overlaps(g.Quote, b.Quote)
}

func overlaps(q, p string) bool {
	return q != "" && p != "" && (strings.Contains(p, q) || strings.Contains(q, p))
}

// NamesAgree tells two indicator names equal but for quotes, spaces and
// the width of brackets.
func NamesAgree(a, b string) bool {
	norm := func(s string) string {
		return strings.NewReplacer("“", "", "”", "", "\"", "", " ", "", "（", "(", "）", ")").Replace(s)
	}
	return norm(a) == norm(b)
}
