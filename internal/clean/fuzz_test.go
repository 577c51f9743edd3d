package clean

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

func FuzzClean(f *testing.F) {
	f.Add([]byte(sample), uint8(0))
	f.Add([]byte("<html><body><p>各位代表：全年实现地区生产总值950亿元&amp;增长7.5%</p></body></html>"), uint8(1))
	f.Add([]byte{0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8}, uint8(0))
	f.Add([]byte{0xb8, 0xf7, 0xce, 0xbb, 0x81, 0x30, 0x81, 0x30}, uint8(0))
	if m, _ := filepath.Glob(filepath.Join(seedDir, "*.txt")); len(m) > 0 {
		for _, p := range m {
			raw, _ := os.ReadFile(p)
			f.Add(raw[:min(len(raw), 2000)], uint8(0))
		}
	}
	formats := []string{"text", "html", "docx"}
	f.Fuzz(func(t *testing.T, raw []byte, fi uint8) {
		format := formats[int(fi)%len(formats)]
		res, err := Clean(raw, format, Options{})
		if err != nil {
			return
		}
		s := res.Text.String()
		if !utf8.ValidString(s) {
			t.Fatalf("cleaned text is not valid UTF-8: %q", s)
		}
		limit := len(raw)
		if res.Layer != nil {
			limit = len(res.Layer)
		}
		for i := 0; i < len(s); i++ {
			a, b := res.Text.RawSpan(i, i+1)
			if a < 0 || b > limit || a > b {
				t.Fatalf("byte %d maps to [%d,%d), outside %d input bytes", i, a, b, limit)
			}
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte{0xEF, 0xBB, 0xBF, 0xE4, 0xBD})
	f.Add([]byte{0xFE, 0xFF, 0xD8, 0x00})
	f.Add([]byte{0xa4, 0xa4, 0xb5, 0xd8})
	f.Fuzz(func(t *testing.T, raw []byte) {
		txt, _, err := Decode(raw)
		if err != nil {
			return
		}
		if !utf8.ValidString(txt.String()) {
			t.Fatal("decoded text is not valid UTF-8")
		}
		for i := 0; i < txt.Len(); i++ {
			a, b := txt.RawSpan(i, i+1)
			if a < 0 || b > len(raw) || a >= b {
				t.Fatalf("byte %d maps to [%d,%d) of %d", i, a, b, len(raw))
			}
		}
	})
}
