package segment

import (
	"testing"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

// FuzzSplit: sections lie inside the text, in order, children inside
// their parent.
func FuzzSplit(f *testing.F) {
	f.Add("一、2019年工作回顾\n全年实现地区生产总值950亿元。\n二、2020年主要预期目标\n地区生产总值增长6%左右。\n三、重点工作\n（一）新建学校十二所", 2020)
	f.Fuzz(func(t *testing.T, text string, year int) {
		if !utf8.ValidString(text) {
			return
		}
		var check func(secs []report.Section, lo, hi int)
		check = func(secs []report.Section, lo, hi int) {
			prev := lo
			for _, s := range secs {
				if s.Start < prev || s.End < s.Start || s.End > hi {
					t.Fatalf("section %q [%d,%d) outside [%d,%d) or before %d in %q", s.Title, s.Start, s.End, lo, hi, prev, text)
				}
				prev = s.Start
				check(s.Children, s.Start, s.End)
			}
		}
		check(Split(text, year), 0, len(text))
	})
}
