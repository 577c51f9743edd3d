package clean

import (
	"sort"
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

// joinWraps joins the lines a hard wrap cut: at a newline hardWraps found
// in the file as it came (a PDF's page width, or a plain text saved from
// one), and in any copy a line cut inside a number, a unit or a rate
// (3852⏎6元, 增⏎长9.1%, 385.⏎23亿元).
func joinWraps(lines []Text, wraps []int, sum summary) []Text {
	if len(lines) < 2 {
		return lines
	}
	out := []Text{lines[0]}
	for _, l := range lines[1:] {
		prev := out[len(out)-1]
		if cutInside(prev.s, l.s) || prev.Len() > 0 && l.Len() > 0 && wrapBetween(wraps, prev.rawEnd(prev.Len()-1), l.rawStart(0)) && !opensHeading(l.s) {
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

// wordShare is the share of a line's characters that are words, not
// figures or marks: Han (told by range: this runs on every line of a
// wrapped file) and Latin letters, which a copy's pinyin glosses add.
func wordShare(l string) float64 {
	words, all := 0, 0
	for _, r := range l {
		all++
		if r >= 0x3400 && r <= 0x9FFF || r >= 0x20000 && r <= 0x2FFFF || r >= 'a' && r <= 'z' || r >= 0xE0 && r <= 0x1DC {
			words++
		}
	}
	return float64(words) / float64(max(all, 1))
}

// wrapBetween tells a hard wrap among the raw bytes [from, to): the gap
// between two lines, which may also hold what cleaning took out (a gloss,
// a page's footer).
func wrapBetween(wraps []int, from, to int) bool {
	k := sort.SearchInts(wraps, from)
	// The wrap ends the line before (a gloss of a few bytes aside), not a
	// line that cleaning dropped further on (a widget of dated links).
	return k < len(wraps) && wraps[k] < to && wraps[k]-from <= 32
}

// hardWraps finds the newlines of t that a hard wrap put inside a
// paragraph, as the raw offsets of those newlines. The lines are read as
// the file has them, before any line is split or dropped: in a PDF every
// line that runs to the page width and does not end a sentence goes on in
// the next (unless that opens a heading); a plain text is read the same
// way when it was saved hard-wrapped (textWrapWidth).
func hardWraps(t Text, pdf bool) []int {
	var lines []string
	var ends []int // the byte of t each line's newline stands at
	for i := 0; i < len(t.s); {
		k := strings.IndexByte(t.s[i:], '\n')
		if k < 0 {
			k = len(t.s) - i // the last line, with no newline after it
		}
		lines = append(lines, strings.TrimRight(t.s[i:i+k], " \r\t"))
		ends = append(ends, i+k)
		i += k + 1
	}
	width := 0
	if pdf {
		counts := map[int]int{}
		for _, l := range lines {
			counts[utf8.RuneCountInString(l)]++
		}
		// The page width: the longest line length that many lines reach.
		for n, c := range counts {
			if c >= 3 && n > width {
				width = n
			}
		}
	} else {
		width = textWrapWidth(lines)
	}
	if width < 20 {
		return nil
	}
	var wraps []int // raw offsets, ascending
	for i := range lines {
		// Whether the line that follows opens a heading is asked of the
		// line that follows once a page's footer between them is gone.
		prev := lines[i]
		if k := strings.LastIndexByte(prev, '('); k > 0 && pinyinGloss(prev[k:]) == len(prev)-k {
			prev = prev[:k] // 地區(qū): the gloss does not end a sentence
		}
		last, _ := utf8.DecodeLastRuneInString(prev)
		stops := "。！？：；”」）)"
		if !pdf && utf8.RuneCountInString(lines[i]) == width {
			stops = "。！？" // a text wrapped by count cuts after a ； as anywhere else
		}
		if prev == "" || strings.ContainsRune(stops, last) || utf8.RuneCountInString(prev) < width*4/5 {
			continue
		}
		if ends[i] < len(t.s) {
			wraps = append(wraps, t.rawStart(ends[i]))
		}
	}
	return wraps
}

// textWrapWidth is the width a plain text was hard-wrapped at, or 0: one
// line length that a quarter or more of the long lines (20 characters or
// more) share, at least five of them, most of which do not end a sentence.
// Prose written in paragraphs has no such length.
func textWrapWidth(lines []string) int {
	counts := map[int]int{}
	long := 0
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n >= 20 {
			long++
			counts[n]++
		}
	}
	width := 0
	for n, c := range counts {
		if c >= 5 && c*4 >= long && (width == 0 || c > counts[width]) {
			width = n
		}
	}
	if width == 0 {
		return 0 // most texts: read once, no more
	}
	// The lines of that length must be prose that runs on: mostly words,
	// not a column of dated links, and most not ending a sentence.
	prose, open := 0, 0
	for _, l := range lines {
		if len(l) < width || utf8.RuneCountInString(l) != width {
			continue
		}
		if wordShare(l) >= 0.5 {
			prose++
		}
		if last, _ := utf8.DecodeLastRuneInString(l); !strings.ContainsRune("。！？", last) {
			open++
		}
	}
	if c := counts[width]; prose*10 < c*7 || open*10 < c*7 {
		return 0
	}
	return width
}

// cutInside tells a wrap inside a number, a unit or a rate, which any
// copy joins: 3852⏎6元, 385.⏎23亿元, 增⏎长9.1%.
func cutInside(prev, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	first, _ := utf8.DecodeRuneInString(next)
	if (isDigit(last) || last == '.') && (isDigit(first) || strings.ContainsRune("%‰亿万千元个", first)) {
		return true
	}
	return strings.HasSuffix(prev, "增") && strings.HasPrefix(next, "长") || strings.HasSuffix(prev, "下") && strings.HasPrefix(next, "降")
}

// opensHeading tells a line that starts a heading or a list item.
func opensHeading(s string) bool {
	for _, p := range []string{"一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、", "（", "(", "——", "●", "■", "◆", "第"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	r, n := utf8.DecodeRuneInString(s)
	next, m := utf8.DecodeRuneInString(s[n:])
	after, _ := utf8.DecodeRuneInString(s[n+m:])
	return isDigit(r) && (next == '.' || next == '、' || next == '．') && !isDigit(after) // 4.5%以内 goes on a sentence
}
