package clean

import (
	"flag"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/liuzl/gocc"
)

var update = flag.Bool("update", false, "rewrite data/traditional.txt from OpenCC's data")

// TestTraditionalSet checks data/traditional.txt against OpenCC: a
// character is traditional-only when t2s changes it and s2t leaves it.
func TestTraditionalSet(t *testing.T) {
	t2s, err := gocc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	s2t, err := gocc.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	var all []rune
	for r := rune(0x3400); r <= 0x9FFF; r++ {
		all = append(all, r)
	}
	simp, _ := t2s.Convert(string(all))
	back, _ := s2t.Convert(string(all))
	if utf8.RuneCountInString(simp) != len(all) || utf8.RuneCountInString(back) != len(all) {
		t.Fatal("OpenCC changed the length of single characters")
	}
	sr, br := []rune(simp), []rune(back)
	var want []rune
	for i, r := range all {
		if sr[i] != r && br[i] == r {
			want = append(want, r)
		}
	}
	if *update {
		var lines []string // the comment, then the characters
		for _, l := range strings.Split(traditionalTxt, "\n") {
			if strings.HasPrefix(l, "#") {
				lines = append(lines, l)
			}
		}
		for i := 0; i < len(want); i += 50 {
			lines = append(lines, string(want[i:min(i+50, len(want))]))
		}
		if err := os.WriteFile("data/traditional.txt", []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := traditionalOnly(); string(got) != string(want) {
		t.Fatalf("data/traditional.txt holds %d characters, OpenCC gives %d: run go test ./internal/clean -run TestTraditionalSet -update", len(got), len(want))
	}
	if len(want) < 3000 || !strings.ContainsRune(string(want), '體') || strings.ContainsRune(string(want), '著') {
		t.Errorf("%d traditional-only characters", len(want))
	}
}
