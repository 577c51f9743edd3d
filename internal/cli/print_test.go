package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	gojson "github.com/goccy/go-json"

	"github.com/baogao/baogao/internal/evaluate"
	"github.com/baogao/baogao/internal/report"
)

// TestFactsPrintAsEncodingJSON: extract prints facts with go-json; every
// fact of the three answer keys prints byte for byte as encoding/json
// prints it.
func TestFactsPrintAsEncodingJSON(t *testing.T) {
	var facts []report.Fact
	for _, name := range []string{"seeds.jsonl", "corpus.jsonl", "web.jsonl"} {
		gold, err := evaluate.ReadGoldFile(filepath.Join("../../../shared/gold", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, fact := range gold {
			sec := "review"
			fact.Section, fact.Canonical = &sec, &fact.Indicator // fields the answer keys leave out
			fact.Quote += "<&>\u2028"                            // what HTML escaping would touch
			facts = append(facts, fact)
		}
	}
	if len(facts) < 1000 {
		t.Fatalf("%d facts", len(facts))
	}
	var want, got bytes.Buffer
	std, fast := json.NewEncoder(&want), gojson.NewEncoder(&got)
	std.SetEscapeHTML(false)
	fast.SetEscapeHTML(false)
	for _, f := range facts {
		std.Encode(f)
		if err := fast.Encode(f); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		w, g := bytes.Split(want.Bytes(), []byte("\n")), bytes.Split(got.Bytes(), []byte("\n"))
		for i := range w {
			if i >= len(g) || !bytes.Equal(w[i], g[i]) {
				t.Fatalf("fact %d prints\n%s\nwant\n%s", i, g[min(i, len(g)-1)], w[i])
			}
		}
	}
}
