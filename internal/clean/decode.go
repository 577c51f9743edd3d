package clean

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/baogao/baogao/internal/report"
)

// Decode detects the encoding of raw and decodes it into a Text whose map
// points at raw. The order is: byte-order mark, valid UTF-8, UTF-16 by its
// zero bytes, then GB18030 or Big5 as a detector and the count of
// undecodable characters decide.
func Decode(raw []byte) (Text, string, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return Text{}, "", report.Errorf(report.Invalid, "空文件")
	}
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		if !utf8.Valid(raw[3:]) {
			return Text{}, "", report.Errorf(report.Invalid, "无法解码的文本：有 UTF-8 字节序标记，内容却不是有效的 UTF-8")
		}
		t, err := fromUTF8(raw, 3)
		return t, "utf-8-bom", err
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		t, err := fromUTF16(raw, 2, false)
		return t, "utf-16le", err
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		t, err := fromUTF16(raw, 2, true)
		return t, "utf-16be", err
	}
	if utf8.Valid(raw) {
		t, err := fromUTF8(raw, 0)
		return t, "utf-8", err
	}
	if be, ok := looksUTF16(raw); ok {
		t, err := fromUTF16(raw, 0, be)
		if be {
			return t, "utf-16be", err
		}
		return t, "utf-16le", err
	}
	if looksBinary(raw) {
		return Text{}, "", report.Errorf(report.Invalid, "二进制文件，不是文本")
	}
	if bad, first, ok := damagedUTF8(raw); ok {
		return Text{}, "", report.Errorf(report.Invalid, "UTF-8 文本中有 %d 处无效字节（首处在第 %d 字节）：文件可能已损坏，修复后再导入 (damaged UTF-8)", bad, first)
	}
	name := "gb18030"
	if big5Likelier(raw) {
		name = "big5"
	}
	t, bad := fromLegacy(raw, name)
	if bad*100 > utf8.RuneCountInString(t.s) {
		other := "big5"
		if name == "big5" {
			other = "gb18030"
		}
		t2, bad2 := fromLegacy(raw, other)
		if bad2 < bad {
			t, bad, name = t2, bad2, other
		}
	}
	if bad*100 > utf8.RuneCountInString(t.s) {
		return Text{}, "", report.Errorf(report.Invalid, "无法解码的文本：%d 个字符不是 %s 编码", bad, name)
	}
	return t, name, nil
}

// big5Likelier tells whether the detector gives Big5 a higher confidence
// than GB18030. Its own best guess is not used: its recognizers report in
// the order their goroutines finish, so between equal confidences it
// picks by chance (a short GBK phrase was read as Big5 about one time in
// twenty); a tie goes to GB18030, the encoding of the mainland's copies.
func big5Likelier(raw []byte) bool {
	all, err := chardet.NewTextDetector().DetectAll(raw)
	if err != nil {
		return false
	}
	big5, gb := 0, 0
	for _, r := range all {
		switch r.Charset {
		case "Big5":
			big5 = max(big5, r.Confidence)
		case "GB-18030":
			gb = max(gb, r.Confidence)
		}
	}
	return big5 > gb
}

func fromUTF8(raw []byte, skip int) (Text, error) {
	s := string(raw[skip:])
	if hasControl(s) {
		return Text{}, report.Errorf(report.Invalid, "二进制文件，不是文本")
	}
	return identityAt(s, skip), nil
}

// hasControl reports NUL and other C0 controls that text files never hold.
func hasControl(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			n++
		}
	}
	return n > len(s)/100+1
}

// damagedUTF8 tells UTF-8 text with a few broken bytes (a copy cut or
// corrupted in transit) from text in a legacy encoding: nearly all of its
// multi-byte sequences are valid UTF-8. It returns the broken sequences
// and the offset of the first.
func damagedUTF8(raw []byte) (bad, first int, ok bool) {
	valid := 0
	first = -1
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRune(raw[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			if first < 0 {
				first = i
			}
			bad++
			n = 1
		case n > 1:
			valid++
		}
		i += n
	}
	return bad, first, bad > 0 && valid >= 20*bad
}

func looksBinary(raw []byte) bool {
	return bytes.IndexByte(raw, 0) >= 0 || hasControl(string(raw))
}

// looksUTF16 guesses UTF-16 without a BOM from where its zero bytes fall.
func looksUTF16(raw []byte) (bigEndian, ok bool) {
	if len(raw) < 4 || len(raw)%2 != 0 {
		return false, false
	}
	var even, odd int
	for i := 0; i+1 < len(raw); i += 2 {
		if raw[i] == 0 {
			even++
		}
		if raw[i+1] == 0 {
			odd++
		}
	}
	half := len(raw) / 2
	switch {
	case odd*5 > half && even*20 < half:
		return false, true
	case even*5 > half && odd*20 < half:
		return true, true
	}
	// Chinese in UTF-16 has no zero bytes: read the code units both ways
	// and keep the order in which nearly all are Han, CJK punctuation,
	// full-width forms or plain ASCII text.
	if len(raw) < 32 {
		return false, false // too short to tell from a legacy encoding
	}
	le, be := plausibleUTF16(raw, false), plausibleUTF16(raw, true)
	switch {
	case le*10 >= half*9 && le > be:
		return false, true
	case be*10 >= half*9 && be > le:
		return true, true
	}
	return false, false
}

// plausibleUTF16 counts the code units of raw, read in one byte order,
// that a Chinese text holds.
func plausibleUTF16(raw []byte, bigEndian bool) int {
	n := 0
	for i := 0; i+1 < len(raw); i += 2 {
		u := uint16(raw[i]) | uint16(raw[i+1])<<8
		if bigEndian {
			u = uint16(raw[i])<<8 | uint16(raw[i+1])
		}
		switch {
		case u >= 0x4E00 && u <= 0x9FFF, u >= 0x3000 && u <= 0x303F, u >= 0xFF00 && u <= 0xFFEF,
			u >= 0x20 && u < 0x7F, u == '\n', u == '\r', u == '\t', u >= 0x2000 && u <= 0x206F:
			n++
		}
	}
	return n
}

func fromUTF16(raw []byte, skip int, be bool) (Text, error) {
	if (len(raw)-skip)%2 != 0 {
		return Text{}, report.Errorf(report.Invalid, "无法解码的文本：UTF-16 文本的字节数为奇数")
	}
	var b Builder
	b.Grow(len(raw))
	unit := func(i int) uint16 {
		if be {
			return uint16(raw[i])<<8 | uint16(raw[i+1])
		}
		return uint16(raw[i+1])<<8 | uint16(raw[i])
	}
	bad := 0
	for i := skip; i+1 < len(raw); {
		u := unit(i)
		r, n := rune(u), 2
		if utf16.IsSurrogate(r) {
			r = utf8.RuneError
			if i+3 < len(raw) {
				if d := utf16.DecodeRune(rune(u), rune(unit(i+2))); d != utf8.RuneError {
					r, n = d, 4
				}
			}
		}
		if r == utf8.RuneError || r == 0 {
			bad++
		}
		b.WriteRune(r, i, i+n)
		i += n
	}
	t := b.Text()
	if bad*100 > utf8.RuneCountInString(t.s) {
		return Text{}, report.Errorf(report.Invalid, "无法解码的文本：%d 处无效的 UTF-16 编码", bad)
	}
	return t, nil
}

// fromLegacy decodes a double-byte encoding one character at a time so
// that each rune keeps its raw span, and counts undecodable characters.
func fromLegacy(raw []byte, name string) (Text, int) {
	var enc encoding.Encoding = simplifiedchinese.GB18030
	if name == "big5" {
		enc = traditionalchinese.Big5
	}
	dec := enc.NewDecoder()
	var b Builder
	b.Grow(len(raw) * 3 / 2)
	bad := 0
	var buf [16]byte
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < 0x80 {
			b.WriteRune(rune(c), i, i+1)
			i++
			continue
		}
		n := 2
		if name == "gb18030" && i+1 < len(raw) && raw[i+1] >= 0x30 && raw[i+1] <= 0x39 {
			n = 4
		}
		if i+n > len(raw) {
			n = len(raw) - i
		}
		dec.Reset()
		nDst, _, err := dec.Transform(buf[:], raw[i:i+n], true)
		r, _ := utf8.DecodeRune(buf[:nDst])
		if err != nil || nDst == 0 || r == utf8.RuneError {
			bad++
			b.WriteRune(utf8.RuneError, i, i+1)
			i++
			continue
		}
		b.WriteRune(r, i, i+n)
		i += n
	}
	return b.Text(), bad
}

// DecodeAs decodes a slice of raw bytes in a known encoding, as Decode
// named it; the quote of a fact is its evidence bytes read this way.
func DecodeAs(raw []byte, name string) string {
	switch name {
	case "utf-8", "utf-8-bom", "":
		return string(raw)
	case "gb18030", "big5":
		t, _ := fromLegacy(raw, name)
		return t.s
	case "utf-16le", "utf-16be":
		t, err := fromUTF16(raw, 0, name == "utf-16be")
		if err != nil {
			return ""
		}
		return t.s
	}
	return string(raw)
}
