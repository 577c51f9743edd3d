package extract

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/evaluate"
	"github.com/baogao/baogao/internal/report"
)

type quantityCase struct {
	In        string   `json:"in"`
	Text      string   `json:"text"`
	Kind      string   `json:"kind"`
	Value     float64  `json:"value"`
	Unit      string   `json:"unit"`
	Base      string   `json:"base"`
	Low       *float64 `json:"low"`
	High      *float64 `json:"high"`
	Qualifier string   `json:"qualifier"`
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestQuantities runs testdata/quantities.json: each phrase must hold a
// quantity with the given text, kind, scaled value, units and qualifier.
func TestQuantities(t *testing.T) {
	raw, err := os.ReadFile("testdata/quantities.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []quantityCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.In, func(t *testing.T) {
			qs := Quantities(c.In)
			var got *Quantity
			for i := range qs {
				if qs[i].Text == c.Text {
					got = &qs[i]
				}
			}
			if got == nil {
				t.Fatalf("no quantity %q in %+v", c.Text, qs)
			}
			if string(got.Kind) != c.Kind || got.Unit != c.Unit || got.Qualifier != c.Qualifier || (c.Base != "" && got.Base != c.Base) {
				t.Errorf("got kind %s unit %q base %q qualifier %q; want %s %q %q %q", got.Kind, got.Unit, got.Base, got.Qualifier, c.Kind, c.Unit, c.Base, c.Qualifier)
			}
			if c.Low != nil {
				if got.Low == nil || !near(*got.Low, *c.Low) || !near(*got.High, *c.High) {
					t.Errorf("range %v—%v, want %v—%v", got.Low, got.High, *c.Low, *c.High)
				}
			} else if !near(got.Value, c.Value) {
				t.Errorf("value %v, want %v", got.Value, c.Value)
			}
			if c.In[got.Start:got.End] != got.Text {
				t.Errorf("offsets [%d,%d) do not hold %q", got.Start, got.End, got.Text)
			}
		})
	}
}

func TestNotQuantities(t *testing.T) {
	raw, _ := os.ReadFile("testdata/not_quantities.txt")
	for _, l := range strings.Split(string(raw), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if qs := Quantities(l); len(qs) > 0 {
			t.Errorf("%q: found %+v", l, qs)
		}
	}
}

func goldFacts(t *testing.T, name string) []report.Fact {
	facts, err := evaluate.ReadGoldFile(filepath.Join("../../../shared/gold", name))
	if err != nil {
		t.Fatal(err)
	}
	return facts
}

// TestGoldQuotes reads every gold quote of the seeds and the corpus: each
// number the gold states must be among the quantities read in the quote.
func TestGoldQuotes(t *testing.T) {
	var n, ok int
	var failures []string
	for _, file := range []string{"seeds.jsonl", "corpus.jsonl"} {
		for _, g := range goldFacts(t, file) {
			if !evaluate.Scorable(g) {
				continue
			}
			n++
			if quoteHolds(g) {
				ok++
			} else {
				failures = append(failures, fmt.Sprintf("%s %s", g.Quote, numbersText(g)))
			}
		}
	}
	t.Logf("gold quotes read: %d of %d", ok, n)
	for _, f := range failures {
		t.Log("  not read: " + f)
	}
	if ok*100 < n*97 {
		t.Errorf("only %d of %d gold quotes read right", ok, n)
	}
}

func numbersText(g report.Fact) string {
	var p []string
	for name, v := range map[string]*float64{"value": g.Value, "growth": g.Growth, "pp": g.ChangePP, "low": g.Low, "high": g.High} {
		if v != nil {
			p = append(p, name+"="+strconv.FormatFloat(*v, 'g', -1, 64))
		}
	}
	return strings.Join(p, " ")
}

func quoteHolds(g report.Fact) bool {
	qs := Quantities(g.Quote)
	has := func(pred func(q Quantity) bool) bool {
		for _, q := range qs {
			if pred(q) {
				return true
			}
		}
		return false
	}
	scale := 1.0
	if g.Unit != nil {
		scale = unitPrefix(*g.Unit)
	}
	if g.Value != nil && !has(func(q Quantity) bool {
		return near(q.Written*unitPrefix(q.Unit), *g.Value*scale) || q.High != nil && near(*q.High, *g.Value)
	}) {
		return false
	}
	for _, v := range []*float64{g.Growth, g.ChangePP} {
		if v != nil && !has(func(q Quantity) bool { return near(math.Abs(q.Written), math.Abs(*v)) }) {
			return false
		}
	}
	if g.Low != nil && !has(func(q Quantity) bool {
		return q.Low != nil && near(math.Abs(*q.Low), math.Abs(*g.Low)) && near(math.Abs(*q.High), math.Abs(*g.High))
	}) {
		return false
	}
	return true
}

func unitPrefix(u string) float64 {
	m, _ := report.UnitScale(u)
	return m
}

type recognizerCase struct {
	Input   string `json:"Input"`
	Results []struct {
		Text       string `json:"Text"`
		TypeName   string `json:"TypeName"`
		Resolution struct {
			Value string `json:"value"`
		} `json:"Resolution"`
	} `json:"Results"`
}

// recognizerSkips names the forms of microsoft/Recognizers-Text that work
// reports do not write, and why they are left out.
var recognizerSkips = []struct{ marker, why string }{
	{"打", "dozens (一打, 五十打)"},
	{"半", "halves (半百, 一半)"},
	{"k", "Latin magnitude suffixes (40k)"},
	{"K", "Latin magnitude suffixes (15K)"},
	{"Ｋ", "Latin magnitude suffixes (15Ｋ)"},
	{"m", "Latin magnitude suffixes (2.5 m)"},
	{" ", "numerals spaced out character by character"},
	{"又", "mixed fractions (三百五又三分之一)"},
	{"对", "pairs and 对折-style discounts"},
	{"折", "discounts (打对折, 陆点五折), not percentages in reports"},
	{"成", "tenths (三成)"},
	{"第", "ordinals"},
	{"分之", "fractions are their own kind here, not numbers"},
	{"/", "slash fractions (1/3)"},
	{"e", "scientific notation"},
	{"E", "scientific notation"},
	{"^", "powers"},
	{"个", "counting words the suite folds into numbers"},
}

func skipReason(text string) string {
	for _, s := range recognizerSkips {
		if strings.Contains(text, s.marker) {
			return s.why
		}
	}
	return ""
}

// TestRecognizersNumbers runs the number cases of Recognizers-Text through
// ParseNumber: each recognised text must read to its value.
func TestRecognizersNumbers(t *testing.T) {
	raw, err := os.ReadFile("testdata/NumberModel.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []recognizerCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	var run, pass int
	skipped := map[string]int{}
	for _, c := range cases {
		for _, r := range c.Results {
			if r.TypeName != "number" {
				skipped["not a plain number ("+r.TypeName+")"]++
				continue
			}
			want, err := strconv.ParseFloat(r.Resolution.Value, 64)
			if err != nil {
				skipped["value not a number"]++
				continue
			}
			if why := skipReason(r.Text); why != "" {
				skipped[why]++
				continue
			}
			run++
			got, ok := ParseNumber(r.Text)
			if ok && near(got, want) {
				pass++
			} else {
				t.Logf("%q in %q: got %v (%v), want %v", r.Text, c.Input, got, ok, want)
			}
		}
	}
	t.Logf("Recognizers-Text numbers: %d of %d applicable cases pass; skipped %v", pass, run, skipped)
	if run < 250 || pass*100 < run*98 {
		t.Errorf("%d of %d pass, want at least 98%% of at least 250", pass, run)
	}
}

// TestRecognizersPercent runs the percent cases: the reader must find a
// percent of the given value in the input.
func TestRecognizersPercent(t *testing.T) {
	raw, err := os.ReadFile("testdata/PercentModel.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []recognizerCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	var run, pass int
	skipped := map[string]int{}
	for _, c := range cases {
		for _, r := range c.Results {
			want, err := strconv.ParseFloat(strings.TrimSuffix(r.Resolution.Value, "%"), 64)
			if err != nil {
				skipped["value not a number"]++
				continue
			}
			if why := skipReason(strings.NewReplacer("百分之", "", "个百分点", "", "個百分點", "", "百分点", "").Replace(r.Text)); why != "" {
				skipped[why]++
				continue
			}
			if strings.Contains(r.Text, "千分之") || strings.Contains(r.Text, "‰") {
				skipped["per mille"]++
				continue
			}
			run++
			found := false
			for _, q := range Quantities(c.Input) {
				if (q.Kind == Percent || q.Kind == Points) && near(q.Value, want) ||
					q.Kind == Range && q.Unit == "%" && (near(*q.Low, want) || near(*q.High, want)) {
					found = true
				}
			}
			if found {
				pass++
			} else {
				t.Logf("%q: no percent %v in %+v", c.Input, want, Quantities(c.Input))
			}
		}
	}
	t.Logf("Recognizers-Text percent: %d of %d applicable cases pass; skipped %v", pass, run, skipped)
	if run < 40 || pass*100 < run*85 {
		t.Errorf("%d of %d pass, want at least 85%% of at least 40", pass, run)
	}
}
