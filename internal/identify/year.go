package identify

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

// The report's year is read from every kind of evidence a copy holds: a
// delivery line, the title, a news dateline, sentences about the year
// planned or reviewed, five-year milestones, a session's number, a page
// address. Each piece votes for a year with a weight; the heaviest year
// wins and keeps the source of its strongest vote.

//go:embed data/year_cues.tsv
var yearCuesTSV string

//go:embed data/congress_terms.tsv
var congressTermsTSV string

// YearCue is one row of data/year_cues.tsv.
type YearCue struct {
	Source  string
	Offset  int
	Weight  float64
	Pattern *regexp.Regexp
	Example string
	Keys    []string // one of them stands wherever the pattern matches
	// Plan is set when the expression names a five-year plan (十三五)
	// instead of a year: the year is the plan's first.
	Plan bool
}

// YearCues returns the sentence cues of data/year_cues.tsv.
var YearCues = sync.OnceValue(func() []YearCue {
	var out []YearCue
	for n, f := range report.DataRows(yearCuesTSV) {
		if len(f) != 6 {
			panic(fmt.Sprintf("year_cues.tsv:%d: want 6 columns: %q", n, f))
		}
		off, _ := strconv.Atoi(f[1])
		w, _ := strconv.ParseFloat(f[2], 64)
		plan := !strings.Contains(f[3], "{Y}")
		re := regexp.MustCompile(`(?m)` + strings.ReplaceAll(f[3], "{Y}", `((?:19|20)\d\d)`))
		out = append(out, YearCue{Source: f[0], Offset: off, Weight: w, Pattern: re, Example: f[4], Keys: strings.Split(f[5], "|"), Plan: plan})
	}
	return out
})

// Year reads the year a cue finds in s, or 0.
func (c YearCue) Year(s string) int {
	if !containsAny(s, c.Keys...) {
		return 0
	}
	m := c.Pattern.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	if c.Plan {
		return PlanStart(m[1]) + c.Offset
	}
	y, _ := strconv.Atoi(m[1])
	return y + c.Offset
}

type congressTerm struct{ term, first int }

var congressTerms = sync.OnceValue(func() map[string]congressTerm {
	out := map[string]congressTerm{}
	for _, f := range report.DataRows(congressTermsTSV) {
		t, _ := strconv.Atoi(f[1])
		y, _ := strconv.Atoi(f[2])
		out[f[0]] = congressTerm{t, y}
	}
	return out
})

// provinceSessionYear dates a provincial session: 省十三届人大二次会议 is
// 2019. A term has five sessions at most; a later number (an extra
// session) is read as the term's last year.
func provinceSessionYear(province string, term, session int) int {
	ct, ok := congressTerms()[shortName(province)]
	if !ok {
		ct = congressTerms()["*"]
	}
	if term < 1 || session < 1 {
		return 0
	}
	first := ct.first + 5*(term-ct.term)
	if first < 1993 {
		return 0 // terms were not five years long everywhere before
	}
	return first + min(session, 5) - 1
}

type yearVote struct {
	year   int
	source string
	weight float64
}

var (
	reDateline   = regexp.MustCompile(`((?:19|20)\d\d)(?:-|/|年)(\d{1,2})(?:-|/|月)(\d{1,2})日?`)
	reLooseDeliv = regexp.MustCompile(`((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日[^。\n]{0,40}?(?:会议|开幕|政府工作报告)`)
	reParenDate  = regexp.MustCompile(`(?m)^[（(]((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日[）)]`)
	rePageURL    = regexp.MustCompile(`https?://[^\s"'<>]*?/((?:19|20)\d\d)[-/]?(0[1-9]|1[0-2])`)
	reProvSes    = regexp.MustCompile(`([一二三四五六七八九十]+)届(?:人民代表大会|人大)第?([一二三四五六七八九十]+)次会议`)
)

// sessionYear is the year a session held in month mo of year y plans:
// a December session delivers the next year's report.
func sessionYear(y, mo int) int {
	if mo == 12 {
		return y + 1
	}
	return y
}

// yearVotes collects the evidence for a report's year. head is the
// opening lines, body the first part of the text.
func yearVotes(title, head, body, delivery string, deliveryYear, deliveryMonth int) []yearVote {
	var votes []yearVote
	windows := yearWindows(body)
	if deliveryYear != 0 {
		votes = append(votes, yearVote{sessionYear(deliveryYear, deliveryMonth), "delivery", 1.0})
	} else if m := findIf(head, "日", reParenDate); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		votes = append(votes, yearVote{sessionYear(y, mo), "delivery", 0.9})
	} else if m := firstMatch(reLooseDeliv, windows); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		votes = append(votes, yearVote{sessionYear(y, mo), "delivery", 0.8})
	}
	if m := reTitleY.FindStringSubmatch(title); m != nil {
		y, _ := strconv.Atoi(m[1])
		votes = append(votes, yearVote{y, "title", 0.6})
	} else if m := reTitleY.FindStringSubmatch(head); m != nil {
		y, _ := strconv.Atoi(m[1])
		votes = append(votes, yearVote{y, "title", 0.5})
	}
	// A news dateline or a page's publication date in the opening lines.
	top := head
	if len(top) > 800 {
		top = top[:800]
	}
	if m := reDateline.FindStringSubmatch(top); m != nil && !strings.Contains(delivery, m[0]) {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo >= 1 && mo <= 12 {
			votes = append(votes, yearVote{sessionYear(y, mo), "dateline", 0.5})
		}
	}
	if m := rePageURL.FindStringSubmatch(body); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		votes = append(votes, yearVote{sessionYear(y, mo), "page_address", 0.3})
	}
	for _, c := range YearCues() {
		if c.Plan {
			if y := c.Year(body); y != 0 {
				votes = append(votes, yearVote{y, c.Source, c.Weight})
			}
			continue
		}
		for _, w := range windows {
			if y := c.Year(w); y != 0 {
				votes = append(votes, yearVote{y, c.Source, c.Weight})
				break
			}
		}
	}
	if m := findIf(body, "开局", rePlanOpen); m != nil {
		votes = append(votes, yearVote{PlanStart(m[1]), "milestone", 0.4})
	}
	if m := findIf(body, "收官", rePlanEnd); m != nil {
		votes = append(votes, yearVote{PlanStart(m[1]+m[2]) + 5, "milestone", 0.4})
	}
	return votes
}

// yearWindows cuts the stretches of s around each year it writes (a year
// cue spans a few dozen characters of one line), in order, so that the
// cues' expressions read a small part of a long text. A stretch that does
// not begin a line opens with a mark that no cue's ^ can match.
func yearWindows(s string) []string {
	const before, after = 90, 150 // bytes
	var out []string
	for i := 0; i+4 <= len(s) && len(out) < 120; i++ {
		if s[i] != '1' && s[i] != '2' || !isYearAt(s, i) {
			continue
		}
		start := max(strings.LastIndexByte(s[:i], '\n')+1, i-before)
		for start < len(s) && !utf8.RuneStart(s[start]) {
			start++
		}
		end := min(i+after, len(s))
		if nl := strings.IndexByte(s[i:end], '\n'); nl >= 0 {
			end = i + nl
		}
		for end < len(s) && !utf8.RuneStart(s[end]) {
			end++
		}
		w := s[start:end]
		if start > 0 && s[start-1] != '\n' {
			w = "\x01" + w
		}
		out = append(out, w)
		i += 3
	}
	return out
}

// isYearAt tells four digits at i that read as a year (19xx, 20xx).
func isYearAt(s string, i int) bool {
	if i+4 > len(s) || !(s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') {
		return false
	}
	return s[i+2] >= '0' && s[i+2] <= '9' && s[i+3] >= '0' && s[i+3] <= '9' && (i == 0 || s[i-1] < '0' || s[i-1] > '9')
}

// firstMatch runs re over the windows in order and returns its first match.
func firstMatch(re *regexp.Regexp, windows []string) []string {
	for _, w := range windows {
		if m := re.FindStringSubmatch(w); m != nil {
			return m
		}
	}
	return nil
}

// pickYear sums the votes per year and returns the heaviest year, the
// source of its strongest vote and a confidence: the winner's share of
// all the weight, scaled down when little evidence was found.
func pickYear(votes []yearVote) (int, string, float64) {
	if len(votes) == 0 {
		return 0, "", 0
	}
	sum := map[int]float64{}
	total := 0.0
	for _, v := range votes {
		if v.year < 1949 || v.year > 2100 {
			continue
		}
		sum[v.year] += v.weight
		total += v.weight
	}
	years := make([]int, 0, len(sum))
	for y := range sum {
		years = append(years, y)
	}
	if len(years) == 0 {
		return 0, "", 0
	}
	// Ties go to the year with the strongest single vote.
	strongest := func(y int) (string, float64) {
		src, w := "", 0.0
		for _, v := range votes {
			if v.year == y && v.weight > w {
				src, w = v.source, v.weight
			}
		}
		return src, w
	}
	sort.Slice(years, func(i, j int) bool {
		if sum[years[i]] != sum[years[j]] {
			return sum[years[i]] > sum[years[j]]
		}
		_, wi := strongest(years[i])
		_, wj := strongest(years[j])
		if wi != wj {
			return wi > wj
		}
		return years[i] > years[j]
	})
	best := years[0]
	src, _ := strongest(best)
	conf := sum[best] / total * min(1, sum[best])
	return best, src, float64(int(conf*100+0.5)) / 100
}
