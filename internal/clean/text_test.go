package clean

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTextMap: slices and copies keep each byte's raw span, a run copied as
// it stands stays one span however it was cut, and the packed map reads
// back the same.
func TestTextMap(t *testing.T) {
	raw := "  地区生产总值９５０亿元，增长7.5%。\n新建学校12所。"
	src := identityAt(raw, 3) // as after a byte-order mark
	var b Builder
	b.WriteText(src.Slice(2, strings.Index(raw, "９")))
	at := strings.Index(raw, "９")
	for k := 0; k < 3; k++ { // ９５０ → 950, each from its 3 raw bytes
		rs, re := src.runeSpan(at+3*k, 3)
		b.WriteRune(rune('0'+[]int{9, 5, 0}[k]), rs, re)
	}
	b.WriteText(src.Slice(at+9, len(raw)))
	got := b.Text()
	if got.String() != "地区生产总值950亿元，增长7.5%。\n新建学校12所。" {
		t.Fatalf("text %q", got.String())
	}
	// 地区生产总值 (before), 9 5 0 (one span each), the rest (after).
	if len(got.spans) != 5 {
		t.Errorf("%d spans, want 5: %+v", len(got.spans), got.spans)
	}
	check := func(tx Text, sub, want string) {
		t.Helper()
		i := strings.Index(tx.String(), sub)
		rs, re := tx.RawSpan(i, i+len(sub))
		if rs < 3 || re-3 > len(raw) || raw[rs-3:re-3] != want {
			t.Errorf("%q maps to [%d,%d), want %q", sub, rs, re, want)
		}
	}
	check(got, "950亿元", "９５０亿元")
	check(got, "5", "５")
	check(got, "新建学校12所", "新建学校12所")
	line := got.Slice(strings.Index(got.String(), "增长"), strings.Index(got.String(), "\n"))
	check(line, "7.5%", "7.5%")
	var again Builder
	again.WriteText(line.Slice(0, 6))
	again.WriteText(line.Slice(6, line.Len()))
	if len(again.Text().spans) != 1 {
		t.Errorf("a run cut and copied back is %d spans", len(again.Text().spans))
	}
	back, err := DecodeOffsets(got.String(), EncodeOffsets(got))
	if err != nil || len(back.spans) != len(got.spans) {
		t.Fatalf("decoded %d spans (%v), want %d", len(back.spans), err, len(got.spans))
	}
	check(back, "950亿元", "９５０亿元")
	if p, q := got.RawSpan(4, 4); p != q {
		t.Errorf("an empty span maps to [%d,%d)", p, q)
	}
}

func TestRuneCount(t *testing.T) {
	for _, s := range []string{"", "abc", "地区生产总值增长7.5%", "𠀀𠀁 ü", strings.Repeat("报告", 1000)} {
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Errorf("%q: %d runes, want %d", s, got, want)
		}
	}
}
