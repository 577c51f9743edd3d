package extract

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/identify"
	"github.com/baogao/baogao/internal/report"
)

// A copy without sections (a news story, a digest, the opening of a
// split copy) says what each figure is in its own words: a target
// header opens the targets, a past year or 初步统计 a result. The cues
// are data (data/kind_cues.tsv); this file reads them.

//go:embed data/kind_cues.tsv
var kindCuesTSV string

// KindCue is one row of data/kind_cues.tsv.
type KindCue struct{ Class, Cue, Example string }

// KindCues returns the cue table.
var KindCues = sync.OnceValue(func() []KindCue {
	var out []KindCue
	for n, f := range report.DataRows(kindCuesTSV) {
		if len(f) != 3 {
			panic(fmt.Sprintf("kind_cues.tsv:%d: want 3 columns: %q", n, f))
		}
		out = append(out, KindCue{f[0], f[1], f[2]})
	}
	return out
})

func cuesOf(class string) []string {
	var out []string
	for _, c := range KindCues() {
		if c.Class == class {
			out = append(out, c.Cue)
		}
	}
	return out
}

var (
	targetHeaders = sync.OnceValue(func() []string { return cuesOf("target") })
	notPlanCues   = sync.OnceValue(func() []string { return cuesOf("notplan") })
	pastWords     = sync.OnceValue(func() *cueSet { return newCueSet(cuesOf("past")) })
	spanWords     = sync.OnceValue(func() []string { return cuesOf("span") })
	explainWords  = sync.OnceValue(func() []string { return cuesOf("explain") })
	aheadWords    = sync.OnceValue(func() *cueSet { return newCueSet(cuesOf("ahead")) })
	subYearWords  = sync.OnceValue(func() *cueSet { return newCueSet(cuesOf("subyear")) })
	// leadWords are tried in the order of the table.
	leadWords = sync.OnceValue(func() []string { return cuesOf("lead") })
)

// explains tells a sentence that explains the targets rather than states
// them: it opens on an explaining word.
func explains(s string) bool {
	for _, w := range explainWords() {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// cueSet finds the earliest of many cues in one pass over a sentence: a
// bitset of the cues' first characters spares the lookup most runes.
type cueSet struct {
	firsts  [1 << 10]uint64 // one bit per rune of the Basic Multilingual Plane
	byFirst map[rune][]string
}

func newCueSet(cues []string) *cueSet {
	set := &cueSet{byFirst: map[rune][]string{}}
	for _, c := range cues {
		r, _ := utf8.DecodeRuneInString(c)
		if r < 1<<16 {
			set.firsts[r>>6] |= 1 << (r & 63)
		}
		set.byFirst[r] = append(set.byFirst[r], c)
	}
	return set
}

// all returns where each cue stands in s, ascending.
func (set *cueSet) all(s string) []int {
	var at []int
	for i, r := range s {
		if r < 1<<16 && set.firsts[r>>6]&(1<<(r&63)) == 0 {
			continue
		}
		for _, c := range set.byFirst[r] {
			if strings.HasPrefix(s[i:], c) {
				at = append(at, i)
				break
			}
		}
	}
	return at
}

// first returns the position of the earliest cue in s, or -1.
func (set *cueSet) first(s string) int {
	for i, r := range s {
		if r < 1<<16 && set.firsts[r>>6]&(1<<(r&63)) == 0 {
			continue
		}
		for _, c := range set.byFirst[r] {
			if strings.HasPrefix(s[i:], c) {
				return i
			}
		}
	}
	return -1
}

// sentenceClass is what a sentence's own words say it states.
type sentenceClass int

const (
	classNone   sentenceClass = iota
	classTarget               // a target header
	classPast                 // a result of the past
	classPlan                 // the plan year, without a target header
)

// reFivePlan names a five-year plan: “十三五”.
var reFivePlan = regexp.MustCompile(`十([一二三四五六七八九])五`)

// reYearMention is a year written in the text.
var reYearMention = regexp.MustCompile(`(?:19|20)\d\d年`)

// firstYear finds the first year a sentence names as its own (YYYY年), not
// a from/to's start or a comparison's base (比2010年翻一番, 到2025年), and
// its position; -1 when there is none.
func firstYear(s string) (int, int) {
	for i := 0; i+6 <= len(s); {
		k := strings.Index(s[i:], "年")
		if k < 0 {
			return -1, 0
		}
		at := i + k - 4
		i += k + len("年")
		if at < 0 || !allDigits(s[at:at+4]) || (s[at] != '1' && s[at] != '2') || at > 0 && isDigitByte(s[at-1]) {
			continue
		}
		r, _ := utf8.DecodeLastRuneInString(s[:at])
		if strings.ContainsRune("到至比较是从由在", r) {
			continue
		}
		y, _ := strconv.Atoi(s[at : at+4])
		return at, y
	}
	return -1, 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return true
}

// classifySentence reads a sentence's class from its cues and the years it names.
// rule names the cue that decided.
func classifySentence(s string, planYear int) (sentenceClass, string) {
	masked := s
	// Every target header and every 预期 in a review holds one of these.
	if strings.Contains(s, "目标") || strings.Contains(s, "指标") || strings.Contains(s, "预期") {
		for _, n := range notPlanCues() {
			if strings.Contains(masked, n) {
				masked = strings.ReplaceAll(masked, n, "")
			}
		}
		for _, h := range targetHeaders() {
			if strings.Contains(masked, h) {
				return classTarget, "target-header"
			}
		}
	}
	// The years ahead (今后五年): a goal over the plan's five years, unless
	// the sentence looks back first (五年来…，为今后五年奠定了基础).
	if containsAny(s, aheadAnchors...) {
		if k := aheadWords().first(s); k >= 0 {
			if p := pastWords().first(s); p < 0 || k < p {
				return classTarget, "years-ahead"
			}
		}
	}
	// A past cue, or the first year the sentence names (unless it is a
	// from/to's start or a comparison's base: 比2010年翻一番, 到2025年):
	// the earlier of the two decides.
	at, y := -1, 0
	if planYear != 0 {
		at, y = firstYear(s)
	}
	before := s
	if at >= 0 {
		before = s[:at]
	}
	past := pastWords().first(before)
	if planYear != 0 && past < 0 && strings.Contains(before, "五") {
		if m := reFivePlan.FindStringSubmatch(before); m != nil && identify.PlanStart(m[1])+4 < planYear {
			past = 0 // “十三五”期间 in a later report
		}
	}
	if at >= 0 && past < 0 {
		switch {
		case y < planYear:
			return classPast, "past-year"
		case y == planYear:
			return classPlan, "plan-year"
		}
		past = pastWords().first(s[at:]) // a year after the plan's: the words decide
	}
	if past >= 0 || masked != s {
		return classPast, "past-cue"
	}
	if containsAny(s, "今年", "新的一年", "明年") {
		return classPlan, "plan-year"
	}
	return classNone, ""
}

// aheadAnchors stand in every cue of class ahead (TestKindCues holds them
// to it): a sentence without them is not searched for the cues.
var aheadAnchors = []string{"五年", "5年"}

// kindReader follows a copy without sections sentence by sentence: a
// class holds to the end of its paragraph, and a target header that ends
// its line (主要目标：) holds over the list below it.
type kindReader struct {
	planYear int
	reported bool // a story about the report: a figure without a cue is a result
	mode     sentenceClass
	rule     string
	list     bool // a target list runs on below its header line
}

// paragraph is called at the start of every line.
func (k *kindReader) paragraph(line string) {
	if k.list && k.mode == classTarget && listItem(line) {
		return
	}
	k.mode, k.rule, k.list = classNone, "", false
	if targetHeading(line) {
		k.mode, k.rule, k.list = classTarget, "target-heading", true
	}
}

// targetHeading tells a heading line of its own that names the targets
// (主要目标, ■ 2025年主要预期目标).
func targetHeading(line string) bool {
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) > 20 || !strings.Contains(line, "目标") && !strings.Contains(line, "指标") {
		return false
	}
	if strings.ContainsAny(line, "，。") || containsAny(line, "回顾", "完成", "实现") {
		return false
	}
	rest := reYearMention.ReplaceAllString(line, "")
	return !strings.ContainsAny(rest, "0123456789")
}

// listItem tells a line that continues a target list: it states a figure,
// no result of the past, no commitment, and does not open on a year of
// its own.
func listItem(line string) bool {
	if !strings.ContainsAny(line, "0123456789") {
		return len(line) < 60 // a numbered heading of the list (1.经济)
	}
	c, _ := classifySentence(line, 0)
	return c != classPast && !hasAction(line) && !opensYearClause(strings.TrimSpace(line))
}

// kind returns the kind of a sentence, and the rule that decided it.
func (k *kindReader) kind(s string, lineEnd bool) (report.FactKind, string) {
	c, rule := classifySentence(s, k.planYear)
	if rule == "years-ahead" {
		// A goal over the years ahead is its sentence's own: the paragraph
		// goes on to look back or plan the year (今后五年…。2016年，全市…).
		return report.Target, "kind:" + rule
	}
	switch {
	case c == classTarget:
		k.mode, k.rule = classTarget, rule
		// A header that ends its line without figures (…主要预期目标是：)
		// opens a list below it.
		k.list = strings.HasSuffix(strings.TrimSpace(s), "：") || lineEnd && !strings.ContainsAny(s, "0123456789")
	case c == classPast && k.mode != classTarget:
		k.mode, k.rule = classPast, rule
	case c == classPlan && k.mode != classTarget:
		k.mode, k.rule = classPlan, rule
	case c == classNone && k.mode == classNone:
		// No cue yet in this paragraph: in the report's own words a
		// commitment; in a story about it, a figure with a commitment
		// verb is a commitment, any other a result.
		if !k.reported || hasAction(s) {
			return report.Commitment, "kind:no-cue-action"
		}
		return report.Achieved, "kind:no-cue"
	}
	switch k.mode {
	case classTarget:
		return report.Target, "kind:" + k.rule
	case classPast:
		return report.Achieved, "kind:" + k.rule
	}
	// The plan year named without a header: a growth rate is a target,
	// a quantity with a verb a commitment.
	if hasAction(s) && !reGrowthRate.MatchString(s) {
		return report.Commitment, "kind:" + k.rule
	}
	return report.Target, "kind:" + k.rule
}

var reGrowthRate = regexp.MustCompile(`(?:增长|增速|下降|涨幅|控制在)\d`)

// hasAction tells a sentence with a commitment verb before a number.
func hasAction(s string) bool {
	i := -1
	for k := 0; k < len(s); {
		if !isDigitByte(s[k]) {
			k++
			continue
		}
		e := k
		for e < len(s) && isDigitByte(s[e]) {
			e++
		}
		if !strings.HasPrefix(s[e:], "年") {
			i = k // a number, not a year
			break
		}
		k = e
	}
	if i < 0 {
		return false
	}
	a, _ := action(s, 0, i)
	return a != "" && a != "完成" && a != "实现" && a != "达到"
}

// spanStated tells a clause that states a figure over several years.
func spanStated(s string) bool {
	return containsAny(s, spanWords()...)
}
