package postgres

import (
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/search"
)

// FuzzTSQuery: every match expression the query parser writes translates
// into tsquery, with its parentheses balanced; nothing panics.
func FuzzTSQuery(f *testing.F) {
	for _, q := range []string{"养老", `"老旧小区改造"`, "托育 OR 婴幼儿", "养老 -床位", "6.5%", "老", "a OR b -c -d", "（养老 OR 托育） 床位"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p, err := search.Parse(q, nil)
		if err != nil {
			tsquery(q) // arbitrary text may be refused, not panic
			return
		}
		tq, err := tsquery(p.Match)
		if err != nil {
			t.Fatalf("%q → %q: %v", q, p.Match, err)
		}
		if strings.Count(tq, "(") != strings.Count(tq, ")") || tq == "" {
			t.Fatalf("%q → %q → %q", q, p.Match, tq)
		}
	})
}
