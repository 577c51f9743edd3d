package extract

import (
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
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
	for _, l := range strings.Split(unitsTSV, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
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

func isArabicDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// reader scans one text.
type reader struct {
	s          string
	arabicOnly bool // skip Chinese numerals, which facts never use
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
var chinesePreceders = []string{"增长", "新增", "建成", "达到", "达", "为", "共", "约", "近", "超过", "突破", "完成", "实现", "新建", "有", "和", "及", "至", "到", "了", "引进", "培育", "改造", "建设", "提高", "下降", "减少", "增加"}

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
func (rd reader) chineseRun(i int) int {
	j := i
	for j < len(rd.s) {
		r, n := rd.runeAt(j)
		if !isChineseNumeralRune(r) {
			break
		}
		j += n
	}
	// A trailing 点 is punctuation-like: 三点 is not 3.x.
	for j > i && (rd.runeBefore(j) == '点' || rd.runeBefore(j) == '點') {
		j -= len("点")
	}
	return j
}

// number reads one number at i: Arabic with an optional multiplier
// (1.2万, 3千万), or a Chinese numeral. It returns the value as written
// (with the multiplier folded into mult), where it ends and whether it is
// Chinese.
func (rd reader) number(i int) (v, mult float64, end int, chinese, ok bool) {
	if _, n := rd.digitAt(i); n > 0 {
		v, end, ok = rd.arabic(i)
		if !ok {
			return
		}
		mult = 1
		// Multipliers: 万, 亿, 千万, 万亿; 十/百/千 only before 万/亿.
		for end < len(rd.s) {
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
	body := rd.s[i:end]
	mult = 1
	for {
		last, n := utf8.DecodeLastRuneInString(body)
		if chineseBig[last] == 0 || len(body) == n {
			break
		}
		if _, ok := ParseChinese(body[:len(body)-n]); !ok {
			break
		}
		// 一万 stays 10000 with no multiplier only when nothing precedes.
		mult *= chineseBig[last]
		body = body[:len(body)-n]
	}
	v, ok = ParseChinese(body)
	return v, mult, end, true, ok
}

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
func arabicQuantities(s string) []Quantity {
	return reader{s: s, arabicOnly: true}.all()
}

func (rd reader) all() []Quantity {
	s := rd.s
	var out []Quantity
	for i := 0; i < len(s); {
		if rd.arabicOnly {
			// Only an ASCII digit or 百分之 can start what is read: jump
			// to the next one instead of trying every character.
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
	return out
}

// nextStart finds the next ASCII digit or 百分之 at or after i, -1 if none.
// An ASCII digit inside a number already passed is skipped by the caller.
func (rd reader) nextStart(i int) int {
	s := rd.s
	d := -1
	for k := i; k < len(s); k++ {
		if s[k] >= '0' && s[k] <= '9' {
			d = k
			break
		}
	}
	if p := strings.Index(s[i:], "百分之"); p >= 0 && (d < 0 || i+p < d) {
		return i + p
	}
	return d
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
	_, isDigit := rd.digitAt(i)
	if isDigit == 0 {
		if r, _ := rd.runeAt(i); !isChineseNumeralRune(r) || rd.arabicOnly {
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
	} else if !rd.chineseAllowed(i) && !rd.has(rd.chineseRun(i), "分之") {
		return Quantity{}, 0, false
	}
	v, mult, end, chinese, ok := rd.number(i)
	if !ok {
		return Quantity{}, end, false
	}
	// N分之M
	if rd.has(end, "分之") {
		m, mult2, end2, _, ok := rd.number(end + len("分之"))
		if ok && v != 0 {
			val := m * mult2 / (v * mult)
			q := Quantity{Kind: Fraction, Written: val, Value: val, Mult: 1, Chinese: chinese}
			f := rd.finish(q, i, end2)
			return f, f.End, true
		}
	}
	q := Quantity{Kind: Number, Written: v, Mult: mult, Chinese: chinese}
	end = rd.unit(&q, end)
	if q.Unit == "" && q.Kind == Number && chinese {
		return Quantity{}, end, false // 一是, 十三五: a numeral without unit is a word
	}
	if q.Kind == Number && !chinese && rd.isDateOrYear(i, end, v, mult, q.Unit) {
		return Quantity{}, end, false
	}
	if q.Unit == "" && !chinese {
		if r, _ := rd.runeAt(end); unicode.IsLetter(r) && r < 0x80 || r == ':' || r == '：' && rd.digitAfter(end) {
			return Quantity{}, end, false // 4A级, 7:00
		}
	}
	// A range: 6-6.5%, 6%—6.5%, 6至6.5%, 10万—15万人.
	if sep := rd.hasAny(end, "-", "—", "–", "~", "～", "至", "到", "－"); sep != "" {
		if hv, hmult, hend, hchin, ok := rd.number(end + len(sep)); ok && hchin == chinese {
			h := Quantity{Kind: Number, Written: hv, Mult: hmult}
			hend = rd.unit(&h, hend)
			if (q.Unit == "" || q.Unit == h.Unit || q.Kind == h.Kind) && h.Unit != "" && !(h.Unit == "年" && v >= 1900) && !(sep == "到" && q.Unit != "") {
				low, high := v, hv
				if q.Mult != h.Mult && q.Unit == "" {
					low = v * mult / h.Mult
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
	// From/to: 从193亿元增长到560亿元.
	if r := rd.runeBefore(i); (r == '从' || r == '由') && q.Unit != "" {
		if verb := rd.hasAny(end, "增长到", "增加到", "提高到", "提升到", "扩大到", "上升到", "下降到", "减少到", "降低到", "缩小到", "增长至", "增加至", "提高至", "提升至", "扩大至", "上升至", "下降至", "减少至", "降低至", "降至", "增至", "到", "至"); verb != "" {
			if hv, hmult, hend, _, ok := rd.number(end + len(verb)); ok {
				h := Quantity{Kind: Number, Written: hv, Mult: hmult}
				hend = rd.unit(&h, hend)
				if h.Unit != "" {
					low, high := v*mult/h.Mult, hv
					h.Kind, h.Low, h.High = FromTo, &low, &high
					h.Chinese = chinese
					start := i - utf8.RuneLen(r)
					f := rd.finish(h, start, hend)
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
		// 241 亿美元: one space may stand before the unit.
		if rest := end + 1; rd.hasAny(rest, "%", "％", "万", "亿", "千") != "" || rd.unitAt(rest) {
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
