package extract

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/segment"
)

func FuzzQuantities(f *testing.F) {
	for _, s := range []string{"增长6-6.5%", "从193亿元增长到560亿元", "百分之七点五", "三分之一", "1,234.5亿元", "负3.9%", "10万—15万人", "一万零十二", "3万4000元"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range Quantities(s) {
			if q.Start < 0 || q.End > len(s) || q.Start >= q.End {
				t.Fatalf("quantity %q at [%d,%d) outside %d bytes", q.Text, q.Start, q.End, len(s))
			}
		}
		ParseNumber(s)
	})
}

func FuzzFacts(f *testing.F) {
	f.Add("一、2019年工作回顾\n全年实现地区生产总值950亿元，增长7.5%。\n二、2020年工作安排\n主要预期目标是：增长6-6.5%；新建养老床位1000张。")
	if m, _ := filepath.Glob("../../../shared/seeds/*.txt"); len(m) > 0 {
		for _, p := range m {
			raw, _ := os.ReadFile(p)
			f.Add(string(raw[:min(len(raw), 3000)]))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // the cleaner hands on valid UTF-8 only
		}
		secs := segment.Split(text, 2020)
		for _, fd := range Facts(text, Context{Identity: annual2020, Sections: secs}) {
			if fd.Start < 0 || fd.End > len(text) || fd.Start > fd.End {
				t.Fatalf("fact span [%d,%d) outside %d bytes", fd.Start, fd.End, len(text))
			}
		}
		for _, term := range Glossary(text, secs) {
			if term.Start < 0 || term.End > len(text) {
				t.Fatalf("term span outside the text")
			}
		}
	})
}
