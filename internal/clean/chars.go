package clean

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/liuzl/gocc"

	"github.com/baogao/baogao/internal/report"
)

//go:embed data/lookalikes.tsv
var lookalikesTSV string

// Lookalike is one entry of the look-alike table.
type Lookalike struct {
	Spam, Standard rune
	SpamOnly       bool // repaired only in a copy already shown to be spam
	Note           string
}

// Lookalikes returns the look-alike table, parsed from data/lookalikes.tsv.
func Lookalikes() []Lookalike { return lookalikes() }

var lookalikes = sync.OnceValue(func() []Lookalike {
	var out []Lookalike
	for n, f := range report.DataRows(lookalikesTSV) {
		if len(f) < 3 || utf8.RuneCountInString(f[0]) != 1 || utf8.RuneCountInString(f[1]) != 1 {
			panic(fmt.Sprintf("lookalikes.tsv:%d: want spam, standard, when", n))
		}
		s, _ := utf8.DecodeRuneInString(f[0])
		t, _ := utf8.DecodeRuneInString(f[1])
		e := Lookalike{Spam: s, Standard: t, SpamOnly: f[2] == "spam"}
		if len(f) > 3 {
			e.Note = f[3]
		}
		out = append(out, e)
	}
	return out
})

type lookalikeTable struct {
	any   runeSet
	entry map[rune]Lookalike
}

var lookalikeMap = sync.OnceValue(func() *lookalikeTable {
	t := &lookalikeTable{entry: map[rune]Lookalike{}}
	for _, e := range lookalikes() {
		t.entry[e.Spam] = e
		t.any.add(e.Spam)
	}
	return t
})

// spamThreshold is how many "always" look-alikes mark a copy as spam.
const spamThreshold = 3

type converters struct {
	t2s      *gocc.OpenCC
	trad     runeSet // characters that only traditional text uses (data/traditional.txt)
	standard runeSet // standard characters OpenCC would rewrite: kept (data/standard.tsv)
}

//go:embed data/standard.tsv
var standardTSV string

// StandardChar is one row of data/standard.tsv.
type StandardChar struct {
	Char    rune
	Example string
}

// Standard returns the standard characters that are never converted.
var Standard = sync.OnceValue(func() []StandardChar {
	var out []StandardChar
	for _, f := range report.DataRows(standardTSV) {
		r, _ := utf8.DecodeRuneInString(f[0])
		out = append(out, StandardChar{r, f[1]})
	}
	return out
})

// runeSet is a bitset over the Basic Multilingual Plane, for the per-rune
// tests on the hot path.
type runeSet [0x10000 / 64]uint64

func (s *runeSet) add(r rune) {
	if r < 0x10000 {
		s[r>>6] |= 1 << (r & 63)
	}
}

func (s *runeSet) has(r rune) bool { return r < 0x10000 && s[r>>6]&(1<<(r&63)) != 0 }

// opencc loads OpenCC's data once, on first need, so commands that do not
// clean pay nothing.
var opencc = sync.OnceValue(func() *converters {
	t2s, err := gocc.New("t2s")
	if err != nil {
		panic(err)
	}
	c := &converters{t2s: t2s}
	for _, st := range Standard() {
		c.standard.add(st.Char)
	}
	for _, r := range traditionalOnly() {
		c.trad.add(r)
	}
	return c
})

//go:embed data/traditional.txt
var traditionalTxt string

// traditionalOnly lists the characters of data/traditional.txt.
func traditionalOnly() []rune {
	var out []rune
	for _, line := range strings.Split(traditionalTxt, "\n") {
		if !strings.HasPrefix(line, "#") {
			out = append(out, []rune(strings.TrimSpace(line))...)
		}
	}
	return out
}

// repairChars replaces look-alike spam characters, then converts lines
// holding traditional characters to simplified.
func repairChars(lines []Text, sum *summary) []Text {
	table := lookalikeMap()
	cc := opencc()
	// One pass over the runes tells which lines need either repair.
	type needs struct{ lookalike, always, trad bool }
	need := make([]needs, len(lines))
	always := 0
	for i, l := range lines {
		n := &need[i]
		for _, r := range l.s {
			if table.any.has(r) {
				n.lookalike = true
				if !table.entry[r].SpamOnly {
					n.always = true
					always++
				}
			}
			if cc.trad.has(r) {
				n.trad = true
			}
		}
	}
	spam := always >= spamThreshold
	out := make([]Text, len(lines))
	for i, l := range lines {
		n := need[i]
		if n.always || spam && n.lookalike {
			l = replaceLookalikes(l, table, spam, sum)
			n.trad = true // toSimplified looks again at the repaired line
		}
		if n.trad {
			l = toSimplified(l, cc, sum)
		}
		out[i] = l
	}
	return out
}

func replaceLookalikes(t Text, table *lookalikeTable, spam bool, sum *summary) Text {
	need := false
	for _, r := range t.s {
		if table.any.has(r) {
			if e := table.entry[r]; spam || !e.SpamOnly {
				need = true
				break
			}
		}
	}
	if !need {
		return t
	}
	var b Builder
	b.Grow(len(t.s))
	run := 0 // start of the runes copied as they are
	for i, r := range t.s {
		if !table.any.has(r) {
			continue
		}
		if e, ok := table.entry[r]; ok && (spam || !e.SpamOnly) {
			n := utf8.RuneLen(r)
			sum.repair(string(r) + "→" + string(e.Standard))
			b.WriteText(t.Slice(run, i))
			rs, re := t.runeSpan(i, n)
			b.WriteRune(e.Standard, rs, re)
			run = i + n
		}
	}
	b.WriteText(t.Slice(run, len(t.s)))
	return b.Text()
}

func toSimplified(t Text, cc *converters, sum *summary) Text {
	has := false
	for _, r := range t.s {
		if cc.trad.has(r) {
			has = true
			break
		}
	}
	if !has {
		return t
	}
	conv, err := cc.t2s.Convert(t.s)
	if err != nil || utf8.RuneCountInString(conv) != utf8.RuneCountInString(t.s) {
		// A phrase changed length: convert character by character so the
		// map stays exact.
		var sb strings.Builder
		for _, r := range t.s {
			if cc.trad.has(r) {
				s, _ := cc.t2s.Convert(string(r))
				if utf8.RuneCountInString(s) == 1 {
					sb.WriteString(s)
					continue
				}
			}
			sb.WriteRune(r)
		}
		conv = sb.String()
	}
	var b Builder
	b.Grow(len(conv))
	j := 0
	for i, r := range t.s {
		c, n := utf8.DecodeRuneInString(conv[j:])
		j += n
		if cc.standard.has(r) {
			c = r // 昇腾 stays: a standard character, not a traditional one
		}
		if c != r {
			sum.repair(string(r) + "→" + string(c))
		}
		rs, re := t.runeSpan(i, utf8.RuneLen(r))
		b.WriteRune(c, rs, re)
	}
	return b.Text()
}

// Simplify converts a short text (a search query) as cleaning converts a
// report: look-alike characters repaired, traditional ones simplified.
func Simplify(s string) string {
	sum := summary{s: &report.Summary{Removed: map[string]int{}, Repaired: map[string]int{}}}
	return repairChars([]Text{Identity(s)}, &sum)[0].String()
}
