package clean

import (
	_ "embed"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed data/chrome.txt
var chromeTxt string

type chromeRules struct {
	phrases []string
	lines   []*regexp.Regexp
	first   map[rune][]string // phrases by their first rune
	starts  runeSet           // the first runes, for a cheap test per rune
}

var chrome = sync.OnceValue(func() chromeRules {
	var c chromeRules
	for _, l := range strings.Split(chromeTxt, "\n") {
		switch {
		case strings.HasPrefix(l, "phrase: "):
			p := strings.TrimPrefix(l, "phrase: ")
			c.phrases = append(c.phrases, p)
			r, _ := utf8.DecodeRuneInString(p)
			if c.first == nil {
				c.first = map[rune][]string{}
			}
			c.first[r] = append(c.first[r], p)
			c.starts.add(r)
		case strings.HasPrefix(l, "line: "):
			c.lines = append(c.lines, regexp.MustCompile(strings.TrimPrefix(l, "line: ")))
		}
	}
	return c
})

// maxChromeLine is the longest line, in bytes, that line rules look at:
// furniture lines are short, and the rules are costly on long ones.
const maxChromeLine = 200

// chromeShort is the most a line may hold beside a chrome phrase and still
// be dropped whole; a longer line is body text with chrome glued to it.
const chromeShort = 40

// dropChrome removes web page furniture. It returns the kept lines and the
// removed ones, which SEO detection reads for the page's keyword.
func dropChrome(lines []Text, sum summary) (kept, removed []Text) {
	rules := chrome()
	for _, l := range lines {
		if len(l.s) <= maxChromeLine && matchAny(rules.lines, l.s) {
			sum.remove("chrome line", 1)
			removed = append(removed, l)
			continue
		}
		p, at := rules.firstPhrase(l.s)
		if p == "" {
			kept = append(kept, l)
			continue
		}
		if utf8.RuneCountInString(l.s)-utf8.RuneCountInString(p) < chromeShort || !strings.ContainsAny(l.s, "。；") {
			sum.remove("chrome: "+p, 1)
			removed = append(removed, l)
			continue
		}
		// A long line: cut the phrase and what follows it when it ends the
		// line, or what precedes it when it opens the line.
		sum.remove("chrome: "+p, 1)
		var cut Text
		if at > l.Len()/2 {
			cut = foldSpaces(l.Slice(0, at))
			removed = append(removed, l.Slice(at, l.Len()))
		} else {
			end := at + len(p)
			cut = foldSpaces(l.Slice(end, l.Len()))
			removed = append(removed, l.Slice(0, end))
		}
		if cut.Len() > 0 {
			kept = append(kept, cut)
		}
	}
	return kept, removed
}

func matchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// firstPhrase finds the earliest chrome phrase in s, in one pass.
func (c chromeRules) firstPhrase(s string) (string, int) {
	for i, r := range s {
		if !c.starts.has(r) {
			continue
		}
		for _, p := range c.first[r] {
			if strings.HasPrefix(s[i:], p) {
				return p, i
			}
		}
	}
	return "", -1
}

// minRepeat is the shortest paragraph whose second copy is dropped.
const minRepeat = 20

// dropRepeats removes runs of a repeated chunk inside a line (a title
// printed ten times), chunks that repeat the line before, and paragraphs
// that repeat an earlier one (a page scraped six times over).
func dropRepeats(lines []Text, sum summary) []Text {
	seen := map[string]bool{}
	var out []Text
	prev := ""
	for _, l := range lines {
		l = collapseChunks(l, prev, sum)
		if l.Len() == 0 {
			continue
		}
		if len(l.s) >= 4*minRepeat || runeCount(l.s) >= minRepeat { // a rune takes at most 4 bytes
			if seen[l.s] {
				sum.remove("repeated paragraph", 1)
				continue
			}
			seen[l.s] = true
		}
		out = append(out, l)
		prev = l.s
	}
	return out
}

func collapseChunks(l Text, prev string, sum summary) Text {
	if !strings.Contains(l.s, " ") {
		return l
	}
	var b Builder
	b.Grow(l.Len())
	last := prev
	dropped := 0
	for start := 0; start <= l.Len(); {
		end := strings.IndexByte(l.s[start:], ' ')
		if end < 0 {
			end = l.Len()
		} else {
			end += start
		}
		chunk := l.Slice(start, end)
		if chunk.s == last && utf8.RuneCountInString(chunk.s) >= 4 {
			dropped++
		} else {
			if b.Len() > 0 {
				b.WriteText(l.Slice(start-1, start))
			}
			b.WriteText(chunk)
			last = chunk.s
		}
		start = end + 1
	}
	if dropped == 0 {
		return l
	}
	sum.remove("repeated title", dropped)
	return b.Text()
}

var (
	reDelivery = regexp.MustCompile(`\d{4}年\d{1,2}月\d{1,2}日.{0,4}在.{2,60}会议上`)
	reTitle    = regexp.MustCompile(`政府工作报告|工作报告|工作总结|工作计划`)
	reOpening  = regexp.MustCompile(`^(各位代表|现在，我代表|现在我代表)`)
	reClosing  = regexp.MustCompile(`^各位代表`)
	reGlossary = regexp.MustCompile(`^(名词解释|名词注释|注释|附件|附：|附表|说明：)`)
)

// maxAround is the longest line, in characters, that may be dropped as
// preamble or trailer; anything longer is body text.
const maxAround = 200

// trimAround drops what a page holds before the report begins (a forum
// question, a site slogan) and after it ends (the next article's teaser).
// The report begins at its title, its delivery line or its opening words;
// it ends with the closing appeal to the deputies, unless a glossary or an
// annex follows. Without such anchors nothing is dropped.
func trimAround(lines []Text, sum summary) (kept, removed []Text) {
	first := -1
	for i, l := range lines {
		n := utf8.RuneCountInString(l.s)
		// A title is a line of its own: a sentence that names the report
		// (会上，市长…作政府工作报告。) is news, not the report's start.
		title := n <= 80 && reTitle.MatchString(l.s) && !strings.ContainsAny(l.s, "，。,")
		if title || (n <= 120 && reDelivery.MatchString(l.s)) || reOpening.MatchString(l.s) {
			first = i
			break
		}
	}
	for _, l := range lines[:max(first, 0)] {
		if utf8.RuneCountInString(l.s) > maxAround {
			first = 0 // body text before the anchor: the anchor is not the start
		}
	}
	if first > 0 {
		removed = append(removed, lines[:first]...)
		sum.remove("preamble", first)
		lines = lines[first:]
	}
	last := -1
	for i := len(lines) - 1; i >= len(lines)*3/4 && i > 0; i-- {
		if reClosing.MatchString(lines[i].s) && utf8.RuneCountInString(lines[i].s) > 30 {
			last = i
			break
		}
	}
	if last >= 0 && last < len(lines)-1 {
		tail := lines[last+1:]
		g := -1
		for i, l := range tail {
			if reGlossary.MatchString(l.s) {
				g = i
				break
			}
		}
		cut := tail
		if g >= 0 {
			cut = tail[:g]
		}
		for _, l := range cut {
			if utf8.RuneCountInString(l.s) > maxAround {
				cut = nil // body text after the closing: keep everything
				break
			}
		}
		if len(cut) > 0 {
			removed = append(removed, cut...)
			sum.remove("trailer", len(cut))
			kept = append(kept, lines[:last+1]...)
			if g >= 0 {
				kept = append(kept, tail[g:]...)
			}
			return kept, removed
		}
	}
	return lines, removed
}
