package clean

import (
	"encoding/binary"
	"errors"
	"strings"
	"unicode/utf8"
)

// Text is a string in which every byte knows the span of raw input bytes it
// came from. Each cleaning step reads a Text and builds a new one, so the
// map back to the original file survives every repair and removal.
type Text struct {
	s          string
	start, end []int32 // per byte of s: the raw span of the rune holding it
}

// String returns the text.
func (t Text) String() string { return t.s }

// Len returns the length of the text in bytes.
func (t Text) Len() int { return len(t.s) }

// RawSpan maps the text bytes [i, j) to the raw bytes they came from.
func (t Text) RawSpan(i, j int) (int, int) {
	if len(t.s) == 0 {
		return 0, 0
	}
	if i < 0 {
		i = 0
	}
	if j > len(t.s) {
		j = len(t.s)
	}
	if j <= i {
		p := int(t.start[min(i, len(t.s)-1)])
		return p, p
	}
	return int(t.start[i]), int(t.end[j-1])
}

// Slice returns the text bytes [i, j) with their map. i and j must fall on
// rune boundaries.
func (t Text) Slice(i, j int) Text {
	return Text{s: t.s[i:j], start: t.start[i:j], end: t.end[i:j]}
}

// Builder assembles a Text rune by rune.
type Builder struct {
	b          strings.Builder
	start, end []int32
}

// Grow reserves room for n more bytes.
func (b *Builder) Grow(n int) {
	b.b.Grow(n)
	if cap(b.start)-len(b.start) < n {
		s := make([]int32, len(b.start), len(b.start)+n)
		copy(s, b.start)
		b.start = s
		e := make([]int32, len(b.end), len(b.end)+n)
		copy(e, b.end)
		b.end = e
	}
}

// WriteRune appends r, which came from raw bytes [rs, re).
func (b *Builder) WriteRune(r rune, rs, re int) {
	n, _ := b.b.WriteRune(r)
	for k := 0; k < n; k++ {
		b.start = append(b.start, int32(rs))
		b.end = append(b.end, int32(re))
	}
}

// WriteString appends s, all of which came from raw bytes [rs, re).
func (b *Builder) WriteString(s string, rs, re int) {
	b.b.WriteString(s)
	for k := 0; k < len(s); k++ {
		b.start = append(b.start, int32(rs))
		b.end = append(b.end, int32(re))
	}
}

// WriteText appends a piece of another Text, keeping its map.
func (b *Builder) WriteText(t Text) {
	b.b.WriteString(t.s)
	b.start = append(b.start, t.start...)
	b.end = append(b.end, t.end...)
}

// Len returns the number of bytes written so far.
func (b *Builder) Len() int { return b.b.Len() }

// LastByte returns the last byte written, or 0.
func (b *Builder) LastByte() byte {
	if b.b.Len() == 0 {
		return 0
	}
	return b.b.String()[b.b.Len()-1]
}

// Text returns what was built.
func (b *Builder) Text() Text {
	return Text{s: b.b.String(), start: b.start, end: b.end}
}

// Identity returns raw as a Text that maps each rune onto itself. raw must
// be valid UTF-8.
func Identity(raw string) Text {
	st := make([]int32, len(raw))
	en := make([]int32, len(raw))
	for i := 0; i < len(raw); {
		_, n := utf8.DecodeRuneInString(raw[i:])
		for k := i; k < i+n; k++ {
			st[k], en[k] = int32(i), int32(i+n)
		}
		i += n
	}
	return Text{s: raw, start: st, end: en}
}

// EncodeOffsets packs the map of t, one pair of varints per rune: the gap
// since the previous rune's raw end and the rune's raw length. Typical
// reports cost two bytes per rune.
func EncodeOffsets(t Text) []byte {
	out := make([]byte, 0, len(t.s))
	prev := int64(0)
	for i := 0; i < len(t.s); {
		_, n := utf8.DecodeRuneInString(t.s[i:])
		out = binary.AppendVarint(out, int64(t.start[i])-prev)
		out = binary.AppendUvarint(out, uint64(t.end[i]-t.start[i]))
		prev = int64(t.end[i])
		i += n
	}
	return out
}

// DecodeOffsets rebuilds a Text from its string and EncodeOffsets output.
func DecodeOffsets(s string, enc []byte) (Text, error) {
	st := make([]int32, len(s))
	en := make([]int32, len(s))
	prev := int64(0)
	for i := 0; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:])
		gap, k := binary.Varint(enc)
		if k <= 0 {
			return Text{}, errors.New("offset map too short")
		}
		enc = enc[k:]
		ln, k := binary.Uvarint(enc)
		if k <= 0 {
			return Text{}, errors.New("offset map too short")
		}
		enc = enc[k:]
		rs := prev + gap
		re := rs + int64(ln)
		for j := i; j < i+n; j++ {
			st[j], en[j] = int32(rs), int32(re)
		}
		prev = re
		i += n
	}
	if len(enc) != 0 {
		return Text{}, errors.New("offset map too long")
	}
	return Text{s: s, start: st, end: en}, nil
}
