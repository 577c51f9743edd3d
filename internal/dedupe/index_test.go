package dedupe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIndexFindsWhatComparingAllFinds: over every report copy in
// ../shared (seeds, corpus, web copies) and variants of them that differ
// a little, each near-duplicate that comparing a signature with all the
// earlier ones finds is among the index's candidates, while the index
// proposes only a small share of the others.
func TestIndexFindsWhatComparingAllFinds(t *testing.T) {
	var texts []string
	for _, dir := range []string{"seeds", "corpus", "corpus-web"} {
		files, _ := filepath.Glob(filepath.Join("../../../shared", dir, "*.txt"))
		for _, f := range files {
			raw, _ := os.ReadFile(f)
			texts = append(texts, string(raw))
			// A copy from another site: the same text with other furniture
			// and a paragraph lost.
			lines := strings.Split(string(raw), "\n")
			if len(lines) > 10 {
				texts = append(texts, "来源：某某网\n"+strings.Join(append(lines[:len(lines)/2:len(lines)/2], lines[len(lines)/2+1:]...), "\n")+"\n责任编辑：某某")
			}
		}
	}
	if len(texts) < 140 {
		t.Fatalf("%d texts", len(texts))
	}
	ix := NewIndex()
	var sigs [][]uint32
	pairs, found, candidates, compared := 0, 0, 0, 0
	for i, text := range texts {
		sig := Signature(text)
		cands := map[int]bool{}
		for _, c := range ix.Candidates(sig) {
			cands[c] = true
		}
		candidates += len(cands)
		for j := range sigs {
			compared++
			if Similarity(sigs[j], sig) >= Threshold {
				pairs++
				if cands[j] {
					found++
				} else {
					t.Errorf("text %d and %d are near-duplicates (%.2f) the index misses", j, i, Similarity(sigs[j], sig))
				}
			}
		}
		ix.Add(i, sig)
		sigs = append(sigs, sig)
	}
	if pairs < 50 {
		t.Errorf("only %d near-duplicate pairs: the test proves little", pairs)
	}
	t.Logf("%d texts: %d near-duplicate pairs, all %d found; %d candidates checked instead of %d comparisons (%.1f%%)",
		len(texts), pairs, found, candidates, compared, 100*float64(candidates)/float64(compared))
	if float64(candidates) > 0.2*float64(compared) {
		t.Errorf("the index proposes %d of %d: not much better than comparing all", candidates, compared)
	}
}
