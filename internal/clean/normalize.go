package clean

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// literal escapes that scrapers leave in text instead of a space.
var spaceEscapes = []string{"<U+00A0>", "&nbsp;", "&#160;", "&ensp;", "&emsp;"}

// normalize folds widths, spaces and punctuation into the canonical form
// and drops pinyin glossed into the text: 國務(wù)院 → 國務院.
func normalize(t Text, sum summary) Text {
	s := t.s
	var b Builder
	b.Grow(len(s))
	prev := rune(0)
	run := 0 // start of the bytes that are copied as they are
	flush := func(i int) {
		if i > run {
			b.WriteText(t.Slice(run, i))
		}
	}
	r, n := utf8.DecodeRuneInString(s)
	for i := 0; i < len(s); {
		// The rune after this one is decoded once, and carried over.
		next, nn := utf8.DecodeRuneInString(s[i+n:])
		if r == '<' || r == '&' {
			if esc := hasPrefixAny(s[i:], spaceEscapes); esc != "" {
				flush(i)
				b.WriteRune(' ', t.rawStart(i), t.rawEnd(i+len(esc)-1))
				sum.remove("space escape", 1)
				i += len(esc)
				run, prev = i, ' '
				r, n = utf8.DecodeRuneInString(s[i:])
				continue
			}
		}
		if (r == '(' || r == '（') && (isHan(prev) || prev == '\n' && hanBeforeWrap(s[:i])) {
			if k := pinyinGloss(s[i:]); k > 0 {
				flush(i)
				sum.remove("pinyin gloss", 1)
				i += k
				run = i
				r, n = utf8.DecodeRuneInString(s[i:])
				continue
			}
		}
		c := canonicalRune(r, prev, next)
		if c == ' ' && endsSentence(prev) && next != ' ' && next != '\n' && next != 0 {
			// Paragraphs that a copy joined with a space: 。 一、…
			c = '\n'
		}
		breakAfter := c >= 0 && c != '\r' && endsSentence(c) && opensParagraph(s[i+n:])
		if c == r && r != '\r' && !breakAfter {
			// Most characters stand as they are: extend the run.
			prev = c
			i += n
			r, n = next, nn
			continue
		}
		flush(i)
		rs, re := t.runeSpan(i, n)
		switch {
		case c < 0:
			sum.remove("invisible character", 1)
		case c == '\r':
			if next != '\n' {
				b.WriteRune('\n', rs, re)
			}
		default:
			if c != r && r > 0x7f && c < 0x80 {
				sum.repair("full-width→ASCII")
			}
			b.WriteRune(c, rs, re)
			prev = c
			if breakAfter {
				// A copy that lost its line breaks: a heading marker
				// after a full stop starts a paragraph.
				b.WriteRune('\n', re, re)
				prev = '\n'
			}
		}
		i += n
		run = i
		r, n = next, nn
	}
	flush(len(s))
	return b.Text()
}

var reParagraphStart = regexp.MustCompile(`^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|——|各位代表)`)

// opensParagraph tells text that starts with a heading marker.
func opensParagraph(s string) bool {
	return len(s) > 0 && s[0] >= 0x80 && reParagraphStart.MatchString(s[:min(len(s), 16)])
}

func hasPrefixAny(s string, list []string) string {
	for _, p := range list {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	return ""
}

// hanBeforeWrap tells a text that ends on a Han character and a newline:
// a gloss that a hard wrap put at the start of the next line (地區⏎(qū)).
func hanBeforeWrap(s string) bool {
	s = strings.TrimSuffix(s, "\n")
	r, _ := utf8.DecodeLastRuneInString(s)
	return isHan(r)
}

// pinyinGloss returns the length of "(pīn)" at the start of s, or 0. A
// tone mark is required: (xx) is an anonymised name, not a gloss.
func pinyinGloss(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	letters, tone := 0, false
	for i := n; i < len(s) && i < n+24; {
		r, k := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ')' || r == '）':
			if letters > 0 && letters <= 7 && tone {
				return i + k
			}
			return 0
		case r == '\n':
			// a hard wrap inside the gloss: 增長(zh⏎ǎng)
		case r >= 'a' && r <= 'z':
			letters++
		case strings.ContainsRune("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńň", r):
			letters++
			tone = true
		default:
			return 0
		}
		i += k
	}
	return 0
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// canonicalRune maps one rune to its canonical form; -1 drops it.
func canonicalRune(r, prev, next rune) rune {
	switch {
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		return r - 0xFEE0
	}
	switch r {
	case '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad':
		return -1
	case '\t', '\u00a0', '\u3000', '\u2002', '\u2003', '\u2009', '\u202f', '\f', '\v':
		return ' '
	case '％':
		return '%'
	case '．':
		if isDigit(prev) && isDigit(next) {
			return '.'
		}
	case '＋':
		return '+'
	case '－':
		return '-'
	case ',':
		if !(isDigit(prev) && isDigit(next)) {
			return '，'
		}
	case ':':
		if !(isDigit(prev) && isDigit(next)) && !(isASCIILetter(prev) && next == '/') {
			return '：'
		}
	case ';':
		return '；'
	case '(':
		return '（'
	case ')':
		return '）'
	case '!':
		return '！'
	case '?':
		if prev > 0x7f || prev == 0 {
			return '？'
		}
	}
	return r
}

func endsSentence(r rune) bool {
	return r == '。' || r == '！' || r == '？' || r == '；' || r == '：'
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// splitLines cuts t into trimmed, non-empty lines with spaces folded.
func splitLines(t Text) []Text {
	var out []Text
	s := t.s
	for start := 0; start < len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		if l := foldSpaces(t.Slice(start, end)); l.Len() > 0 {
			out = append(out, l)
		}
		start = end + 1
	}
	return out
}

// foldSpaces trims a line and folds runs of spaces to one.
func foldSpaces(t Text) Text {
	s := t.s
	i, j := 0, len(s)
	for i < j && s[i] == ' ' {
		i++
	}
	for j > i && s[j-1] == ' ' {
		j--
	}
	if !strings.Contains(s[i:j], "  ") {
		return t.Slice(i, j)
	}
	var b Builder
	b.Grow(j - i)
	// Copy up to and through each run's first space, then skip the rest.
	for k := i; k < j; {
		d := strings.Index(s[k:j], "  ")
		if d < 0 {
			b.WriteText(t.Slice(k, j))
			break
		}
		b.WriteText(t.Slice(k, k+d+1))
		k += d + 1
		for k < j && s[k] == ' ' {
			k++
		}
	}
	return b.Text()
}

func joinLines(lines []Text) Text {
	var b Builder
	n := 0
	for _, l := range lines {
		n += l.Len() + 1
	}
	b.Grow(n)
	for i, l := range lines {
		if i > 0 {
			p := lines[i-1].rawEnd(lines[i-1].Len() - 1)
			b.WriteRune('\n', p, p)
		}
		b.WriteText(l)
	}
	return b.Text()
}
