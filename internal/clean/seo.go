package clean

import (
	"strings"
	"unicode/utf8"
)

// maxKeywordLine is the longest removed line, in bytes, searched for a
// page keyword: keyword boxes, titles and forum questions are short.
const maxKeywordLine = 300

// placeSuffixes end the names of places that spam sites glue keywords to.
const placeSuffixes = "省市区县旗州盟镇"

// notPlaces are words that end in a place suffix without naming a place:
// 地区生产总值 is no keyword glued to a place.
var notPlaces = []string{"地区", "社区", "园区", "城区", "小区", "景区", "山区", "市区", "辖区", "街区", "片区", "城市", "都市", "城镇", "乡镇", "集镇", "村镇", "全省", "全市", "全区", "全县", "全州", "各省", "各市", "各区", "各县", "本市", "本区", "本县", "我省", "我市", "我区", "我县", "跨省", "跨市", "跨区", "外省", "外市"}

// placeEnd tells a place suffix that ends s: 亭湖区 does, 地区 does not.
func placeEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	if !strings.ContainsRune(placeSuffixes, r) {
		return false
	}
	for _, w := range notPlaces {
		if strings.HasSuffix(s, w) {
			return false
		}
	}
	return true
}

// regionFollowers open words that legitimately follow a place name.
var regionFollowers = []string{"人民", "政府", "委", "人大", "政协", "党", "第", "经济", "发展", "全体"}

// dropSEO removes a phrase that a spam site injects after place names. A
// phrase qualifies when the page's own furniture (the removed lines: its
// keyword box, its title, its forum question) shows it glued to a place
// name, and in the report every one of its at least two occurrences is
// glued to a place name too: 亭湖区干部最新任免人民政府 → 亭湖区人民政府.
func dropSEO(lines []Text, removed []Text, sum summary) []Text {
	// The body is joined only when a phrase of the furniture may be one.
	var joined string
	text := func() string {
		if joined == "" {
			n := 0
			for _, l := range lines {
				n += len(l.s) + 1
			}
			var body strings.Builder
			body.Grow(n)
			for _, l := range lines {
				body.WriteString(l.s)
				body.WriteByte('\n')
			}
			joined = body.String()
		}
		return joined
	}
	var phrases []string
	for _, r := range removed {
		if len(r.s) > maxKeywordLine {
			continue
		}
		rs := []rune(r.s)
		for i := 1; i < len(rs); i++ {
			if !placeEnd(string(rs[max(0, i-3):i])) {
				continue
			}
			for n := min(10, len(rs)-i); n >= 4; n-- {
				p := string(rs[i : i+n])
				if !allHan(p) || hasAnyPrefix(p, regionFollowers) {
					continue
				}
				if glued, total := countGlued(text(), p); glued >= 2 && glued == total {
					phrases = append(phrases, p)
					break
				}
			}
		}
	}
	phrases = innermost(phrases)
	if len(phrases) == 0 {
		return lines
	}
	out := make([]Text, 0, len(lines))
	for _, l := range lines {
		for _, p := range phrases {
			l = cutGlued(l, p, sum)
		}
		if l.Len() > 0 {
			out = append(out, l)
		}
	}
	return out
}

func allHan(s string) bool {
	for _, r := range s {
		if !isHan(r) {
			return false
		}
	}
	return true
}

func hasAnyPrefix(s string, list []string) bool {
	for _, p := range list {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// countGlued counts occurrences of p in s, and those right after a place
// suffix.
func countGlued(s, p string) (glued, total int) {
	for i := 0; ; {
		k := strings.Index(s[i:], p)
		if k < 0 {
			return
		}
		k += i
		total++
		if placeEnd(s[:k]) {
			glued++
		}
		i = k + len(p)
	}
}

func cutGlued(l Text, p string, sum summary) Text {
	if !strings.Contains(l.s, p) {
		return l
	}
	var b Builder
	b.Grow(l.Len())
	last := 0
	for i := 0; ; {
		k := strings.Index(l.s[i:], p)
		if k < 0 {
			break
		}
		k += i
		if placeEnd(l.s[:k]) {
			b.WriteText(l.Slice(last, k))
			last = k + len(p)
			sum.remove("SEO phrase", 1)
		}
		i = k + len(p)
	}
	b.WriteText(l.Slice(last, l.Len()))
	return b.Text()
}

// innermost drops a candidate that is a place name plus another candidate
// (亭湖区干部最新任免 beside 干部最新任免): the place name belongs.
func innermost(ps []string) []string {
	var out []string
	for _, p := range ps {
		keep := true
		for _, q := range ps {
			if len(q) < len(p) && strings.HasSuffix(p, q) {
				if placeEnd(strings.TrimSuffix(p, q)) {
					keep = false
				}
			}
		}
		if keep {
			out = append(out, p)
		}
	}
	return out
}
