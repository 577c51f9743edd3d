package analysis

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"unicode"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
)

// TestAttention: words are counted longest first without overlaps, per
// 10,000 Han characters and by section.
func TestAttention(t *testing.T) {
	if got := occurrences("环境保护和环境，环境保", []string{"环境", "环境保护"}); len(got) != 3 || got[0].word != "环境保护" || got[1].word != "环境" {
		t.Errorf("occurrences: %+v", got)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	text := "一、回顾\n生态环境持续改善。\n二、任务\n推进绿色低碳发展，加强生态保护。"
	r := &report.Report{Identity: report.Identity{Region: "江苏省苏州市", RegionCode: "320500", Year: 2024},
		Sources: []report.Source{{Path: "a.txt", SHA256: "a", Raw: []byte(text), Clean: text, Offsets: clean.EncodeOffsets(clean.Identity(text)),
			Sections: []report.Section{{Kind: "review", Start: 0, End: 38}, {Kind: "tasks", Start: 38, End: len(text)}}}}}
	if err := st.AddReport(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	as, err := Attentions(ctx, st, report.ReportFilter{}, []WordList{{Name: "环境", Words: []string{"生态", "绿色", "低碳"}}})
	if err != nil || len(as) != 1 {
		t.Fatalf("%v %d", err, len(as))
	}
	a := as[0]
	han := 0
	for _, c := range text {
		if c >= 0x4e00 && c <= 0x9fff {
			han++
		}
	}
	if a.Count != 4 || a.Chars != han || a.BySection["review"] != 1 || a.BySection["tasks"] != 3 || a.Words["生态"] != 2 || a.Per10k != float64(int(40000.0/float64(han)*100+0.5))/100 {
		t.Errorf("attention %+v (han %d)", a, han)
	}
}

// TestWordLists: the built-in lists are read, each with words.
func TestWordLists(t *testing.T) {
	ls := WordLists()
	if len(ls) != 3 {
		t.Fatalf("%d lists", len(ls))
	}
	for _, l := range ls {
		if l.Name == "" || len(l.Words) < 5 {
			t.Errorf("list %+v", l)
		}
		for _, w := range l.Words {
			if w == "" {
				t.Errorf("%s has an empty word", l.Name)
			}
		}
	}
}

// BenchmarkAttentions counts every word list in a seed report, as a region
// page does for each of its reports.
func BenchmarkAttentions(b *testing.B) {
	raw, err := os.ReadFile("../../../shared/seeds/000_b429fffc0a08b02a.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw)
	lists := WordLists()
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		for _, l := range lists {
			occurrences(text, l.Words)
		}
	}
}

func TestIsHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isHan(r) != unicode.Is(unicode.Han, r) {
			t.Fatalf("%U: isHan %v", r, isHan(r))
		}
	}
}
