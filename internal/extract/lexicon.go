package extract

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

//go:embed data/indicators.tsv
var indicatorsTSV string

//go:embed data/actions.txt
var actionsTxt string

// Indicator is one entry of the canonical indicator lexicon.
type Indicator struct {
	ID     string
	Higher bool // higher is better
	Names  []string
}

// Indicators returns the lexicon, from data/indicators.tsv.
func Indicators() []Indicator { return lexicon().entries }

type lexiconData struct {
	entries        []Indicator
	names          []string // every name, longest first
	byName         map[string]*Indicator
	actions        []string          // longest first
	actionsByLast  map[rune][]string // by last character, longest first
	actionsByFirst map[rune][]string // by first character, longest first
	namesByLast    map[rune][]string // indicator names by last character, longest first
}

var lexicon = sync.OnceValue(func() *lexiconData {
	l := &lexiconData{byName: map[string]*Indicator{}}
	for _, f := range report.DataRows(indicatorsTSV) {
		l.entries = append(l.entries, Indicator{ID: f[0], Higher: f[1] == "higher", Names: strings.Split(f[2], "|")})
	}
	for i := range l.entries {
		for _, n := range l.entries[i].Names {
			l.byName[n] = &l.entries[i]
			l.names = append(l.names, n)
		}
	}
	sort.Slice(l.names, func(i, j int) bool { return len(l.names[i]) > len(l.names[j]) })
	l.namesByLast = map[rune][]string{}
	for _, n := range l.names {
		r, _ := utf8.DecodeLastRuneInString(n)
		l.namesByLast[r] = append(l.namesByLast[r], n)
	}
	for _, a := range strings.Split(actionsTxt, "\n") {
		if a != "" && !strings.HasPrefix(a, "#") {
			l.actions = append(l.actions, a)
		}
	}
	sort.SliceStable(l.actions, func(i, j int) bool { return len(l.actions[i]) > len(l.actions[j]) })
	l.actionsByLast, l.actionsByFirst = map[rune][]string{}, map[rune][]string{}
	for _, a := range l.actions {
		r, _ := utf8.DecodeLastRuneInString(a)
		l.actionsByLast[r] = append(l.actionsByLast[r], a)
		f, _ := utf8.DecodeRuneInString(a)
		l.actionsByFirst[f] = append(l.actionsByFirst[f], a)
	}
	return l
})

// lexiconName tells a name the lexicon lists as it is.
func lexiconName(name string) bool {
	_, ok := lexicon().byName[name]
	return ok
}

// Canonical returns the lexicon entry an indicator as written ends with.
func Canonical(indicator string) (*Indicator, bool) {
	l := lexicon()
	r, _ := utf8.DecodeLastRuneInString(indicator)
	for _, n := range l.namesByLast[r] { // longest first
		if strings.HasSuffix(indicator, n) {
			return l.byName[n], true
		}
	}
	return nil, false
}

// canonicalName returns the lexicon name an indicator as written ends
// with, or "".
func canonicalName(indicator string) string {
	r, _ := utf8.DecodeLastRuneInString(indicator)
	for _, n := range lexicon().namesByLast[r] { // longest first
		if strings.HasSuffix(indicator, n) {
			return n
		}
	}
	return ""
}

// openingName returns the longest lexicon name a clause opens with, its
// lead words aside, or "".
func openingName(clause string) string {
	c := strings.TrimSpace(clause)
	for _, w := range leadWords() {
		c = strings.TrimPrefix(c, w)
	}
	for _, n := range lexicon().names { // longest first
		if strings.HasPrefix(c, n) {
			return n
		}
	}
	return ""
}

// Directions maps each canonical indicator to whether higher is better.
func Directions() map[string]bool {
	m := map[string]bool{}
	for _, e := range lexicon().entries {
		m[e.ID] = e.Higher
	}
	return m
}

// LexiconDigest names the version of the lexicons extraction read with
// (indicators, actions, units, kind cues, shared measures, predicates,
// pair words): the SHA-256 of their bytes, so that a dataset says which
// lexicons made it.
func LexiconDigest() string {
	h := sha256.New()
	for _, s := range []string{indicatorsTSV, actionsTxt, unitsTSV, kindCuesTSV, sharedTailsTxt, predicatesTSV, pairWordsTSV} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
