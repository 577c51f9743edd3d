package clean

import (
	"encoding/binary"
	"errors"
	"sort"
	"strings"
	"unicode/utf8"
)

// Text is a string in which every byte knows the span of raw input bytes it
// came from. Each cleaning step reads a Text and builds a new one, so the
// map back to the original file survives every repair and removal.
//
// The map is kept as spans, not per byte: most of a report is copied as
// it stands, so a whole run of it is one span, and slicing or copying a
// line costs its few spans rather than eight bytes a byte.
type Text struct {
	s     string
	spans []span // in text order; their t counts from the text they were built for
	base  int    // where s starts in that count
}

// span maps text bytes [t, t+tn) to raw bytes [r, r+rn): byte for byte
// (a run copied as it stands, or a rune rewritten into as many bytes), or,
// when whole, every byte of it to the whole raw span (a rune written for
// other bytes: 6 for ６, an inserted line break; also any piece of one).
type span struct {
	t, r, tn, rn int32
	whole        bool
}

func (sp span) bytewise() bool { return !sp.whole }

// String returns the text.
func (t Text) String() string { return t.s }

// Len returns the length of the text in bytes.
func (t Text) Len() int { return len(t.s) }

// find returns the index of the span holding text byte i.
func (t Text) find(i int) int {
	p := int32(t.base + i)
	return sort.Search(len(t.spans), func(k int) bool { return t.spans[k].t+t.spans[k].tn > p })
}

// rawStart is the first raw byte of text byte i's span.
func (t Text) rawStart(i int) int {
	sp := t.spans[t.find(i)]
	if sp.bytewise() {
		return int(sp.r) + t.base + i - int(sp.t)
	}
	return int(sp.r)
}

// rawEnd is the end of the raw bytes text byte i came from.
func (t Text) rawEnd(i int) int {
	sp := t.spans[t.find(i)]
	if sp.bytewise() {
		return int(sp.r) + t.base + i - int(sp.t) + 1
	}
	return int(sp.r + sp.rn)
}

// runeSpan maps the rune of n bytes at text byte i to its raw bytes.
func (t Text) runeSpan(i, n int) (int, int) { return t.rawStart(i), t.rawEnd(i + n - 1) }

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
		p := t.rawStart(min(i, len(t.s)-1))
		return p, p
	}
	return t.rawStart(i), t.rawEnd(j - 1)
}

// Slice returns the text bytes [i, j) with their map. i and j must fall on
// rune boundaries.
func (t Text) Slice(i, j int) Text {
	if i == j {
		return Text{s: t.s[i:j]}
	}
	return Text{s: t.s[i:j], spans: t.spans[t.find(i) : t.find(j-1)+1], base: t.base + i}
}

// Builder assembles a Text rune by rune.
type Builder struct {
	b     strings.Builder
	spans []span
}

// Grow reserves room for n more bytes.
func (b *Builder) Grow(n int) { b.b.Grow(n) }

// add appends a span, joining it to the last one when both map byte for
// byte and follow on in text and raw alike.
func (b *Builder) add(sp span) {
	if k := len(b.spans) - 1; k >= 0 {
		last := &b.spans[k]
		if last.bytewise() && sp.bytewise() && last.t+last.tn == sp.t && last.r+last.rn == sp.r {
			last.tn += sp.tn
			last.rn += sp.rn
			return
		}
	}
	b.spans = append(b.spans, sp)
}

// WriteRune appends r, which came from raw bytes [rs, re).
func (b *Builder) WriteRune(r rune, rs, re int) {
	at := b.b.Len()
	n, _ := b.b.WriteRune(r)
	b.add(span{t: int32(at), r: int32(rs), tn: int32(n), rn: int32(re - rs), whole: n != re-rs})
}

// WriteString appends s, all of which came from raw bytes [rs, re).
func (b *Builder) WriteString(s string, rs, re int) {
	if s == "" {
		return
	}
	at := b.b.Len()
	b.b.WriteString(s)
	b.add(span{t: int32(at), r: int32(rs), tn: int32(len(s)), rn: int32(re - rs), whole: len(s) != re-rs})
}

// WriteText appends a piece of another Text, keeping its map.
func (b *Builder) WriteText(t Text) {
	if t.s == "" {
		return
	}
	at := b.b.Len()
	b.b.WriteString(t.s)
	from, to := int32(t.base), int32(t.base+len(t.s))
	for _, sp := range t.spans {
		lo, hi := max(sp.t, from), min(sp.t+sp.tn, to)
		if lo >= hi {
			continue
		}
		out := span{t: int32(at) + lo - from, r: sp.r, tn: hi - lo, rn: sp.rn, whole: sp.whole}
		if sp.bytewise() {
			out.r, out.rn = sp.r+lo-sp.t, hi-lo
		}
		b.add(out)
	}
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

// Text returns what was built; what is written after changes it.
func (b *Builder) Text() Text {
	return Text{s: b.b.String(), spans: b.spans}
}

// Identity returns raw as a Text that maps each rune onto itself. raw must
// be valid UTF-8.
func Identity(raw string) Text { return identityAt(raw, 0) }

// identityAt is Identity for text that starts at raw byte skip.
func identityAt(s string, skip int) Text {
	if s == "" {
		return Text{}
	}
	return Text{s: s, spans: []span{{t: 0, r: int32(skip), tn: int32(len(s)), rn: int32(len(s))}}}
}

// EncodeOffsets packs the map of t, one pair of varints per rune: the gap
// since the previous rune's raw end and the rune's raw length. Typical
// reports cost two bytes per rune.
func EncodeOffsets(t Text) []byte {
	out := make([]byte, 0, len(t.s))
	prev := 0
	// Span by span, rune by rune within each: a rune never straddles two
	// spans, and within one its raw bytes follow from the span.
	k := 0
	for i := 0; i < len(t.s); {
		n := 1
		if c := t.s[i]; c >= utf8.RuneSelf {
			_, n = utf8.DecodeRuneInString(t.s[i:])
		}
		p := int32(t.base + i)
		for t.spans[k].t+t.spans[k].tn <= p {
			k++
		}
		sp := t.spans[k]
		rs, re := int(sp.r), int(sp.r+sp.rn)
		if sp.bytewise() {
			rs = int(sp.r + p - sp.t)
			re = rs + n
		}
		out = binary.AppendVarint(out, int64(rs-prev))
		out = binary.AppendUvarint(out, uint64(re-rs))
		prev = re
		i += n
	}
	return out
}

// DecodeOffsets rebuilds a Text from its string and EncodeOffsets output.
func DecodeOffsets(s string, enc []byte) (Text, error) {
	var b Builder
	b.b.Grow(len(s))
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
		b.WriteString(s[i:i+n], int(rs), int(re))
		prev = re
		i += n
	}
	if len(enc) != 0 {
		return Text{}, errors.New("offset map too long")
	}
	return b.Text(), nil
}
