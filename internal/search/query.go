package search

import (
	"strings"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

// Parsed is a query read for the index: an FTS5 match expression over the
// index tokens, and the terms to highlight in what it finds.
type Parsed struct {
	Match string
	Terms []string
}

// Parse reads a query as people write one: words are ANDed, "an exact
// phrase" in quotes, -word excludes, A OR B offers either. simplify maps
// traditional characters to simplified ones (the index holds simplified
// text); full-width forms fold to half-width.
func Parse(q string, simplify func(string) string) (Parsed, error) {
	q = fold(q)
	if simplify != nil {
		q = simplify(q)
	}
	type term struct {
		text string
		not  bool
	}
	var clauses [][]term // ANDed; each clause's terms are ORed
	orNext := false
	for _, w := range split(q) {
		if w.text == "OR" && !w.quoted {
			orNext = len(clauses) > 0
			continue
		}
		t := term{text: w.text}
		if !w.quoted && strings.HasPrefix(t.text, "-") && len(t.text) > 1 {
			t.text, t.not = t.text[1:], true
		}
		if Tokens(t.text) == "" {
			continue
		}
		if orNext && !t.not {
			clauses[len(clauses)-1] = append(clauses[len(clauses)-1], t)
		} else {
			clauses = append(clauses, []term{t})
		}
		orNext = false
	}
	var pos, neg []string
	var highlight []string
	for _, c := range clauses {
		var alts []string
		for _, t := range c {
			alts = append(alts, phrase(t.text))
			if !t.not {
				highlight = append(highlight, t.text)
			}
		}
		expr := strings.Join(alts, " OR ")
		if len(alts) > 1 {
			expr = "(" + expr + ")"
		}
		if c[0].not {
			neg = append(neg, expr)
		} else {
			pos = append(pos, expr)
		}
	}
	if len(pos) == 0 {
		return Parsed{}, report.Errorf(report.Invalid, "检索词为空：请至少给出一个要查找的词（排除词 -词 之外）")
	}
	match := strings.Join(pos, " AND ")
	for _, n := range neg {
		match = "(" + match + ") NOT " + n
	}
	return Parsed{Match: match, Terms: highlight}, nil
}

// phrase turns a term into the FTS5 phrase of its tokens; a lone Han
// character also finds the bigrams it opens.
func phrase(t string) string {
	tok := Tokens(t)
	if utf8.RuneCountInString(tok) == 1 && !strings.ContainsAny(tok, "0123456789abcdefghijklmnopqrstuvwxyz") {
		return `"` + tok + `"*`
	}
	return `"` + tok + `"`
}

type word struct {
	text   string
	quoted bool
}

// split cuts a query at spaces, keeping "quoted phrases" whole.
func split(q string) []word {
	var out []word
	for q = strings.TrimSpace(q); q != ""; q = strings.TrimSpace(q) {
		if q[0] == '"' {
			end := strings.IndexByte(q[1:], '"')
			if end < 0 {
				out = append(out, word{q[1:], true})
				break
			}
			out = append(out, word{q[1 : 1+end], true})
			q = q[end+2:]
			continue
		}
		end := strings.IndexAny(q, " \t")
		if end < 0 {
			end = len(q)
		}
		out = append(out, word{q[:end], false})
		q = q[end:]
	}
	return out
}

// Highlight returns the spans of s (a cleaned text, whose digits and
// letters are half-width already) that hold one of the terms, in order and
// without overlaps.
func Highlight(s string, terms []string) [][2]int {
	var spans [][2]int
	low := strings.ToLower(s)
	for _, t := range terms {
		t = strings.ToLower(fold(t))
		if t == "" || len(low) != len(s) {
			continue
		}
		for i := 0; ; {
			k := strings.Index(low[i:], t)
			if k < 0 {
				break
			}
			spans = append(spans, [2]int{i + k, i + k + len(t)})
			i += k + len(t)
		}
	}
	// Sort and merge.
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j][0] < spans[j-1][0]; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	var out [][2]int
	for _, sp := range spans {
		if n := len(out); n > 0 && sp[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], sp[1])
			continue
		}
		out = append(out, sp)
	}
	return out
}
