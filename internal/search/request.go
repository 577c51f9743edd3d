package search

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/report"
)

// Request reads a search as people write it (the query and its filters)
// into a store query and the terms to highlight.
func Request(q, region, level, years, section, kind string, limit int) (report.SearchQuery, Parsed, error) {
	p, err := Parse(q, clean.Simplify)
	if err != nil {
		return report.SearchQuery{}, p, err
	}
	sq := report.SearchQuery{Match: p.Match, Region: region, Level: report.Level(level), Section: section, Kind: report.FactKind(kind), Limit: limit}
	if years != "" {
		from, to, ok := strings.Cut(years, "-")
		a, err1 := strconv.Atoi(strings.TrimSpace(from))
		b, err2 := a, error(nil)
		if ok {
			b, err2 = strconv.Atoi(strings.TrimSpace(to))
		}
		if err1 != nil || err2 != nil || a > b {
			return sq, p, report.Errorf(report.Invalid, "年份应为 2023 或 2019-2023：%q", years)
		}
		sq.YearFrom, sq.YearTo = a, b
	}
	switch sq.Level {
	case "", report.LevelNational, report.LevelProvince, report.LevelCity, report.LevelDistrict, report.LevelCounty:
	default:
		return sq, p, report.Errorf(report.Invalid, "级别应为 national、province、city、district 或 county：%q", level)
	}
	switch sq.Kind {
	case "", report.Target, report.Achieved, report.Commitment:
	default:
		return sq, p, report.Errorf(report.Invalid, "类型应为 target、achieved 或 commitment：%q", kind)
	}
	return sq, p, nil
}

// Snippet cuts a passage around its first highlight to about n runes and
// moves the highlights with it.
func Snippet(text string, hl [][2]int, n int) (string, [][2]int) {
	if utf8.RuneCountInString(text) <= n {
		return text, hl
	}
	at := 0
	if len(hl) > 0 {
		at = hl[0][0]
	}
	// Start a few sentences' worth before the hit, at a rune boundary.
	start := at
	for k := 0; start > 0 && k < n/3; k++ {
		_, size := utf8.DecodeLastRuneInString(text[:start])
		start -= size
	}
	end := start
	for k := 0; end < len(text) && k < n; k++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	var moved [][2]int
	for _, h := range hl {
		if h[0] >= start && h[1] <= end {
			moved = append(moved, [2]int{h[0] - start, h[1] - start})
		}
	}
	return text[start:end], moved
}

// Hit is a search hit as scripts read it: the passage cut around its first
// match, the matches as byte spans in that cut.
type Hit struct {
	report.SearchHit
	Snippet    string   `json:"snippet"`
	Highlights [][2]int `json:"highlights"`
}

// Present cuts a hit's passage to about n runes around its terms.
func Present(h report.SearchHit, terms []string, n int) Hit {
	snip, hl := Snippet(h.Text, Highlight(h.Text, terms), n)
	return Hit{h, snip, hl}
}
