package analysis

import (
	"bufio"
	"context"
	_ "embed"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

//go:embed data/attention.tsv
var attentionTSV string

// WordList is a named list of words whose frequency measures attention.
type WordList struct {
	Name  string
	Words []string
}

// WordLists are the lists of data/attention.tsv.
func WordLists() []WordList {
	var out []WordList
	sc := bufio.NewScanner(strings.NewReader(attentionTSV))
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		name, words, _ := strings.Cut(l, "\t")
		out = append(out, WordList{Name: name, Words: strings.Split(words, "、")})
	}
	return out
}

// Attention is a report's use of a word list.
type Attention struct {
	ReportID   int64          `json:"report_id"`
	Region     string         `json:"region"`
	RegionCode string         `json:"region_code"`
	Year       int            `json:"year"`
	List       string         `json:"list"`
	Count      int            `json:"count"`
	Chars      int            `json:"chars"`      // Han characters of the cleaned text
	Per10k     float64        `json:"per_10k"`    // count per 10,000 Han characters
	BySection  map[string]int `json:"by_section"` // count by section kind
	Words      map[string]int `json:"words"`      // count by word
}

// Attentions counts, in every report the filter keeps (its first source's
// cleaned text), the words of each list per 10,000 Han characters, and by
// section. A word inside a longer listed word is counted once, for the
// longer one.
func Attentions(ctx context.Context, st report.Store, f report.ReportFilter, lists []WordList) ([]Attention, error) {
	rs, err := st.Reports(ctx, f)
	if err != nil {
		return nil, err
	}
	var out []Attention
	for _, r := range rs {
		as, err := ReportAttention(ctx, st, r, lists)
		if err != nil {
			return nil, err
		}
		out = append(out, as...)
	}
	return out, nil
}

// ReportAttention is Attentions for one report, as Reports lists it: a
// row for each list, none for a report without a source.
func ReportAttention(ctx context.Context, st report.Store, r report.Report, lists []WordList) ([]Attention, error) {
	full, err := st.Report(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	if len(full.Sources) == 0 {
		return nil, nil
	}
	src := full.Sources[0]
	text := src.Clean
	chars := 0
	for _, c := range text {
		if isHan(c) {
			chars++
		}
	}
	var out []Attention
	for _, l := range lists {
		a := Attention{ReportID: r.ID, Region: r.Identity.Region, RegionCode: r.Identity.RegionCode, Year: r.Identity.Year, List: l.Name,
			Chars: chars, BySection: map[string]int{}, Words: map[string]int{}}
		for _, at := range occurrences(text, l.Words) {
			a.Count++
			a.Words[at.word]++
			a.BySection[sectionAt(src.Sections, at.pos)]++
		}
		if chars > 0 {
			a.Per10k = math.Round(float64(a.Count)/float64(chars)*10000*100) / 100
		}
		out = append(out, a)
	}
	return out, nil
}

type occurrence struct {
	word string
	pos  int
}

// occurrences finds the words in text left to right, the longest word at
// a place first, without overlaps. Only the words that open with the rune
// at a place are tried there.
func occurrences(text string, words []string) []occurrence {
	byFirst := map[rune][]string{}
	var firsts [0x10000 / 64]uint64 // the words' first characters, for a cheap test per rune
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); w != "" {
			byFirst[r] = append(byFirst[r], w)
			if r < 0x10000 {
				firsts[r>>6] |= 1 << (r & 63)
			}
		}
	}
	var out []occurrence
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r < 0x10000 && firsts[r>>6]&(1<<(r&63)) == 0 {
			i += n
			continue
		}
		best := ""
		for _, w := range byFirst[r] {
			if len(w) > len(best) && strings.HasPrefix(text[i:], w) {
				best = w
			}
		}
		if best != "" {
			out = append(out, occurrence{best, i})
			i += len(best)
			continue
		}
		i += n
	}
	return out
}

// sectionAt names the top-level section kind holding byte i ("" outside).
func sectionAt(secs []report.Section, i int) string {
	for _, s := range secs {
		if s.Start <= i && i < s.End {
			if s.Kind == "heading" {
				return ""
			}
			return s.Kind
		}
	}
	return ""
}

// isHan is unicode.Is(unicode.Han, r), the common cases decided first: a
// report's text is mostly CJK Unified Ideographs, and nothing below U+2E80
// is Han.
func isHan(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF:
		return true
	case r < 0x2E80:
		return false
	}
	return unicode.Is(unicode.Han, r)
}
