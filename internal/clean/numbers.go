package clean

import (
	"strings"
	"unicode/utf8"
)

// mendProse repairs what web pages and PDF wraps do to running Chinese
// text, on lines that are prose (they hold a ， or 。): a space inside a
// word, a number or a unit (城鎮 居民, 增長 10.3%, 1651 億元, 385. 23亿元,
// 8 12.15亿元, 增 长- 12.5%) is dropped, since Chinese prose puts no space between
// words; a 。 written as the decimal point between digits (增长9。5%,
// 373。15亿元) becomes a point. Bylines, tables and headings keep their
// spaces.
func mendProse(lines []Text, sum summary) []Text {
	for i, l := range lines {
		if !strings.ContainsAny(l.s, "，。") || !(strings.Contains(l.s, " ") || strings.Contains(l.s, "。")) {
			continue
		}
		lines[i] = mendLine(l, sum)
	}
	return lines
}

func mendLine(t Text, sum summary) Text {
	s := t.s
	if firstMend(s) < 0 {
		return t // most lines: nothing to mend, nothing to copy
	}
	var b Builder
	b.Grow(len(s))
	run := 0
	changed := false
	prev := rune(0)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ' ' && i > 0 && i+n < len(s):
			next, _ := utf8.DecodeRuneInString(s[i+n:])
			if joinsAcross(prev, next, s[:i]) {
				b.WriteText(t.Slice(run, i))
				run = i + n
				changed = true
				sum.remove("space inside a word or number", 1)
				i += n
				continue // prev stays: the space is gone
			}
		case r == '。' && isDigit(prev) && decimalAfter(s[i+n:]):
			b.WriteText(t.Slice(run, i))
			rs, re := t.runeSpan(i, n)
			b.WriteRune('.', rs, re)
			run = i + n
			changed = true
			sum.repair("。→.")
		}
		prev = r
		i += n
	}
	if !changed {
		return t
	}
	b.WriteText(t.Slice(run, len(s)))
	return b.Text()
}

// firstMend returns the position of the first space or 。 that mendLine
// would change, or -1.
func firstMend(s string) int {
	prev := rune(0)
	for i, r := range s {
		switch {
		case r == ' ' && i > 0 && i+1 < len(s):
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if joinsAcross(prev, next, s[:i]) {
				return i
			}
		case r == '。' && isDigit(prev) && decimalAfter(s[i+len("。"):]):
			return i
		}
		prev = r
	}
	return -1
}

// joinsAcross tells a space between prev and next that splits one word
// or number: Han, digits, a decimal point, a percent sign or a unit on
// both sides. before is the line up to the space.
func joinsAcross(prev, next rune, before string) bool {
	switch {
	case isHan(prev) && isHan(next), isHan(prev) && isDigit(next), isDigit(prev) && isHan(next):
		return true
	case isDigit(prev) && (next == '%' || next == '‰'):
		return true
	case prev == '.' && isDigit(next):
		return len(before) >= 2 && isDigit(rune(before[len(before)-2]))
	case prev == '-' && isDigit(next):
		// 增 长- 12.5%: the sign of a number after a verb, cut off by a space.
		r, _ := utf8.DecodeLastRuneInString(before[:len(before)-1])
		return isHan(r)
	case isDigit(prev) && isDigit(next):
		// 8 12.15亿元: a number cut by a wrap, not two numbers in a list.
		k := len(before)
		for k > 0 && isDigit(rune(before[k-1])) {
			k--
		}
		r, _ := utf8.DecodeLastRuneInString(before[:k])
		return k < len(before) && len(before)-k <= 3 && isHan(r)
	}
	return false
}

// decimalAfter tells the digits after a 。 that end in a unit or a
// percent sign: the 。 was a decimal point.
func decimalAfter(s string) bool {
	k := 0
	for k < len(s) && k < 4 && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	if k == 0 || k == len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[k:])
	return strings.ContainsRune("%‰亿万千元个倍美吨人户家", r)
}

// joinWraps joins the lines a hard wrap cut: in a PDF every line that
// runs to the width of the page and does not end a sentence goes on in
// the next (unless that opens a heading); in any copy a line cut inside
// a number, a unit or a rate (3852⏎6元, 增⏎长9.1%, 385.⏎23亿元) is joined.
func joinWraps(lines []Text, pdf bool, sum summary) []Text {
	if len(lines) < 2 {
		return lines
	}
	width := 0
	if pdf {
		counts := map[int]int{}
		for _, l := range lines {
			counts[utf8.RuneCountInString(l.s)]++
		}
		// The page width: the longest line length that many lines reach.
		for n, c := range counts {
			if c >= 3 && n > width {
				width = n
			}
		}
	}
	out := []Text{lines[0]}
	for _, l := range lines[1:] {
		prev := out[len(out)-1]
		if wrapped(prev.s, l.s, pdf, width) {
			var b Builder
			b.Grow(prev.Len() + l.Len())
			b.WriteText(prev)
			b.WriteText(l)
			out[len(out)-1] = b.Text()
			sum.remove("line wrap", 1)
			continue
		}
		out = append(out, l)
	}
	return out
}

// wrapped tells whether next continues prev across a hard wrap.
func wrapped(prev, next string, pdf bool, width int) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	first, _ := utf8.DecodeRuneInString(next)
	if (isDigit(last) || last == '.') && (isDigit(first) || strings.ContainsRune("%‰亿万千元个", first)) {
		return true // 3852⏎6元, 385.⏎23亿元
	}
	if strings.HasSuffix(prev, "增") && strings.HasPrefix(next, "长") || strings.HasSuffix(prev, "下") && strings.HasPrefix(next, "降") {
		return true // 增⏎长9.1%
	}
	if !pdf || width < 20 {
		return false
	}
	if strings.ContainsRune("。！？：；”」）)", last) || opensHeading(next) {
		return false
	}
	return utf8.RuneCountInString(prev) >= width*4/5
}

// opensHeading tells a line that starts a heading or a list item.
func opensHeading(s string) bool {
	for _, p := range []string{"一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、", "（", "(", "——", "●", "■", "◆", "第"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	r, n := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[n:])
	return isDigit(r) && (next == '.' || next == '、' || next == '．')
}
