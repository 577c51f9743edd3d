package extract

import (
	_ "embed"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

// QuantityKind says how a quantity is written.
type QuantityKind string

// Kinds of quantity.
const (
	Number   QuantityKind = "number"   // 950亿元, 3000名
	Percent  QuantityKind = "percent"  // 7.5%, 百分之八
	Points   QuantityKind = "points"   // 1.2个百分点
	Range    QuantityKind = "range"    // 6-6.5%, 6至6.5%
	FromTo   QuantityKind = "from_to"  // 从193亿元增长到560亿元
	Fraction QuantityKind = "fraction" // 三分之一
)

// Quantity is a number with its unit as a report writes it.
type Quantity struct {
	Text      string       `json:"text"`
	Start     int          `json:"start"` // byte offsets in the text read
	End       int          `json:"end"`
	Kind      QuantityKind `json:"kind"`
	Written   float64      `json:"written"` // the number as written: 950 in 950亿元; the high end of a range
	Value     float64      `json:"value"`   // scaled to the base unit
	Unit      string       `json:"unit"`    // as written: 亿元, %, 个百分点
	Base      string       `json:"base_unit"`
	Mult      float64      `json:"-"`
	Low       *float64     `json:"low,omitempty"` // ranges and from/to, as written
	High      *float64     `json:"high,omitempty"`
	Qualifier string       `json:"qualifier"`
	Chinese   bool         `json:"-"` // written in Chinese numerals only
}

//go:embed data/units.tsv
var unitsTSV string

type unitInfo struct {
	base string
	mult float64
}

type unitTable struct {
	byUnit map[string]unitInfo
	sorted []string // longest first
}

var units = sync.OnceValue(func() *unitTable {
	t := &unitTable{byUnit: map[string]unitInfo{}}
	for _, f := range report.DataRows(unitsTSV) {
		m, _ := strconv.ParseFloat(f[2], 64)
		t.byUnit[f[0]] = unitInfo{f[1], m}
		t.sorted = append(t.sorted, f[0])
	}
	sort.Slice(t.sorted, func(i, j int) bool { return len(t.sorted[i]) > len(t.sorted[j]) })
	return t
})

// matchUnit returns the longest unit at the start of s.
func (t *unitTable) match(s string) (string, unitInfo) {
	for _, u := range t.sorted {
		if strings.HasPrefix(s, u) {
			return u, t.byUnit[u]
		}
	}
	return "", unitInfo{}
}

func isFullWidthDigit(r rune) bool { return r >= '０' && r <= '９' }

func isArabicDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// reader scans one text.
type reader struct {
	s          string
	arabicOnly bool // read what facts use: Arabic numbers, 百分之, counted Chinese numerals
	counted    bool // with arabicOnly: also Chinese numerals that count (新建学校十二所)
}

func (rd reader) runeAt(i int) (rune, int) {
	if i >= len(rd.s) {
		return 0, 0
	}
	return utf8.DecodeRuneInString(rd.s[i:])
}

func (rd reader) runeBefore(i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(rd.s[:i])
	return r
}

func (rd reader) has(i int, lit string) bool { return strings.HasPrefix(rd.s[i:], lit) }

func (rd reader) hasAny(i int, lits ...string) string {
	for _, l := range lits {
		if strings.HasPrefix(rd.s[i:], l) {
			return l
		}
	}
	return ""
}

// digitAt returns the ASCII digit at i (full-width folded), its width in
// bytes, or 0.
func (rd reader) digitAt(i int) (byte, int) {
	r, n := rd.runeAt(i)
	switch {
	case r >= '0' && r <= '9':
		return byte(r), n
	case r >= '０' && r <= '９':
		return byte(r - '０' + '0'), n
	}
	return 0, 0
}

// arabic reads digits with thousands separators and a decimal point at i.
func (rd reader) arabic(i int) (float64, int, bool) {
	var b strings.Builder
	var ends []int // position in s after each byte of b
	j := i
	for j < len(rd.s) {
		if d, n := rd.digitAt(j); n > 0 {
			b.WriteByte(d)
			j += n
			ends = append(ends, j)
			continue
		}
		r, n := rd.runeAt(j)
		if r == '，' && isFullWidthDigit(rd.runeBefore(j)) {
			if next, _ := rd.runeAt(j + n); isFullWidthDigit(next) {
				r = ',' // １１１，１１１: full-width digits grouped with a full-width comma
			}
		}
		if r == '.' || r == '．' || r == ',' {
			if d, _ := rd.digitAt(j + n); d != 0 {
				if r == ',' {
					b.WriteByte(',')
				} else {
					b.WriteByte('.')
				}
				j += n
				ends = append(ends, j)
				continue
			}
		}
		break
	}
	if j == i {
		return 0, i, false
	}
	v, ok := ParseArabic(b.String())
	if !ok {
		// 1,23 is two numbers in a list, 1.2.3 a code: keep the longest
		// prefix that reads as one number.
		txt := b.String()
		for k := len(txt) - 1; k > 0; k-- {
			if txt[k-1] < '0' || txt[k-1] > '9' {
				continue
			}
			if v, ok = ParseArabic(txt[:k]); ok {
				j = ends[k-1]
				break
			}
		}
	}
	return v, j, ok
}

// preceders may stand right before a Chinese numeral that is a quantity;
// after any other character a numeral is part of a word (统一, 一是).
var chinesePreceders = []string{"负", "增长", "新增", "建成", "达到", "达", "为", "共", "约", "近", "超过", "突破", "完成", "实现", "新建", "有", "和", "及", "至", "到", "了", "引进", "培育", "改造", "建设", "提高", "下降", "减少", "增加"}

func (rd reader) chineseAllowed(i int) bool {
	r := rd.runeBefore(i)
	if r == 0 || !isHan(r) {
		return true
	}
	for _, p := range chinesePreceders {
		if strings.HasSuffix(rd.s[:i], p) {
			return true
		}
	}
	return false
}

func isHan(r rune) bool { return r >= 0x3400 && r <= 0x9FFF || r >= 0x20000 && r <= 0x2FFFF }

// chineseRun returns the end of a run of Chinese numeral characters at i.
// A single space between two numerals (一百 五 十 二, a copy's spacing),
// 兆 inside a numeral and 多/余/几 before a multiplier (十多万, 二十几万)
// belong to the run.
func (rd reader) chineseRun(i int) int {
	j := i
	for j < len(rd.s) {
		r, n := rd.runeAt(j)
		switch {
		case isChineseNumeralRune(r):
			j += n
			continue
		case r == ' ' && j > i:
			if next, m := rd.runeAt(j + n); isChineseNumeralRune(next) && next != '点' || rd.approxAt(j+n) || next == '点' && rd.numeralAfter(j+n+m) {
				j += n
				continue
			}
		case r == '兆' && j > i:
			if next, _ := rd.runeAt(j + n); isChineseNumeralRune(next) {
				j += n
				continue
			}
		case rd.approxAt(j) && j > i:
			j += n
			continue
		}
		break
	}
	// A trailing 点 is punctuation-like: 三点 is not 3.x.
	for j > i && (rd.runeBefore(j) == '点' || rd.runeBefore(j) == '點') {
		j -= len("点")
	}
	for j > i && rd.runeBefore(j) == ' ' {
		j--
	}
	return j
}

// fractionOf returns where the numerator begins after 分之 at i (spaces
// allowed around it: 五 分之 一, 二分 之一), or -1.
func (rd reader) fractionOf(i int) int {
	skip := func(k int) int {
		for n := 0; n < 2 && rd.has(k, " "); n++ {
			k++
		}
		return k
	}
	k := skip(i)
	if !rd.has(k, "分") {
		return -1
	}
	k = skip(k + len("分"))
	if !rd.has(k, "之") {
		return -1
	}
	return skip(k + len("之"))
}

// numeralAfter tells a Chinese digit at i, after an optional space.
func (rd reader) numeralAfter(i int) bool {
	if rd.has(i, " ") {
		i++
	}
	r, _ := rd.runeAt(i)
	return isDigitRune(r)
}

// approxAt tells 多, 余 or 几 at i that approximates a numeral before a
// multiplier: 十多万, 五百 余万, 一百零几万.
func (rd reader) approxAt(i int) bool {
	r, n := rd.runeAt(i)
	if r != '多' && r != '余' && r != '几' {
		return false
	}
	if rd.has(i+n, " ") {
		n++
	}
	next, _ := rd.runeAt(i + n)
	return chineseBig[next] > 0
}

// placeAfterDigits tells ASCII digits at i followed by a place value, a
// multiplier, 零 or a space: the only numbers that may be mixed.
func (rd reader) placeAfterDigits(i int) bool {
	k := i
	for k < len(rd.s) && rd.s[k] >= '0' && rd.s[k] <= '9' {
		k++
	}
	r, _ := rd.runeAt(k)
	return chineseUnits[r] > 0 || chineseBig[r] > 0 || r == '零' || r == ' '
}

// mixedRun returns the end of a numeral that mixes Arabic digits and
// Chinese place values at i (5万4千6百, 7 万5 千4 百, 3万4000), or i when
// there is none: digits must follow a place value (5000千米 and 3千万元
// are a number with its unit or multiplier).
func (rd reader) mixedRun(i int) int {
	j, placed, last := i, false, rune(0)
	for j < len(rd.s) {
		r, n := rd.runeAt(j)
		switch {
		case r >= '0' && r <= '9':
			if chineseBig[last] > 0 || chineseUnits[last] > 0 || last == '零' {
				placed = true // 3万4000, 1千零20, 5万4千6百
			}
		case chineseUnits[r] > 0, chineseBig[r] > 0, r == '零':
		case r == ' ' && j > i:
			if next, _ := rd.runeAt(j + n); !(next >= '0' && next <= '9' || chineseUnits[next] > 0 || chineseBig[next] > 0) {
				return rd.endMixed(i, j, placed)
			}
			j += n
			continue
		case r == '.' && last >= '0' && last <= '9':
			return i // a decimal: read as Arabic with its multiplier
		default:
			return rd.endMixed(i, j, placed)
		}
		last = r
		j += n
	}
	return rd.endMixed(i, j, placed)
}

func (rd reader) endMixed(i, j int, placed bool) int {
	if !placed {
		return i
	}
	for j > i && rd.runeBefore(j) == ' ' {
		j--
	}
	return j
}

// number reads one number at i: Arabic with an optional multiplier
// (1.2万, 3千万), or a Chinese numeral. It returns the value as written
// (with the multiplier folded into mult), where it ends and whether it is
// Chinese.
func (rd reader) number(i int) (v, mult float64, end int, chinese, ok bool) {
	if _, n := rd.digitAt(i); n > 0 {
		if rd.placeAfterDigits(i) {
			if j := rd.mixedRun(i); j > i {
				if mv, mok := ParseChinese(strings.ReplaceAll(rd.s[i:j], " ", "")); mok {
					return mv, 1, j, false, true
				}
			}
		}
		v, end, ok = rd.arabic(i)
		if !ok {
			return
		}
		mult = 1
		// 1000  万: spaces a copy put before the multiplier.
		if k := end; rd.has(k, " ") {
			for rd.has(k, " ") && k < end+2 {
				k++
			}
			if r, _ := rd.runeAt(k); chineseBig[r] > 0 {
				end = k
			}
		}
		// Multipliers: 万, 亿, 千万, 万亿; 十/百/千 only before 万/亿;
		// 余 or 多 before one approximates (500余万).
		for end < len(rd.s) {
			if rd.approxAt(end) {
				end += len("余")
				continue
			}
			r, n := rd.runeAt(end)
			if chineseBig[r] > 0 {
				mult *= chineseBig[r]
				end += n
				continue
			}
			if chineseUnits[r] > 0 {
				if r2, _ := rd.runeAt(end + n); chineseBig[r2] > 0 {
					mult *= chineseUnits[r]
					end += n
					continue
				}
			}
			break
		}
		return v, mult, end, false, true
	}
	r, _ := rd.runeAt(i)
	if !isChineseNumeralRune(r) || r == '点' || r == '點' {
		return
	}
	end = rd.chineseRun(i)
	if end == i {
		return
	}
	// Keep a trailing 万/亿 as the multiplier: 三万人 is 3 × 万人.
	body := approxWords.Replace(rd.s[i:end])
	mult = 1
	for {
		last, n := utf8.DecodeLastRuneInString(body)
		if chineseBig[last] == 0 || len(body) == n {
			break
		}
		if _, ok := ParseChinese(body[:len(body)-n]); !ok || biggest(body[:len(body)-n]) >= chineseBig[last] {
			break // 四十五亿四千零四万 is one numeral; 一万亿 is 一万 × 亿
		}
		// 一万 stays 10000 with no multiplier only when nothing precedes.
		mult *= chineseBig[last]
		body = body[:len(body)-n]
	}
	v, ok = ParseChinese(body)
	if !ok && mult == 1 {
		// A numeral run into the next word (百分之七十百分位): the longest
		// reading prefix is the number.
		for k := len(body); k > 0 && !ok; {
			_, n := utf8.DecodeLastRuneInString(body[:k])
			k -= n
			if k > 0 {
				if v, ok = ParseChinese(body[:k]); ok {
					end = i + len(rd.s[i:end]) - (len(body) - k)
				}
			}
		}
	}
	return v, mult, end, true, ok
}

// biggest returns the largest section multiplier in a numeral, 0 if none.
func biggest(s string) float64 {
	b := 0.0
	for _, r := range s {
		if chineseBig[r] > b {
			b = chineseBig[r]
		}
		if r == '兆' {
			b = max(b, 1e12)
		}
	}
	return b
}

// approxWords are dropped from a numeral: 十多万 reads as 十万 (以上).
var approxWords = strings.NewReplacer(" ", "", "多", "", "余", "", "几", "")

// Quantities returns every quantity in s, in order. Arabic numbers are
// read wherever they stand, except in codes (PM2.5, G228), ordinals (第3),
// dates and years (2019年, 5月); Chinese numerals only where a unit or a
// percent sign makes them a quantity.
func Quantities(s string) []Quantity {
	return reader{s: foldNumerals(s)}.all()
}

// arabicQuantities reads only quantities written with Arabic digits (and
// 百分之 forms), the ones facts are built from.
// The text is canonical (package clean): its digits are ASCII already.
func arabicQuantities(s string, counted bool) []Quantity {
	return reader{s: s, arabicOnly: true, counted: counted}.all()
}

func (rd reader) all() []Quantity {
	s := rd.s
	var out []Quantity
	for i := 0; i < len(s); {
		if rd.arabicOnly {
			// Only an ASCII digit, 百分之 or a counted Chinese numeral can
			// start what is read: jump to the next one instead of trying
			// every character.
			j := rd.nextStart(i)
			if j < 0 {
				break
			}
			i = j
		}
		q, end, ok := rd.quantity(i)
		if ok {
			out = append(out, q)
			i = end
			continue
		}
		if end > i {
			i = end
			continue
		}
		_, n := rd.runeAt(i)
		i += n
	}
	shareUnits(s, out)
	return out
}

// shareUnits gives a bare number the unit of the number after it when only
// 、 stands between them: in 分别增加8000、6000人 and 分别增长8、10% the unit
// written once is every item's.
func shareUnits(s string, qs []Quantity) {
	for i := len(qs) - 2; i >= 0; i-- {
		q, next := &qs[i], qs[i+1]
		if q.Unit != "" || q.Kind != Number || q.Mult != 1 || next.Unit == "" || next.Unit == "年" || s[q.End:next.Start] != "、" {
			continue
		}
		q.Kind, q.Unit, q.Base = next.Kind, next.Unit, next.Base
		if next.Kind == Percent || next.Kind == Points {
			q.Value = q.Written
		} else {
			q.Mult = next.Mult
			q.Value = q.Written * next.Mult
		}
	}
}

// nextStart finds where the next quantity facts use may begin at or after
// i: an ASCII digit, 百分之, or (when the reader counts them) a Chinese
// numeral holding a place value (十二所, 三千亿元); -1 if none. One pass
// over the bytes: the place values are found by their UTF-8 encodings. An
// ASCII digit inside a number already passed is skipped by the caller.
func (rd reader) nextStart(i int) int {
	s := rd.s
	for k := i; k < len(s); k++ {
		b := s[k]
		if b >= '0' && b <= '9' {
			return k
		}
		if b != 0xE4 && b != 0xE5 && b != 0xE7 || k+3 > len(s) {
			continue
		}
		// 十 E5 8D 81, 千 E5 8D 83, 万 E4 B8 87, 亿 E4 BA BF, 百 E7 99 BE.
		b1, b2 := s[k+1], s[k+2]
		switch {
		case b == 0xE7 && b1 == 0x99 && b2 == 0xBE:
			if strings.HasPrefix(s[k:], "百分之") {
				return k
			}
		case b == 0xE5 && b1 == 0x8D && (b2 == 0x81 || b2 == 0x83):
		case b == 0xE4 && (b1 == 0xB8 && b2 == 0x87 || b1 == 0xBA && b2 == 0xBF):
		default:
			continue
		}
		if !rd.counted {
			continue
		}
		// The start of the numeral run holding this place value.
		c := k
		for c > i {
			r, n := utf8.DecodeLastRuneInString(s[:c])
			if !isChineseNumeralRune(r) || r == '点' {
				break
			}
			c -= n
		}
		if rd.countedChinese(c) {
			return c
		}
	}
	return -1
}

// countedChinese tells a Chinese numeral at i that facts count: it starts
// with a digit or 十 (not a bare magnitude: 突破千亿, 百万户), holds a
// place value, and a unit or measure word follows (新建学校十二所,
// 城镇新增就业一万二千人).
func (rd reader) countedChinese(i int) bool {
	r, _ := rd.runeAt(i)
	if !isDigitRune(r) && r != '十' || r == '零' {
		return false
	}
	end := rd.chineseRun(i)
	run := rd.s[i:end]
	if utf8.RuneCountInString(run) < 2 || !strings.ContainsAny(run, "十百千万亿") || strings.ContainsAny(run, "点 ") {
		return false
	}
	if b := rd.runeBefore(i); b == '第' || b == '“' || b == '"' {
		return false
	}
	u, _ := units().match(rd.s[end:])
	return u != "" && u != "年" && u != "分"
}

// quantity tries to read one quantity at i. When it fails it may return
// an end past a token to skip (a code, a year).
func (rd reader) quantity(i int) (Quantity, int, bool) {
	// 百分之八, 百分之七点五
	if rd.has(i, "百分之") {
		j := i + len("百分之")
		v, mult, end, _, ok := rd.number(j)
		if !ok {
			return Quantity{}, j, false
		}
		v *= mult
		q := Quantity{Kind: Percent, Written: v, Value: v, Unit: "%", Base: "%", Mult: 1}
		f := rd.finish(q, i, end)
		return f, f.End, true
	}
	if !rd.arabicOnly && rd.has(i, "翻") {
		if q, ok := rd.doubling(i); ok {
			return q, q.End, true
		}
	}
	_, isDigit := rd.digitAt(i)
	if isDigit == 0 {
		if r, _ := rd.runeAt(i); !isChineseNumeralRune(r) || rd.arabicOnly && (!rd.counted || !rd.countedChinese(i)) {
			return Quantity{}, 0, false
		}
	}
	before := rd.runeBefore(i)
	if isDigit > 0 {
		// Codes and ordinals: a Latin letter, a dot or 第 before the digits.
		if unicode.IsLetter(before) && before < 0x80 || before == '.' || before == '第' || before == '/' || before == ':' || before == '：' || before == '-' && rd.digitBefore(i-1) {
			_, end, _ := rd.arabic(i)
			return Quantity{}, end, false
		}
	} else if !rd.chineseAllowed(i) && rd.fractionOf(rd.chineseRun(i)) < 0 && !rd.countedAfterWord(i) {
		return Quantity{}, 0, false
	}
	v, mult, end, chinese, ok := rd.number(i)
	if !ok {
		return Quantity{}, end, false
	}
	// N分之M
	if k := rd.fractionOf(end); k >= 0 {
		m, mult2, end2, _, ok := rd.number(k)
		if ok && v*mult == 1000 && rd.s[i:end] == "千" {
			// 千分之二点四 is 2.4‰
			pm := m * mult2
			f := rd.finish(Quantity{Kind: Percent, Written: pm, Value: pm, Unit: "‰", Base: "‰", Mult: 1, Chinese: chinese}, i, end2)
			return f, f.End, true
		}
		if ok && v != 0 {
			val := m * mult2 / (v * mult)
			q := Quantity{Kind: Fraction, Written: val, Value: val, Mult: 1, Chinese: chinese}
			f := rd.finish(q, i, end2)
			return f, f.End, true
		}
	}
	q := Quantity{Kind: Number, Written: v, Mult: mult, Chinese: chinese}
	end = rd.unit(&q, end)
	if q.Unit == "" && q.Kind == Number {
		end = rd.tenths(&q, end) // 三成, 9.5成: tenths as a percentage
	}
	if chinese && q.Kind == Number && q.Unit != "" && rd.s[i:end] != "" && strings.HasPrefix(rd.s[i:], "一") && rd.chineseRun(i) == i+len("一") {
		return Quantity{}, end, false // 一批, 一个: an article, not a count
	}
	if q.Unit == "" && q.Kind == Number && chinese && !rd.standalone(i, end) {
		return Quantity{}, end, false // 一是, 十三五: a numeral inside a word
	}
	if chinese && strings.ContainsAny(rd.s[i:end], "多余几") && q.Qualifier == "" {
		q.Qualifier = "以上" // 十多万
	}
	if q.Kind == Number && !chinese && rd.isDateOrYear(i, end, v, mult, q.Unit) {
		return Quantity{}, end, false
	}
	if q.Unit == "" && !chinese {
		if r, _ := rd.runeAt(end); unicode.IsLetter(r) && r < 0x80 || r == ':' || r == '：' && rd.digitAfter(end) {
			return Quantity{}, end, false // 4A级, 7:00
		}
	}
	// 增长6%6.5%: a range whose dash the copy lost.
	if q.Kind == Percent && q.Unit == "%" {
		if _, n := rd.digitAt(end); n > 0 && !rd.digitBefore(end) {
			if hv, _, hend, _, ok := rd.number(end); ok && rd.has(hend, "%") && hv > q.Written && hv-q.Written <= 3 {
				low, high := q.Written, hv
				rq := Quantity{Kind: Range, Written: high, Value: high, Unit: "%", Base: "%", Mult: 1, Low: &low, High: &high}
				f := rd.finish(rq, i, hend+len("%"))
				return f, f.End, true
			}
		}
	}
	// A range: 6-6.5%, 6%—6.5%, 6至6.5%, 10万—15万人.
	if sep := rd.hasAny(end, "-", "—", "–", "~", "～", "至", "到", "－"); sep != "" {
		if hv, hmult, hend, hchin, ok := rd.number(end + len(sep)); ok && hchin == chinese {
			h := Quantity{Kind: Number, Written: hv, Mult: hmult}
			hend = rd.unit(&h, hend)
			fromTo := rd.runeBefore(i) == '从' || rd.runeBefore(i) == '由'
			sameBase := q.Unit == h.Unit || q.Base != "" && q.Base == h.Base
			if (q.Unit == "" || q.Unit == h.Unit || q.Kind == h.Kind) && h.Unit != "" && !(h.Unit == "年" && v >= 1900) && !((sep == "到" || sep == "至") && q.Unit != "" && (!sameBase || fromTo)) {
				low, high := v, hv
				if q.Mult != h.Mult && q.Unit == "" {
					low = v * mult / h.Mult
				} else if q.Unit != h.Unit && sameBase {
					low = q.Value / h.Mult // 八千亿元到一万亿元: both ends in the second's unit
				}
				rq := h
				rq.Kind = Range
				if h.Kind == Percent || h.Kind == Points {
					rq.Kind = Range
				}
				rq.Low, rq.High = &low, &high
				rq.Written = high
				rq.Chinese = chinese
				f := rd.finish(rq, i, hend)
				return f, f.End, true
			}
		}
	}
	// From/to: 从193亿元增长到560亿元, 由每人每年240元提高到280元.
	if q.Unit != "" && (rd.has(end, "到") || rd.has(end, "至") || rd.has(end, "增") || rd.has(end, "提") || rd.has(end, "扩") || rd.has(end, "上") || rd.has(end, "下") || rd.has(end, "减") || rd.has(end, "降") || rd.has(end, "缩")) {
		verb := rd.hasAny(end, toVerbs...)
		if from := rd.fromBefore(i); verb != "" && from >= 0 {
			to := end + len(verb)
			if m := reYearOf.FindString(rd.s[to:min(len(rd.s), to+16)]); m != "" {
				to += len(m) // 提高至2021年的160亿元: the year of the end point
			}
			if hv, hmult, hend, _, ok := rd.number(to); ok {
				h := Quantity{Kind: Number, Written: hv, Mult: hmult}
				hend = rd.unit(&h, hend)
				if h.Unit != "" {
					low, high := v*mult/h.Mult, hv
					h.Kind, h.Low, h.High = FromTo, &low, &high
					h.Chinese = chinese
					f := rd.finish(h, from, hend)
					return f, f.End, true
				}
			}
		}
	}
	if b := rd.runeBefore(i); (b == '-' || b == '－' || b == '负') && !rd.digitBefore(i-utf8.RuneLen(b)) && (q.Kind == Percent || q.Kind == Number) {
		// A signed number: -22.2%, 负3.9%.
		q.Written, q.Value = -q.Written, -q.Value
		i -= utf8.RuneLen(b)
	}
	f := rd.finish(q, i, end)
	return f, f.End, true
}

// toVerbs lead from the start of a from/to to its end: 增长到, 至.
var toVerbs = []string{"增长到", "增加到", "提高到", "提升到", "扩大到", "上升到", "下降到", "减少到", "降低到", "缩小到", "增长至", "增加至", "提高至", "提升至", "扩大至", "上升至", "下降至", "减少至", "降低至", "降至", "减至", "增至", "到", "至"}

// countedAfterWord tells a Chinese numeral after a word that counts
// something all the same: a numeral of two characters or more with a unit
// or measure word after it (新增就业一千一百万人, 学校十二所). 一批, 两个 after
// a word are words themselves.
func (rd reader) countedAfterWord(i int) bool {
	end := rd.chineseRun(i)
	if utf8.RuneCountInString(rd.s[i:end]) < 2 {
		return false
	}
	if rd.has(end, "个百分点") || rd.has(end, "%") || rd.has(end, "％") {
		return true
	}
	u, _ := units().match(rd.s[end:])
	return u != ""
}

// standalone tells a numeral written without a unit that stands as a
// number of its own: nothing but the start, a space, punctuation or a
// number's lead-in around it (the suite's 一百五十二), not a heading's
// (一、, （三）) nor a word's (一是, 一流, “十三五”).
func (rd reader) standalone(start, end int) bool {
	after, n := rd.runeAt(end)
	if after == '多' || after == '余' {
		after, _ = rd.runeAt(end + n) // 四百多
	}
	before := rd.runeBefore(start)
	switch {
	case isHan(after), unicode.IsLetter(after) && after < 0x80:
		return false
	case strings.ContainsRune("、．.）)”\"’", after):
		return false
	case strings.ContainsRune("“\"‘", before):
		return false
	}
	return true
}

// tenths reads 成 after a number as tenths, a percentage: 三成 is 30%,
// 三成半 35%, 9.5成 95%. 成为, 成效 and the like are words.
func (rd reader) tenths(q *Quantity, end int) int {
	at := end
	if rd.has(at, " ") {
		at++ // 十 成
	}
	if !rd.has(at, "成") || q.Written*q.Mult > 10 {
		return end
	}
	e := at + len("成")
	after, _ := rd.runeAt(e)
	half := after == '半'
	if isHan(after) && !half && rd.hasAny(e, "以上", "左右", "以内", "以下") == "" {
		return end
	}
	v := q.Written * q.Mult * 10
	if half {
		v += 5
		e += len("半")
	}
	q.Kind, q.Written, q.Value, q.Unit, q.Base, q.Mult = Percent, v, v, "%", "%", 1
	return e
}

// doubling reads 翻一番, 翻了两番 at i: the quantity is a multiple (倍).
func (rd reader) doubling(i int) (Quantity, bool) {
	j := i + len("翻")
	if rd.has(j, "了") {
		j += len("了")
	}
	r, n := rd.runeAt(j)
	times := map[rune]float64{'一': 1, '两': 2, '二': 2, '三': 3}[r]
	if times == 0 || !rd.has(j+n, "番") {
		return Quantity{}, false
	}
	v := 1.0
	for k := 0.0; k < times; k++ {
		v *= 2
	}
	q := Quantity{Kind: Number, Written: v, Value: v, Unit: "倍", Base: "倍", Mult: 1, Chinese: true}
	return rd.finish(q, i, j+n+len("番")), true
}

// reYearOf and reFromYearOf are a point of a from/to given with its year:
// 从2017年的…提高至2021年的….
var (
	reYearOf     = regexp.MustCompile(`^(?:19|20)\d\d年(?:底|末)?的`)
	reFromYearOf = regexp.MustCompile(`[从由](?:19|20)\d\d年(?:底|末)?的$`)
)

// fromBefore finds the 从 or 由 that opens a from/to before position i,
// right before it or before a per-unit phrase (由每人每年240元), or -1.
func (rd reader) fromBefore(i int) int {
	if r := rd.runeBefore(i); r == '从' || r == '由' {
		return i - utf8.RuneLen(r)
	}
	// 从2017年的111.8亿元: the start point with its year.
	if m := reFromYearOf.FindStringIndex(rd.s[max(0, i-20):i]); m != nil {
		return max(0, i-20) + m[0]
	}
	lo := max(0, i-24)
	for !utf8.RuneStart(rd.s[lo]) {
		lo++
	}
	// 由每人每年240元, 从每人每月2375元: a per-unit phrase between.
	for _, lead := range []string{"由", "从"} {
		if k := strings.LastIndex(rd.s[lo:i], lead); k >= 0 {
			between := rd.s[lo+k+len(lead) : i]
			if strings.HasPrefix(between, "每") && utf8.RuneCountInString(between) <= 6 && !strings.ContainsAny(between, "0123456789，。、；") {
				return lo + k
			}
		}
	}
	return -1
}

func (rd reader) digitBefore(i int) bool {
	if i <= 0 {
		return false
	}
	r := rd.runeBefore(i)
	return isArabicDigit(r)
}

func (rd reader) digitAfter(i int) bool {
	r, n := rd.runeAt(i)
	if n == 0 {
		return false
	}
	_, m := rd.digitAt(i + n)
	return m > 0 && (r == ':' || r == '：')
}

// isDateOrYear tells 2019年, 2019年度, 5月, 19日, 6时 and 1-2月 apart from
// quantities.
func (rd reader) isDateOrYear(start, end int, v, mult float64, unit string) bool {
	if mult != 1 {
		return false
	}
	if unit == "年" && v >= 1900 && v <= 2100 && v == float64(int(v)) {
		return true
	}
	if unit == "" {
		if r, _ := rd.runeAt(end); r == '月' || r == '日' || r == '号' || r == '时' || r == '点' && v < 25 {
			return true
		}
		if v >= 1900 && v <= 2100 && (rd.has(end, "年") || rd.has(end, "-") || rd.has(end, "—")) {
			return true
		}
	}
	return false
}

// unit reads what follows a number: %, 个百分点, 多/余, a unit with its
// multiplier, a compound unit (元/月, 吨标准煤/万元), and sets q's unit.
func (rd reader) unit(q *Quantity, end int) int {
	if rd.has(end, " ") {
		// 241 亿美元: a space or two may stand before the unit.
		rest := end + 1
		if rd.has(rest, " ") {
			rest++
		}
		if rd.hasAny(rest, "%", "％", "万", "亿", "千") != "" || rd.unitAt(rest) {
			end = rest
		}
	}
	if r, n := rd.runeAt(end); r == '%' || r == '％' || r == '‰' {
		q.Kind, q.Unit, q.Base = Percent, "%", "%"
		if r == '‰' {
			q.Unit, q.Base = "‰", "‰"
		}
		q.Value = q.Written * q.Mult
		q.Written *= q.Mult
		q.Mult = 1
		return end + n
	}
	if p := rd.hasAny(end, "个百分点", "百分点"); p != "" {
		q.Kind, q.Unit, q.Base = Points, "个百分点", "个百分点"
		q.Written *= q.Mult
		q.Value, q.Mult = q.Written, 1
		return end + len(p)
	}
	// 300多个, 30余家: the approximation goes to the qualifier.
	if m := rd.hasAny(end, "多", "余"); m != "" {
		if u, _ := units().match(rd.s[end+len(m):]); u != "" || rd.prefixThenUnit(end+len(m)) {
			q.Qualifier = "以上"
			end += len(m)
		}
	}
	prefix := ""
	if p := rd.hasAny(end, "万亿", "千万", "百万", "十万", "万", "亿", "千"); p != "" {
		// A unit that itself begins with the prefix (千米, 千瓦) wins.
		whole, _ := units().match(rd.s[end:])
		if u, _ := units().match(rd.s[end+len(p):]); u != "" && len(whole) < len(p)+len(u) {
			prefix = p
		}
	}
	u, info := units().match(rd.s[end+len(prefix):])
	if u == "" {
		q.Value = q.Written * q.Mult
		if q.Mult >= 1e4 && q.Kind == Number && !q.Chinese {
			q.Unit = unitName(q.Mult) // 财政收入120亿: the multiplier is the unit written
		}
		return end
	}
	pm, _ := multiplier(prefix)
	if prefix == "" {
		pm = 1
	}
	written := q.Mult
	q.Unit = unitName(q.Mult) + prefix + u
	q.Base = info.base
	q.Mult = written * pm * info.mult
	end += len(prefix) + len(u)
	// Compound units: 元/月, 吨标准煤/万元, 元/人·月.
	if r, n := rd.runeAt(end); r == '/' || r == '／' {
		p2 := rd.hasAny(end+n, "万", "千", "亿", "百")
		if u2, _ := units().match(rd.s[end+n+len(p2):]); u2 != "" || rd.hasAny(end+n, "月", "年", "日", "天") != "" {
			if u2 == "" {
				u2 = rd.hasAny(end+n, "月", "年", "日", "天")
			}
			q.Unit += "/" + p2 + u2
			q.Base += "/" + p2 + u2
			end += n + len(p2) + len(u2)
		}
	}
	q.Value = q.Written * q.Mult
	return end
}

// unitName writes a multiplier that came with the number back as the
// prefix of its unit: 4.8万个 keeps 万 in its unit, value 4.8.
func unitName(mult float64) string {
	switch mult {
	case 1e4:
		return "万"
	case 1e8:
		return "亿"
	case 1e12:
		return "万亿"
	case 1e7:
		return "千万"
	case 1e6:
		return "百万"
	case 1e3:
		return "千"
	}
	return ""
}

func (rd reader) unitAt(i int) bool {
	u, _ := units().match(rd.s[i:])
	return u != ""
}

func (rd reader) prefixThenUnit(i int) bool {
	p := rd.hasAny(i, "万", "亿", "千")
	if p == "" {
		return false
	}
	u, _ := units().match(rd.s[i+len(p):])
	return u != ""
}

// qualifiersAfter and qualifiersBefore are how reports bound a number.
var (
	qualifiersAfter  = []string{"左右", "以上", "以内", "以下", "之内", "上下"}
	qualifiersBefore = []string{"力争", "突破", "超过", "不低于", "不少于", "不超过", "控制在", "超", "低于", "高于"}
)

// finish sets the text, span and qualifier of q.
func (rd reader) finish(q Quantity, start, end int) Quantity {
	if a := rd.hasAny(end, qualifiersAfter...); a != "" {
		switch a {
		case "之内":
			a = "以内"
		case "上下":
			a = "左右"
		}
		q.Qualifier = a
		end += len(a)
	} else if q.Qualifier == "" {
		for _, b := range qualifiersBefore {
			if strings.HasSuffix(rd.s[:start], b) {
				switch b {
				case "超过", "超":
					q.Qualifier = "以上"
				case "不少于":
					q.Qualifier = "不低于"
				case "不超过":
					q.Qualifier = "以内"
				case "低于":
					q.Qualifier = "以下"
				case "高于":
					q.Qualifier = "以上"
				default:
					q.Qualifier = b
				}
				break
			}
		}
	}
	q.Start, q.End = start, end
	q.Text = rd.s[start:end]
	if q.Value == 0 && q.Written != 0 {
		q.Value = q.Written * q.Mult
	}
	if q.Mult == 0 {
		q.Mult = 1
	}
	return q
}
