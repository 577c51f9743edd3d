package identify

import (
	_ "embed"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

// namesIn returns the division names found in s, longest match first at
// each position, in order of appearance.
func namesIn(s string, d *divisions) []string {
	return scanNames(s, d.byFirst, func(name string) []string { return []string{name} })
}

// scanNames walks s and, at each position, takes the longest of the names
// starting with its character (byFirst, longest first); expand turns the
// name found into the names it stands for.
func scanNames(s string, byFirst map[rune][]string, expand func(string) []string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		hit := ""
		for _, name := range byFirst[r] {
			if strings.HasPrefix(s[i:], name) {
				hit = name
				break
			}
		}
		if hit != "" {
			out = append(out, expand(hit)...)
			i += len(hit)
			continue
		}
		i += n
	}
	return out
}

func depth(d Division) int {
	switch d.Rank {
	case "省级":
		return 1
	case "地级":
		return 2
	}
	return 3
}

// regionKey is a line that names the report's own place, with the name
// of its kind (title, delivery, opening).
type regionKey struct{ source, text string }

// resolveRegion picks the division a report speaks for. Places named in
// the key lines (title, delivery, speaker) count, written in full or
// without their suffix (新疆, 龙游); failing those, the places the text
// names most, then the masthead cleaning removed. Among the candidates
// the most specific wins, and a name shared by several places (普陀区 in
// 上海市 and in 舟山市) goes to the one whose parents the text names. A
// code valid in the year of delivery comes first, so a retired code
// keeps its year. own is the name a delivery or title line gives its
// place (陇县), suffix the level the speaker names (我代表旗人民政府).
func resolveRegion(keys []regionKey, text, masthead, own, suffix string, year int) (Division, string, bool) {
	d := divisionData()
	fold := variantFolder()
	for i := range keys {
		keys[i].text = fold.Replace(keys[i].text)
	}
	masthead, own = fold.Replace(masthead), fold.Replace(own)
	if len(text) > maxIdentityText {
		text = text[:maxIdentityText] // what names the place stands at the start
		for len(text) > 0 && !utf8.RuneStart(text[len(text)-1]) {
			text = text[:len(text)-1]
		}
	}
	if hasVariant(text[:min(len(text), 9000)]) {
		text = fold.Replace(text) // rare: most texts hold no variant, and stay uncopied
	}
	var names []string
	source := ""
	for _, k := range keys {
		names = namesIn(k.text, d)
		if own != "" && len(d.byName[own]) > 0 && strings.Contains(k.text, own) && !slices.Contains(names, own) {
			names = append(names, own)
		}
		if len(names) == 0 && k.source != "opening" && reOwnLine.MatchString(k.text) {
			names = shortNamesIn(k.text, d) // 2022年新疆政府工作报告
		}
		if len(names) > 0 {
			source = k.source
			break
		}
	}
	fallback := false
	if len(names) == 0 {
		head := text
		if len(head) > 9000 {
			head = head[:9000]
		}
		found := namesIn(head, d)
		if names = frequentNames(found, 2); len(names) == 0 {
			names = frequentNames(found, 1)
		}
		if len(names) == 0 {
			names = frequentNames(provinces(shortNamesIn(head, d)), 2)
		}
		source, fallback = "frequency", true
	}
	// The speaker names the level (我代表省人民政府): when no candidate is
	// of that level, the places of that level the opening names are.
	if suffix != "" && !slices.ContainsFunc(names, func(n string) bool { return fitsSuffix(n, suffix) }) {
		head := text[:min(len(text), 9000)]
		for _, n := range append(namesIn(head, d), provinces(shortNamesIn(head, d))...) {
			if fitsSuffix(n, suffix) && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 && masthead != "" {
		if names = namesIn(masthead, d); len(names) == 0 {
			names = shortNamesIn(masthead, d)
		}
		source, fallback = "masthead", true
	}
	if len(names) == 0 {
		return Division{}, "", false
	}
	mentioned := map[string]bool{}
	for _, n := range names {
		mentioned[shortName(n)] = true
	}
	best, bestScore := -1, -1
	for _, n := range names {
		for _, i := range d.byName[n] {
			div := d.all[i]
			if year != 0 && !div.ValidIn(year) && !div.ValidIn(year-1) {
				continue // the name did not stand for this place that year
			}
			score := depth(div) * 100
			if p := div.Prefecture; p != "" && p != "直辖" && mentioned[shortName(p)] {
				score += 60
			}
			if mentioned[shortName(div.Province)] {
				score += 40
			}
			if div.ValidIn(year) {
				score += 300
			}
			ctx := strings.Count(text, shortName(div.Province))
			if p := div.Prefecture; p != "" && p != "直辖" {
				ctx += strings.Count(text, shortName(p))
			}
			score += min(ctx, 29)
			fits := suffix != "" && (fitsSuffix(div.Name, suffix) || suffix == "自治区" && div.Rank == "省级")
			if fits {
				score += 200
			}
			if fallback && depth(div) == 3 && !mentioned[shortName(div.Prefecture)] && !fits {
				score -= 150 // a lone county-level name in the body is weak
			}
			if score > bestScore {
				best, bestScore = i, score
			}
		}
	}
	if best < 0 {
		return Division{}, "", false
	}
	return d.all[best], source, true
}

// fitsSuffix tells a place of the level a speaker names: 省 a province,
// 自治区 an autonomous region, 旗 a banner.
func fitsSuffix(name, suffix string) bool {
	return strings.HasSuffix(name, suffix) || suffix == "自治区" && strings.HasSuffix(name, "自治区")
}

//go:embed data/variants.tsv
var variantsTSV string

// Variant is one row of data/variants.tsv.
type Variant struct{ Variant, Standard, Example string }

// Variants returns the variant characters folded before a name is looked up.
var Variants = sync.OnceValue(func() []Variant {
	var out []Variant
	for _, f := range report.DataRows(variantsTSV) {
		out = append(out, Variant{f[0], f[1], f[2]})
	}
	return out
})

// maxIdentityText bounds the part of a text whose place names are counted.
const maxIdentityText = 16000

// hasVariant tells a text that holds one of the variant characters.
func hasVariant(s string) bool {
	for _, v := range Variants() {
		if strings.Contains(s, v.Variant) {
			return true
		}
	}
	return false
}

var variantFolder = sync.OnceValue(func() *strings.Replacer {
	var pairs []string
	for _, v := range Variants() {
		pairs = append(pairs, v.Variant, v.Standard)
	}
	return strings.NewReplacer(pairs...)
})

// reOwnLine is a line in which a place names itself.
var reOwnLine = regexp.MustCompile(`政府|工作报告|人民代表大会|人大`)

// provinces keeps the names of provinces.
func provinces(names []string) []string {
	d := divisionData()
	var out []string
	for _, n := range names {
		for _, i := range d.byName[n] {
			if d.all[i].Rank == "省级" {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// shortNamesIn returns the full names of the divisions whose names
// without their suffix (新疆 for 新疆维吾尔自治区) s holds, longest match
// first at each position.
func shortNamesIn(s string, d *divisions) []string {
	return scanNames(s, d.shortByFirst, func(short string) []string { return d.byShort[short] })
}

// frequentNames keeps names met at least k times, most frequent first.
func frequentNames(names []string, k int) []string {
	count := map[string]int{}
	for _, n := range names {
		count[n]++
	}
	var out []string
	for n, c := range count {
		if c >= k {
			out = append(out, n)
		}
	}
	return out
}
