package track

import (
	"strings"
	"testing"
)

// FuzzParseDeadline: a deadline as people write it is read to a date
// (YYYY-MM-DD) or refused, never a panic.
func FuzzParseDeadline(f *testing.F) {
	for _, s := range []string{"2020年12月底", "年底前", "三季度", "2021年6月30日", "长期坚持", "12月", "上半年"} {
		f.Add(s, 2020)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		d, err := ParseDeadline(s, year)
		if err == nil && d != "" && (len(d) != 10 || strings.Count(d, "-") != 2) {
			t.Fatalf("ParseDeadline(%q, %d) = %q", s, year, d)
		}
	})
}
