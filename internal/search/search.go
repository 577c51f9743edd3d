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

// hasWords tells a text that gives index tokens: a Han character, a letter
// or a digit.
func hasWords(s string) bool {
	for _, r := range s {
		if r >= 0x2E80 && unicode.Is(unicode.Han, r) || r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r >= '０' && r <= '９' {
			return true
		}
	}
	return false
}

// maxPassage bounds a passage, in bytes; a longer paragraph is cut at a
// sentence end.
const maxPassage = 900

// Passages cuts a cleaned text into the passages search hits point to:
// its lines, long ones cut at 。 near the bound. rawSpan maps a span of the
// text to the bytes of the raw file.
func Passages(text string, secs []report.Section, rawSpan func(i, j int) (int, int)) []report.Passage {
	var out []report.Passage
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
			if hasWords(text[from:to]) {
				p := report.Passage{Start: from, End: to}
				p.RawStart, p.RawEnd = rawSpan(from, to)
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
// Full-width letters and digits count as half-width ones.
func Tokens(s string) string {
	b := make([]byte, 0, len(s)*2)
	sep := func() {
		if len(b) > 0 {
			b = append(b, ' ')
		}
	}
	prevHan, hanRun := -1, 0 // the start of the previous Han rune, the run's length
	word := -1               // where the current word's bytes begin in b
	endWord := func() {
		if word < 0 {
			return
		}
		for len(b) > word && b[len(b)-1] == '.' {
			b = b[:len(b)-1]
		}
		if w := b[word:]; len(w) == 0 || string(w) == "%" {
			b = b[:max(word-1, 0)]
		}
		word = -1
	}
	endHan := func(i int) {
		if hanRun == 1 {
			sep()
			b = append(b, s[prevHan:i]...)
		}
		prevHan, hanRun = -1, 0
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= '！' && r <= '～' {
			r -= '！' - '!' // full-width forms
		}
		switch {
		case r >= 0x2E80 && unicode.Is(unicode.Han, r):
			endWord()
			if hanRun > 0 {
				sep()
				b = append(b, s[prevHan:i+n]...)
			}
			prevHan = i
			hanRun++
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || (r == '.' || r == '%') && word >= 0:
			endHan(i)
			if word < 0 {
				sep()
				word = len(b)
			}
			b = append(b, byte(unicode.ToLower(r)))
		default:
			endHan(i)
			endWord()
		}
		i += n
	}
	endHan(len(s))
	endWord()
	return string(b)
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
