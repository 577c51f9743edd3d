package identify

import (
	"strings"
	"unicode/utf8"
)

// namesIn returns the division names found in s, longest match first at
// each position, in order of appearance.
func namesIn(s string, d *divisions) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		hit := ""
		for _, name := range d.byFirst[r] {
			if strings.HasPrefix(s[i:], name) {
				hit = name
				break
			}
		}
		if hit != "" {
			out = append(out, hit)
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

// resolveRegion picks the division a report speaks for. Places named in
// the key lines (title, delivery, speaker) count; among them the most
// specific wins, and a name shared by several places (普陀区 in 上海市 and
// in 舟山市) goes to the one whose parents the text names. A code valid
// in the year of delivery comes first, so a retired code keeps its year.
func resolveRegion(keys []string, text string, year int) (Division, bool) {
	d := divisionData()
	var names []string
	for _, k := range keys {
		if names = namesIn(k, d); len(names) > 0 {
			break
		}
	}
	fallback := false
	if len(names) == 0 {
		head := text
		if len(head) > 9000 {
			head = head[:9000]
		}
		names = frequentNames(namesIn(head, d), 3)
		fallback = true
	}
	if len(names) == 0 {
		return Division{}, false
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
			if fallback && depth(div) == 3 && !mentioned[shortName(div.Prefecture)] {
				score -= 150 // a lone county-level name in the body is weak
			}
			if score > bestScore {
				best, bestScore = i, score
			}
		}
	}
	if best < 0 {
		return Division{}, false
	}
	return d.all[best], true
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
