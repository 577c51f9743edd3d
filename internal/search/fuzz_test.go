package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse: any query either parses to a match expression whose phrases
// are quoted and balanced, or is refused with an error; it never panics.
func FuzzParse(f *testing.F) {
	for _, q := range []string{"养老", `"老旧小区改造"`, "托育 OR 婴幼儿", "养老 -床位", "6.5%", `"未闭合`, "-", "OR OR", "（养老）", "地區生產總值"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p, err := Parse(q, nil)
		if err != nil {
			return
		}
		if p.Match == "" || strings.Count(p.Match, `"`)%2 != 0 || strings.Count(p.Match, "(") != strings.Count(p.Match, ")") {
			t.Fatalf("%q parsed to a broken match %q", q, p.Match)
		}
		if !utf8.ValidString(q) {
			return
		}
		for _, term := range p.Terms {
			if !utf8.ValidString(term) {
				t.Fatalf("%q: term %q is not UTF-8", q, term)
			}
		}
	})
}

// FuzzTokens: tokens are valid UTF-8 separated by single spaces.
func FuzzTokens(f *testing.F) {
	f.Add("全年实现地区生产总值950亿元，增长7.5%。")
	f.Add("ＧＤＰ增长６．５％")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		tok := Tokens(s)
		if !utf8.ValidString(tok) || strings.Contains(tok, "  ") || strings.HasPrefix(tok, " ") || strings.HasSuffix(tok, " ") {
			t.Fatalf("Tokens(%q) = %q", s, tok)
		}
	})
}
