package dedupe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func seed(t *testing.T, prefix string) string {
	m, _ := filepath.Glob(filepath.Join("../../../shared/seeds", prefix+"_*.txt"))
	if len(m) != 1 {
		t.Fatalf("seed %s missing", prefix)
	}
	raw, _ := os.ReadFile(m[0])
	return string(raw)
}

func TestSimilarity(t *testing.T) {
	a := seed(t, "004")
	stripped := strings.NewReplacer("，", "", "。", "", ",", "", "\n", "").Replace(a)
	half := a[:len(a)/2]
	other := seed(t, "000")
	sa := Signature(a)
	for _, c := range []struct {
		name     string
		text     string
		min, max float64
	}{
		{"itself", a, 1, 1},
		{"punctuation stripped", stripped, 0.95, 1},
		{"first half", half, 0.3, 0.7},
		{"another report", other, 0, 0.1},
	} {
		if s := Similarity(sa, Signature(c.text)); s < c.min || s > c.max {
			t.Errorf("%s: similarity %.2f, want in [%.2f, %.2f]", c.name, s, c.min, c.max)
		}
	}
	if Similarity(Signature("短"), Signature("短")) != 0 {
		t.Error("texts too short to shingle should not count as the same")
	}
}

func BenchmarkSignature(b *testing.B) {
	m, _ := filepath.Glob("../../../shared/seeds/001_*.txt")
	raw, _ := os.ReadFile(m[0])
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		Signature(string(raw))
	}
}
