// Package search cuts reports into passages and reads queries, for the
// full-text index the store keeps. Chinese is indexed as bigrams of Han
// characters (and a lone Han character as itself), Latin words and
// numbers as words: a bigram index finds two-character and suffix terms
// (简单 in 安装简单, 处理 in 待处理) that a word segmenter misses, and a
// term of n characters is the phrase of its n-1 bigrams.
//
// Input: the cleaned, simplified text of package clean and its sections.
// Output: passages with their tokens, and queries as FTS5 match
// expressions over those tokens.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

// Passage is a stretch of a cleaned text that a hit points to: a
// paragraph, or a part of a long one.
type Passage struct {
	Start, End int    // byte offsets into the cleaned text
	Section    string // the kind of the section it stands in
	Heading    bool   // a heading line
	Tokens     string // the index tokens, separated by spaces
}

// maxPassage bounds a passage, in bytes; a longer paragraph is cut at a
// sentence end.
const maxPassage = 900

// Passages cuts a cleaned text into passages: its lines, long ones cut at
// 。 near the bound.
func Passages(text string, secs []report.Section) []Passage {
	var out []Passage
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		for from := start; from < end; {
			to := end
			if to-from > maxPassage {
				cut := strings.LastIndex(text[from:from+maxPassage], "。")
				if cut <= 0 {
					cut = maxPassage
					for cut > 0 && !utf8.RuneStart(text[from+cut]) {
						cut--
					}
				} else {
					cut += len("。")
				}
				to = from + cut
			}
			if tok := Tokens(text[from:to]); tok != "" {
				p := Passage{Start: from, End: to, Tokens: tok}
				for _, s := range secs {
					if from >= s.Start && from < s.End {
						p.Section = s.Kind
						for _, c := range s.Children {
							if c.Start == from {
								p.Heading = true
							}
						}
					}
				}
				out = append(out, p)
			}
			from = to
		}
		start = end + 1
	}
	return out
}

// Tokens returns the index tokens of s, separated by spaces: bigrams of
// each run of Han characters (a lone character as itself), and words of
// Latin letters and digits (with . and % inside: 6.5%), lower-cased.
func Tokens(s string) string {
	var b strings.Builder
	emit := func(t string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	var han []rune
	flushHan := func() {
		switch len(han) {
		case 0:
		case 1:
			emit(string(han))
		default:
			for i := 0; i+1 < len(han); i++ {
				emit(string(han[i : i+2]))
			}
		}
		han = han[:0]
	}
	word := []rune{}
	flushWord := func() {
		w := strings.TrimRight(string(word), ".")
		if w != "" && w != "%" {
			emit(strings.ToLower(w))
		}
		word = word[:0]
	}
	for _, r := range fold(s) {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			han = append(han, r)
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || (r == '.' || r == '%') && len(word) > 0:
			flushHan()
			word = append(word, r)
		default:
			flushHan()
			flushWord()
		}
	}
	flushHan()
	flushWord()
	return b.String()
}

// fold turns full-width forms into half-width ones, rune for rune.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}
