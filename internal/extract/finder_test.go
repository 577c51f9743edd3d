package extract

import (
	"encoding/json"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// finderSkips are the forms of the Recognizers-Text suites that work
// reports do not write, each with the reason; a case is skipped when its
// expected text matches.
var finderSkips = []struct {
	re  *regexp.Regexp
	why string
}{
	{regexp.MustCompile(`[打双雙对對]`), "dozens and pairs (一打, 三双)"},
	{regexp.MustCompile(`折`), "discounts (打对折, 9.9折)"},
	{regexp.MustCompile(`半`), "halves (半百, 半成)"},
	{regexp.MustCompile(`\d\s*[kKmMＫ]|[kK]$`), "Latin magnitude suffixes (40k, 2.5 M)"},
	{regexp.MustCompile(`[eE^]`), "scientific notation and powers (2e5, 2^5)"},
	{regexp.MustCompile(`又`), "mixed fractions (三百五又三分之一)"},
	{regexp.MustCompile(`[/／]`), "slash fractions (3/5)"},
	{regexp.MustCompile(`^[-－]?\.|\.\.\.|－－`), "decimals without a leading zero and repeated signs (.5, －－9)"},
	{regexp.MustCompile(`[负負-].*分之[负負]`), "signed fractions (负3分之负一百五十七)"},
	{regexp.MustCompile(`第`), "ordinals (第零十)"},
	{regexp.MustCompile(`成\s+\S`), "tenths followed by a further digit (七成 六)"},
}

// glued tells a bare Chinese numeral that the input writes inside words
// (这是五台山, 前三的品牌): the reader leaves such numerals to the word,
// as it must for 一是, 一批 and 十三五.
func glued(input, text string) bool {
	for _, r := range text {
		if !isChineseNumeralRune(r) && r != ' ' {
			return false
		}
	}
	i := strings.Index(input, text)
	if i < 0 {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(input[:i])
	rest := input[i+len(text):]
	after, _ := utf8.DecodeRuneInString(rest)
	if u, _ := units().match(foldNumerals(rest)); u != "" || strings.HasPrefix(rest, "个百分点") || after == '多' || after == '余' {
		return false // a unit or an approximation follows: 十斤, 四百多
	}
	return isHan(before) && !strings.ContainsRune("负負之", before) || isHan(after)
}

// TestRecognizersFinder runs the single-result number and percent cases of
// microsoft/Recognizers-Text as a finder over each whole input, as
// `baogao quantities` reads a line: a case passes when a quantity of the
// expected value is found.
func TestRecognizersFinder(t *testing.T) {
	run, pass := 0, 0
	skipped := map[string]int{}
	for _, file := range []string{"testdata/NumberModel.json", "testdata/PercentModel.json"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var cases []recognizerCase
		if err := json.Unmarshal(raw, &cases); err != nil {
			t.Fatal(err)
		}
		percent := strings.Contains(file, "Percent")
		for _, c := range cases {
			if len(c.Results) != 1 {
				continue
			}
			r := c.Results[0]
			want, err := strconv.ParseFloat(strings.TrimSuffix(r.Resolution.Value, "%"), 64)
			if err != nil {
				skipped["value not a number"]++
				continue
			}
			why := ""
			for _, s := range finderSkips {
				if s.re.MatchString(r.Text) {
					why = s.why
					break
				}
			}
			if why == "" && glued(c.Input, r.Text) {
				why = "numerals inside words (五台山, 前三的)"
			}
			if why != "" {
				skipped[why]++
				continue
			}
			run++
			if found(Quantities(c.Input), want, percent) {
				pass++
			} else {
				t.Logf("%q: no %v in %+v", c.Input, want, Quantities(c.Input))
			}
		}
	}
	total := 0
	for _, n := range skipped {
		total += n
	}
	t.Logf("Recognizers-Text finder: %d of %d applicable cases pass; %d skipped: %v", pass, run, total, skipped)
	if run < 300 || pass*100 < run*95 {
		t.Errorf("%d of %d pass, want at least 95%% of at least 300", pass, run)
	}
}

// found tells whether qs hold a quantity of value want: a number's value,
// a percentage (a fraction or a per-mille read as one), or a range's end.
func found(qs []Quantity, want float64, percent bool) bool {
	eq := func(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }
	for _, q := range qs {
		switch {
		case q.Kind == Fraction && percent:
			if eq(q.Value*100, want) {
				return true
			}
		case q.Unit == "‰":
			if eq(q.Written/10, want) {
				return true
			}
		case q.Low != nil && (eq(*q.Low, want) || eq(*q.High, want)):
			return true
		}
		if eq(q.Value, want) || eq(q.Written, want) {
			return true
		}
	}
	return false
}
