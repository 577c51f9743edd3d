package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/segment"
)

var (
	// "首违不罚"：对情节… / “四个一”机制：指… / 慧眼工程：在…
	reGlossEntry = regexp.MustCompile(`^(?:\d+[、.．]\s*)?([“"]?[^：:。，]{1,24}?[”"]?[^：:。，]{0,8})[：:](.+)$`)
	// 1.“四上”企业： with its definition on the next line.
	reGlossHead = regexp.MustCompile(`^(?:\d+[、.．]\s*)?([^：:。，]{1,32})[：:]$`)
	reQuotedIn  = regexp.MustCompile(`[“"]([^”"]{1,12})[”"]`)
	rePlanName  = regexp.MustCompile(`^十[一二三四五六七八九]五$`)
	// A quoted slogan built on numbers: “两进两回”, “三严三实”, “263”.
	unquote = strings.NewReplacer("“", "", "”", "", "\"", "")
)

const numeralRunes = "0123456789一二两三四五六七八九十百千万双"

// Glossary reads the glossary (名词解释) of a report and the quoted
// slogans of its body, each with its definition where the report gives
// one and its span in the text.
func Glossary(text string, secs []report.Section) []report.Term {
	var terms []report.Term
	defined := map[string]int{}
	for _, s := range secs {
		if s.Kind != segment.Glossary {
			continue
		}
		pos := s.Start
		lines := strings.Split(text[s.Start:s.End], "\n")
		for i, line := range lines {
			term, def, end := "", "", pos+len(line)
			if m := reGlossEntry.FindStringSubmatchIndex(line); m != nil && utf8.RuneCountInString(line) > 6 {
				term = strings.TrimSpace(line[m[2]:m[3]])
				def = strings.TrimSpace(line[m[4]:m[5]])
			} else if m := reGlossHead.FindStringSubmatch(line); m != nil && i+1 < len(lines) && !segmentHeading(line) {
				term, def = strings.TrimSpace(m[1]), strings.TrimSpace(lines[i+1])
				end += 1 + len(lines[i+1])
			}
			if term != "" && def != "" && !segmentHeading(line) {
				k := len(terms)
				defined[unquote.Replace(term)] = k
				// The quoted name inside (“四上”企业) is the term the body quotes.
				for _, q := range reQuotedIn.FindAllStringSubmatch(term, -1) {
					if _, ok := defined[q[1]]; !ok {
						defined[q[1]] = k
					}
				}
				terms = append(terms, report.Term{Term: unquote.Replace(term), Definition: def, Kind: "glossary", Start: pos, End: end})
			}
			pos += len(line) + 1
		}
	}
	seen := map[string]bool{}
	for _, m := range quoted(text) {
		slogan := text[m[2]:m[3]]
		if seen[slogan] || !strings.ContainsAny(slogan, numeralRunes) || strings.ContainsAny(slogan, "，。；") || onlyNumerals(slogan) {
			continue
		}
		if k, ok := defined[slogan]; ok {
			if terms[k].Kind == "glossary" {
				terms[k].Kind = "slogan"
			}
			seen[slogan] = true
			continue
		}
		seen[slogan] = true
		terms = append(terms, report.Term{Term: slogan, Kind: "slogan", Start: m[0], End: m[1]})
	}
	return terms
}

// onlyNumerals tells a quoted number (“1310”, “九五”), which names no
// term; the five-year plans (“十四五”) do.
func onlyNumerals(s string) bool {
	if rePlanName.MatchString(s) {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune(numeralRunes, r) || r == '双' {
			return false
		}
	}
	return true
}

func segmentHeading(line string) bool {
	return strings.HasPrefix(line, "名词解释") || strings.HasPrefix(line, "注释")
}

// quoted finds “short quoted names” (2 to 12 characters): the spans of the
// whole quote and of its inside, as regexp's submatch indexes would be.
func quoted(text string) [][4]int {
	var out [][4]int
	for i := 0; i < len(text); {
		// Two fast searches beat IndexAny, which walks runes for “.
		k := strings.Index(text[i:], "“")
		if a := strings.IndexByte(text[i:], '"'); a >= 0 && (k < 0 || a < k) {
			k = a
		}
		if k < 0 {
			break
		}
		open := i + k
		_, n := utf8.DecodeRuneInString(text[open:])
		in := open + n
		j, runes, next := in, 0, in
		for j < len(text) && runes <= 12 {
			r, m := utf8.DecodeRuneInString(text[j:])
			if r == '”' || r == '"' {
				if runes >= 2 {
					out = append(out, [4]int{open, j + m, in, j})
					next = j + m // an ASCII closing quote opens nothing
				}
				break
			}
			if r == '“' || r == '\n' {
				break
			}
			j += m
			runes++
		}
		i = next
	}
	return out
}
