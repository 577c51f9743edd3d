package extract

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// chineseDigits maps the digits of Chinese numerals, both ordinary and the
// financial (大写) forms.
var chineseDigits = map[rune]int{
	'零': 0, '〇': 0, '○': 0, 'Ｏ': 0,
	'一': 1, '壹': 1, '幺': 1,
	'二': 2, '两': 2, '贰': 2, '貳': 2, '兩': 2,
	'三': 3, '叁': 3, '參': 3,
	'四': 4, '肆': 4,
	'五': 5, '伍': 5,
	'六': 6, '陆': 6, '陸': 6,
	'七': 7, '柒': 7,
	'八': 8, '捌': 8,
	'九': 9, '玖': 9,
}

// chineseUnits are the in-number place values.
var chineseUnits = map[rune]float64{'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000}

// chineseBig are the section multipliers.
var chineseBig = map[rune]float64{'万': 1e4, '萬': 1e4, '亿': 1e8, '億': 1e8}

func isChineseNumeralRune(r rune) bool {
	_, d := chineseDigits[r]
	_, u := chineseUnits[r]
	_, b := chineseBig[r]
	return d || u || b || r == '点' || r == '點'
}

// ParseChinese reads a whole Chinese numeral: 三, 十五, 一百二十, 两万三千,
// 二〇一九 (digit by digit), 三点五, 一千零五. It reports false when s is
// not one.
func ParseChinese(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	intPart, frac, hasPoint := s, "", false
	if i := strings.IndexAny(s, "点點"); i >= 0 {
		intPart, frac, hasPoint = s[:i], s[i+len("点"):], true
		if frac == "" {
			return 0, false
		}
	}
	v, ok := parseChineseInt(intPart)
	if !ok {
		return 0, false
	}
	if hasPoint {
		digits := ""
		for _, r := range frac {
			d, isD := chineseDigits[r]
			if !isD {
				return 0, false
			}
			digits += strconv.Itoa(d)
		}
		f, _ := strconv.ParseFloat("0."+digits, 64)
		v += f
	}
	return v, true
}

func parseChineseInt(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	// Digit by digit (二〇一九) when there is no place value at all.
	plain := true
	for _, r := range s {
		if _, ok := chineseDigits[r]; !ok {
			plain = false
			break
		}
	}
	if plain && utf8.RuneCountInString(s) > 1 {
		v := 0.0
		for _, r := range s {
			v = v*10 + float64(chineseDigits[r])
		}
		return v, true
	}
	// Place values. A digit right after a place value, with no 零 between,
	// is abbreviated: 一万三 = 13000, 九百九 = 990.
	var total, section, digit, maxBig, lastPlace, secPlace float64
	seenDigit, afterPlace, zero, chineseDigit := false, false, false, false
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r >= '0' && r <= '9':
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			v, _ := strconv.ParseFloat(string(rs[i:j]), 64)
			i = j - 1
			digit, seenDigit, chineseDigit = v, true, false
		case isDigitRune(r):
			digit = float64(chineseDigits[r])
			seenDigit, chineseDigit = true, true
			if digit == 0 {
				afterPlace, zero = false, true
				continue
			}
		case chineseUnits[r] > 0:
			if secPlace != 0 && chineseUnits[r] >= secPlace {
				return 0, false // 七十百: place values fall within a section
			}
			secPlace = chineseUnits[r]
			if !seenDigit || zero && digit == 0 {
				digit = 1 // 十五 = 15; 一万零十二 = 10012
			}
			zero = false
			section += digit * chineseUnits[r]
			digit, seenDigit = 0, false
			lastPlace, afterPlace = chineseUnits[r], true
			continue
		case chineseBig[r] > 0 || r == '兆':
			b := chineseBig[r]
			if r == '兆' {
				b = 1e12
			}
			sec := section + digit
			if sec == 0 && total == 0 && !zero {
				sec = 1 // 万分之三: a multiplier alone is one of it
			}
			switch {
			case sec == 0 && total > 0:
				total *= b // 四万万
			case b >= maxBig:
				total = (total + sec) * b
			default:
				total += sec * b
			}
			maxBig = max(maxBig, b)
			section, digit, seenDigit, zero, secPlace = 0, 0, false, false, 0
			lastPlace, afterPlace = b, true
			continue
		default:
			return 0, false
		}
		zero = false
		if afterPlace && seenDigit && chineseDigit && i == len(rs)-1 && lastPlace >= 100 {
			digit *= lastPlace / 10
		}
		afterPlace = false
	}
	return total + section + digit, true
}

func isDigitRune(r rune) bool { _, ok := chineseDigits[r]; return ok }

// ParseArabic reads 1,234.5 or 37.12; thousands separators must group by
// three.
func ParseArabic(s string) (float64, bool) {
	if strings.Contains(s, ",") {
		parts := strings.Split(strings.SplitN(s, ".", 2)[0], ",")
		for i, p := range parts {
			if (i > 0 && len(p) != 3) || p == "" {
				return 0, false
			}
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// ParseNumber reads a number as reports write it: Arabic, Chinese, or
// mixed with a multiplier (1.2万, 3千万, 两万三千, 5万4千6百), negative with
// 负 or -, approximate with 余/多/几 (read as the round number).
func ParseNumber(s string) (float64, bool) {
	s = approx.Replace(foldNumerals(foldWidth(strings.TrimSpace(s))))
	neg := false
	if r, n := utf8.DecodeRuneInString(s); r == '负' || r == '-' {
		neg, s = true, s[n:]
	}
	v, ok := parseNumber(s)
	if neg {
		v = -v
	}
	return v, ok
}

var approx = strings.NewReplacer(" ", "", "余", "", "多", "", "几", "", "幾", "", "倆", "两")

// foldNumerals maps the traditional forms of numeral characters onto the
// simplified ones, rune for rune, so that offsets do not move.
func foldNumerals(s string) string {
	if utf8.ValidString(s) {
		return strings.Map(foldNumeral, s)
	}
	// strings.Map would widen invalid bytes to U+FFFD; keep them as they are.
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteByte(s[i])
		} else {
			b.WriteRune(foldNumeral(r))
		}
		i += n
	}
	return b.String()
}

func foldNumeral(r rune) rune {
	{
		switch r {
		case '萬':
			return '万'
		case '億':
			return '亿'
		case '個':
			return '个'
		case '點':
			return '点'
		case '負':
			return '负'
		case '幾':
			return '几'
		case '兩', '倆':
			return '两'
		}
		return r
	}
}

func parseNumber(s string) (float64, bool) {
	if v, ok := ParseArabic(s); ok {
		return v, true
	}
	if v, ok := ParseChinese(s); ok {
		return v, true
	}
	// Arabic with Chinese multipliers: 1.2万, 37亿, 3千万, 1.5万亿.
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
		i++
	}
	if i == 0 {
		return 0, false
	}
	v, ok := ParseArabic(s[:i])
	if !ok {
		return 0, false
	}
	m, ok := multiplier(s[i:])
	if !ok {
		return 0, false
	}
	return v * m, true
}

// multiplier reads a run of 十/百/千/万/亿 as one factor: 千万 = 1e7.
func multiplier(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	m := 1.0
	for _, r := range s {
		switch {
		case chineseUnits[r] > 0:
			m *= chineseUnits[r]
		case chineseBig[r] > 0:
			m *= chineseBig[r]
		default:
			return 0, false
		}
	}
	return m, true
}

// foldWidth turns full-width digits and signs into ASCII, rune for rune.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '．':
			return '.'
		case r == '％':
			return '%'
		case r == '，':
			return r
		}
		return r
	}, s)
}
