// Package extract reads numbers, quantities and facts from a cleaned
// report: the main expected targets, the figures achieved and the
// quantified commitments, each with the span of its evidence.
//
// Input: the canonical text of package clean, the report's identity and
// its sections (package segment). Output: Found facts whose offsets are
// byte offsets into that text; the pipeline maps them to the raw file.
package extract

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/identify"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/segment"
)

// Found is a fact with its evidence span in the cleaned text.
type Found struct {
	Fact       report.Fact
	Start, End int
}

// Context is what extraction knows of the report around the text.
type Context struct {
	Identity report.Identity
	Sections []report.Section
	ownNames []string // the region's names, read once for the text
}

var (
	// Change verbs: a percent after one is a growth rate.
	// 上涨 is left out: 居民消费价格上涨2% states the level of the rise.
	growthUp   = []string{"同比增", "比增", "增长", "增加", "提高", "提升", "上升", "扩大", "增速", "增幅", "增", "攀升", "提速"}
	growthDown = []string{"下降", "减少", "降低", "回落", "压减", "削减", "缩减", "缩小", "下跌", "减排", "降", "减"}
	// Words that may stand between a change verb and its number.
	changeFillers = []string{"预期目标是", "目标是", "预期目标", "目标", "预期", "基本", "全部", "同口径", "比上年", "同比", "较上年", "比去年", "年均", "平均", "实际", "分别", "名义", "了", "约", "近", "每年", "预计", "按可比价格计算", "按可比价计算", "按可比口径", "可比", "均", "按", "统一",
		"迈上", "首次", "历史性", "逆势", "力争", "双双", "五年", "在", "的", "全年", "平均值", "建设任务", "等工程", "人均", "已经", "连续两年", "连续三年", "连续五年"}
	// Words that open a clause without belonging to the indicator.
	// Verbs that a level is stated with and that are not the indicator.
	levelVerbs = []string{"确定为", "提高到", "提升到", "增加到", "增长到", "扩大到", "降低到", "下降到", "减少到", "降至", "减至", "增至", "控制在", "保持在", "稳定在", "达到", "突破", "超过", "不低于", "不少于", "为", "达", "超", "至", "到", "上涨", "上调至", "每人每月", "每月", "每年", "五年间", "保持", "分别", "累计完成", "完成", "实现", "累计", "低于", "高于", "接近"}
)

const boundaries = "，。；：！？、（）()《》“”\"\n"

// Facts extracts the facts of a cleaned report text.
func Facts(text string, c Context) []Found {
	c.ownNames = identify.OwnNames(c.Identity.Region)
	// Headline figures printed before the review begins are results.
	preamble := 0
	if len(c.Sections) > 0 && c.Sections[0].Kind == segment.Review {
		preamble = c.Sections[0].Start
	}
	var out []Found
	seen := map[string]bool{}
	restated := map[string]int{} // a result's key → its place in out
	targetAt := map[string]int{} // a target's key → its place in out
	moved := false               // a fact of the body took an earlier one's place
	inTargets := false           // the targets paragraph: its cue sentence and what continues it
	// A news story or digest is read by its words, not by the headings it
	// quotes (报告共分为四个部分：一、政府工作回顾…).
	summary := c.Identity.Reported
	reader := &kindReader{planYear: c.Identity.PlanTo, reported: summary}
	pastPara := false // a paragraph of the plan that looks back on last year
	para := 0         // where the sentence's paragraph starts
	forEachSentence(text, func(start, end int) {
		if start == 0 || text[start-1] == '\n' {
			para = start
		}
		sec := segment.At(c.Sections, start)
		if summary {
			sec = ""
		}
		switch sec {
		case segment.Closing, segment.Glossary:
			return
		case segment.Targets:
			s := text[start:end]
			switch {
			case containsAny(s, targetCues...):
				inTargets = true
			case inTargets && explains(s):
				inTargets = false
			}
			if !inTargets {
				sec = segment.Tasks
			}
		default:
			inTargets = false
		}
		if sec == "" && start < preamble && !containsAny(text[start:end], "今年", "目标") {
			// A headline that names this year or a target (今年GDP增长目标6%左右)
			// is read by its words.
			sec = segment.Review
		}
		var kind report.FactKind
		kindRule := ""
		if start == 0 || text[start-1] == '\n' {
			pastPara = false
		}
		if sec == segment.Tasks || sec == segment.Targets {
			// 过去一年，我们的各项工作取得了很大成绩。国内生产总值增长10.3%…:
			// the sentences after a look back are results, not plans.
			sent := text[start:end]
			if lastYearOpens(sent) {
				pastPara = true
			} else if pastPara && !hasAction(sent) && !containsAny(sent, targetCues...) {
				kind, kindRule = report.Achieved, "kind:past-paragraph"
			}
		}
		if summary && otherPlace(text[start:end], c.Identity) {
			return // a roundup's figure of another place is not this report's
		}
		if sec == "" {
			if start == 0 || text[start-1] == '\n' {
				reader.paragraph(text[start:lineEndAt(text, start)])
			}
			kind, kindRule = reader.kind(text[start:end], end == len(text) || text[end] == '\n')
		}
		for _, f := range sentenceFacts(text, para, start, end, sec, kind, kindRule, c) {
			// A target restated to explain it (提出国内生产总值增长8%左右，
			// 主要是…) is the same target.
			if f.Fact.Kind == report.Target {
				k := numbersKey(f.Fact) + "|" + f.Fact.Indicator
				if f.Fact.Canonical != nil {
					k = numbersKey(f.Fact) + "|" + *f.Fact.Canonical
				}
				// A goal over five years is not the year's target of the same figure.
				tk := k
				if len(f.Fact.SpanYears) == 2 {
					tk += "|" + strconv.Itoa(f.Fact.SpanYears[0]) + "-" + strconv.Itoa(f.Fact.SpanYears[1])
				}
				if at, ok := targetAt[tk]; ok {
					// A headline's 今年GDP预期增长6% and the body's 地区生产总值增长6%左右
					// are one target, told best by the body.
					if old := out[at].Fact; old.Qualifier == "" && f.Fact.Qualifier != "" || !lexiconName(old.Indicator) && lexiconName(f.Fact.Indicator) {
						out[at], moved = f, true
					}
					continue
				}
				seen[k] = true
				targetAt[tk] = len(out)
			}
			// A headline result restated in the story's body (广西GDP增长7.5% …
			// 地区生产总值增长7.5%) is one result: same indicator, year and
			// figures, the first outside the report's sections or in the same
			// one. The plan's look back on last year stays its own fact.
			if f.Fact.Kind == report.Achieved && f.Fact.Canonical != nil {
				k := "achieved|" + numbersKey(f.Fact) + "|" + *f.Fact.Canonical + "|" + yearKey(f.Fact.Year)
				if at, ok := restated[k]; ok && (out[at].Fact.Section == nil || f.Fact.Section != nil && *out[at].Fact.Section == *f.Fact.Section) {
					if lexiconName(f.Fact.Indicator) && !lexiconName(out[at].Fact.Indicator) {
						out[at], moved = f, true // the body's sentence names it as the lexicon does
					}
					continue
				}
				restated[k] = len(out)
			}
			out = append(out, f)
		}
		if end < len(text) && text[end] == '\n' {
			line := text[lineStartAt(text, start):end]
			inTargets = inTargets && (bulletNext(text[end+1:]) || !segment.StatesFigure(line))
		}
	})
	if moved {
		// A fact told again by the body took the headline's place; facts
		// stay in the order of the text.
		slices.SortStableFunc(out, func(a, b Found) int { return a.Start - b.Start })
	}
	return withoutRestatedTargets(out, seen)
}

// subYearMarks are where sentence s names a part of the year (data/
// kind_cues.tsv, class subyear) or a run of months (1—11月, 1-2月份),
// ascending. Each cue holds 季, 半 or 个月 (TestKindCues holds them to
// it): a sentence with none is not searched.
func subYearMarks(s string) []int {
	var at []int
	if strings.Contains(s, "季") || strings.Contains(s, "半") || strings.Contains(s, "个月") {
		at = subYearWords().all(s)
	}
	for from := 0; ; {
		k := strings.Index(s[from:], "月")
		if k < 0 {
			break
		}
		if m := monthsBefore(s[:from+k]); m >= 0 {
			at = append(at, m)
		}
		from += k + len("月")
	}
	slices.Sort(at)
	return at
}

// monthsBefore returns where a run of months ends s (1—11, 1-2 before 月),
// or -1.
func monthsBefore(s string) int {
	digits := func(e int) int { // the start of one or two digits ending at e
		b := e
		for b > 0 && e-b < 2 && s[b-1] >= '0' && s[b-1] <= '9' {
			b--
		}
		if b == e {
			return -1
		}
		return b
	}
	b := digits(len(s))
	if b < 0 {
		return -1
	}
	rest := strings.TrimRight(s[:b], " ")
	for _, dash := range []string{"-", "—", "–", "~", "至"} {
		if strings.HasSuffix(rest, dash) {
			return digits(len(strings.TrimRight(rest[:len(rest)-len(dash)], " ")))
		}
	}
	return -1
}

// subYear tells a figure at s[i:] that a part of the year named before it
// (marks, from subYearMarks) holds, with no 全年 between.
func subYear(s string, marks []int, i int) bool {
	k := -1
	for _, m := range marks {
		if m < i {
			k = m
		}
	}
	return k >= 0 && !strings.Contains(s[k:i], "全年")
}

// withoutRestatedTargets drops the commitments that state a target of
// the same text again (把居民消费价格涨幅控制在3.5%左右 after the target
// 居民消费价格涨幅3.5%左右): a goal is not a task twice. seen holds the
// targets' keys.
func withoutRestatedTargets(out []Found, seen map[string]bool) []Found {
	kept := out[:0]
	for _, f := range out {
		if f.Fact.Kind == report.Commitment && f.Fact.Canonical != nil && seen[numbersKey(f.Fact)+"|"+*f.Fact.Canonical] {
			continue
		}
		kept = append(kept, f)
	}
	return kept
}

var (
	targetCues = []string{"预期目标", "主要目标", "发展目标", "主要指标"}
)

// otherPlace tells a sentence of a story whose figures are another
// place's: it opens on the whole country in a local report (全国…), or
// names a place that is neither the report's region nor its parents
// before its first figure.
func otherPlace(s string, id report.Identity) bool {
	i := strings.IndexAny(s, "0123456789")
	if i < 0 || id.Region == "" {
		return false
	}
	subject := s[:i]
	if id.Level != report.LevelNational && strings.HasPrefix(strings.TrimLeft(subject, "，、 "), "全国") {
		return true
	}
	return higherWhole(subject, id) || identify.NamesOther(subject, id.Region)
}

// higherWhole tells a subject that opens, after a short time word (同日，),
// on the whole of a level above the report's region: 全市 in a district's
// story, 全省 in a city's. A county-level city's 全市 is its own.
func higherWhole(subject string, id report.Identity) bool {
	s := strings.TrimLeft(subject, "，、 ")
	if k := strings.Index(s, "，"); k > 0 && utf8.RuneCountInString(s[:k]) <= 4 {
		s = s[k+len("，"):]
	}
	rest, ok := strings.CutPrefix(s, "全")
	if !ok {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	own, _ := utf8.DecodeLastRuneInString(id.Region)
	switch id.Level {
	case report.LevelDistrict, report.LevelCounty:
		return r == '省' || strings.ContainsRune("市州盟", r) && r != own
	case report.LevelCity:
		return r == '省'
	}
	return false
}

// opensYearClause tells a clause that starts on a year of its own.
func opensYearClause(s string) bool {
	if strings.HasPrefix(s, "今年") || strings.HasPrefix(s, "去年") {
		return true
	}
	return len(s) > 5 && (strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")) && isDigitByte(s[2]) && isDigitByte(s[3]) && strings.HasPrefix(s[4:], "年")
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// lineEndAt returns the end of the line holding position i.
func lineEndAt(text string, i int) int {
	if k := strings.IndexByte(text[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(text)
}

// lineStartAt returns the start of the line holding position i.
func lineStartAt(text string, i int) int {
	return strings.LastIndexByte(text[:i], '\n') + 1
}

// bulletNext tells whether the next line continues a list of targets.
func bulletNext(s string) bool {
	return strings.HasPrefix(s, "——") || strings.HasPrefix(s, "●") || strings.HasPrefix(s, "—")
}

// numbersKey identifies a fact by its numbers, whatever fields hold them.
func yearKey(y *int) string {
	if y == nil {
		return "-"
	}
	return strconv.Itoa(*y)
}

func numbersKey(f report.Fact) string {
	var vs []string
	for _, p := range []*float64{f.Value, f.Growth, f.ChangePP, f.Low, f.High} {
		if p != nil {
			vs = append(vs, strconv.FormatFloat(*p, 'g', -1, 64))
		}
	}
	sort.Strings(vs)
	return strings.Join(vs, "|")
}

// forEachSentence calls fn with the span of every sentence: up to 。！？
// or a line end, or a comma that opens a clause on another year
// (…超过11万亿元，今年广东GDP增长预期目标为6%以上).
func forEachSentence(text string, fn func(start, end int)) {
	start := 0
	// Byte by byte: ，！？ are EF BC 8C, 81, 9F and 。 is E3 80 82, so only
	// a line break or one of those two lead bytes needs a look.
	for i := 0; i < len(text); i++ {
		b := text[i]
		if b == '\n' {
			if i > start {
				fn(start, i)
			}
			start = i + 1
			continue
		}
		if (b != 0xEF && b != 0xE3) || i+2 >= len(text) {
			continue
		}
		b1, b2 := text[i+1], text[i+2]
		switch {
		case b == 0xEF && b1 == 0xBC && b2 == 0x8C: // ，
			if i > start && opensYearClause(text[i+3:]) {
				fn(start, i)
				start = i + 3
			}
		case b == 0xEF && b1 == 0xBC && (b2 == 0x81 || b2 == 0x9F), b == 0xE3 && b1 == 0x80 && b2 == 0x82: // ！？。
			if i+3 > start {
				fn(start, i+3)
			}
			start = i + 3
		default:
			continue
		}
		i += 2
	}
	if start < len(text) {
		fn(start, len(text))
	}
}

type role int

const (
	roleLevel role = iota
	roleGrowth
	rolePoints
)

type mention struct {
	q    Quantity
	role role
	sign float64 // -1 after a verb of decrease
}

// usable tells whether a quantity can carry a fact.
func usable(s string, q Quantity) bool {
	if q.Chinese && (q.Kind != Number || q.Unit == "") {
		return false // only counted numerals (十二所) make facts
	}
	if q.Kind == Number && q.Unit == "" && !q.Chinese && priceIndex(s[:q.Start]) {
		return true // 居民消费价格指数为102.7: an index (last year = 100) has no unit
	}
	if q.Kind == Number && q.Unit == "" || q.Kind == Fraction {
		return false
	}
	if q.Unit == "年" || q.Unit == "岁" || q.Unit == "期" || q.Unit == "届" || q.Unit == "分钟" || q.Unit == "小时" || q.Unit == "天" {
		return false // durations, ages and ordinals are not facts
	}
	before, _ := utf8.DecodeLastRuneInString(s[:q.Start])
	after, _ := utf8.DecodeRuneInString(s[q.End:])
	if (before == '“' || before == '"' || before == '「') && (after == '”' || after == '"' || after == '」') {
		return false // a name in quotes: “263”
	}
	if strings.HasSuffix(s[:q.Start], "连续") || strings.HasPrefix(s[q.End:], "方面") {
		return false // streaks; the count of areas of work
	}
	if open := strings.LastIndex(s[:q.Start], "“"); open >= 0 && !strings.ContainsAny(s[open:q.Start], "，；：,;") && strings.Count(s[:q.Start], "“") > strings.Count(s[:q.Start], "”") {
		return false // inside a slogan's quotes: “1个中心、3个平台”; a quoted passage of the report is not a slogan
	}
	if strings.HasSuffix(s[:q.Start], "每") && modifies(s[q.End:]) {
		return false // a per-unit base: 每50公斤分别提高3元
	}
	if q.Unit == "倍" && (strings.HasSuffix(s[:q.Start], "的") || strings.HasSuffix(s[:q.Start], "的近")) {
		return false // a ratio to another year: 是2012年的1.2倍
	}
	if q.Unit == "倍" && reRatioList.MatchString(s[max(0, q.Start-24):q.Start]) {
		return false // the second of two ratios: 是2010年的2.1倍和3.2倍
	}
	if lead := s[max(0, q.Start-40):q.Start]; (strings.Contains(lead, "于") || strings.Contains(lead, "超")) && reRelative.MatchString(lead) {
		return false // a gap to another place: 增速高于全市1个百分点
	}
	if lead := s[:q.Start]; (strings.HasSuffix(lead, "低于") && !strings.HasSuffix(lead, "不低于") || strings.HasSuffix(lead, "高于") || strings.HasSuffix(lead, "不足")) && after == '的' {
		return false // a threshold that names a class: 收入低于6500元的农户
	}
	if (q.Qualifier == "以上" || q.Qualifier == "以下") && after == '的' && q.Kind != Percent && !changeBefore(s[:q.Start]) {
		// a class: 快递单量达1000单以上的经营主体; a share is a figure (覆盖80%以上的大城市)
		return false
	}
	if (q.Qualifier == "以上" || q.Qualifier == "以下") && isHan(after) && !strings.ContainsRune("和及与", after) && modifies(s[q.End:]) && !changeBefore(s[:q.Start]) && !opensIndicator(s[q.End:]) {
		// a class: 10亿元以上项目15个, 2000亩以上连片基地5个; not a rate after
		// its verb, nor a level before the next indicator, in a text that lost
		// its commas (增长8.5%以上服务业增加值增长13%, 新增就业900万人以上城镇登记失业率4.6%)
		return false
	}
	if q.Unit == "分" && (strings.HasSuffix(s[:q.Start], "时") || strings.HasSuffix(s[:q.Start], "点")) {
		return false // a time of day in a news story: 下午1时30分
	}
	if (q.Unit == "名" || q.Unit == "人") && sessionCount(s[max(0, q.Start-48):q.Start]) {
		return false // the session's own figures: 应到代表286人，实到275人
	}
	if markBeforeFigures(s[q.End:]) {
		return false // a mark passed, stated before the exact figures: 双双突破200亿元大关，分别达到…
	}
	return true
}

// sessionWords say, before a count of deputies, that a news story counts
// the session itself (who came, who was absent), not the region's work.
var sessionWords = []string{"应到", "实到", "出席", "缺席", "列席", "代表名额", "请假"}

// sessionCount tells the words before a figure that count the session's
// deputies: 本次大会应到代表286人, 实际出席会议的代表318名.
func sessionCount(lead string) bool {
	lead = lead[max(clauseAt(lead, len(lead)), lineStart(lead, len(lead))):]
	if !strings.Contains(lead, "代表") && !strings.Contains(lead, "委员") {
		return false
	}
	for _, w := range sessionWords {
		if strings.Contains(lead, w) {
			return true
		}
	}
	return false
}

// reRatioList is a ratio to another year and the list word after it.
var reRatioList = regexp.MustCompile(`的\d+(?:\.\d+)?倍[和、]$`)

// priceIndex tells the words before a figure that state an index's level:
// 居民消费价格指数为102.7, 价格总指数102.
func priceIndex(lead string) bool {
	for _, v := range []string{"指数为", "指数是", "指数达", "指数"} {
		if strings.HasSuffix(lead, v) {
			return true
		}
	}
	return false
}

// markBeforeFigures tells the words after a round figure that make it a
// mark passed (突破200亿元大关, 迈上5000亿元台阶) right before the exact
// figures of a 分别 list.
func markBeforeFigures(rest string) bool {
	rest = rest[:min(len(rest), 60)] // the mark follows its figure closely
	for _, m := range []string{"大关", "台阶", "关口"} {
		if k := strings.Index(rest, m); k >= 0 && !strings.ContainsAny(rest[:k], "，,；。") {
			return strings.HasPrefix(strings.TrimLeft(rest[k+len(m):], "，, "), "分别")
		}
	}
	return false
}

// reRelative ends the words before a gap to another place's figure, or
// another year's (快于2024年1.8个百分点).
var reRelative = regexp.MustCompile(`(?:高于|低于|快于|超过|超出)(?:全国|全省|全市|全区|全州|全盟|[省市区县]平均|平均|(?:19|20)\d\d年|上年|去年)(?:平均)?(?:水平|增速|同期)?$`)

// changeBefore tells the words before a figure that end on a change verb
// (增长, 下降, with the fillers that may follow it).
func changeBefore(lead string) bool {
	lead = withoutFillers(lead)
	return hasAnySuffix(lead, growthUp) || hasAnySuffix(lead, growthDown)
}

// withoutFillers strips the words that may stand between a change verb and
// its number (同比, 比上年, 年均…) off the end of lead.
func withoutFillers(lead string) string {
	for changed := true; changed; {
		changed = false
		for _, f := range changeFillers {
			if strings.HasSuffix(lead, f) {
				lead, changed = strings.TrimSuffix(lead, f), true
			}
		}
	}
	return lead
}

// opensIndicator tells the rest of a clause after a threshold that states
// another indicator's figure, the comma before it lost: 城镇登记失业率控制在
// 4.6% after 城镇新增就业900万人以上. A class is counted (项目15个), and
// criteria are joined (2万元以上且快递单量达1000单).
func opensIndicator(rest string) bool {
	d := strings.IndexAny(rest, "0123456789")
	if d < 0 || strings.ContainsAny(rest[:d], "，。；：、！？\n") || hasAnyPrefix(rest, []string{"且", "并", "或", "的"}) {
		return false
	}
	words := rest[:d]
	if _, ok := Canonical(words); ok && lexiconName(cleanIndicator(words)) {
		return true // 城镇登记失业率4.5%
	}
	for _, v := range []string{"控制在", "保持在", "稳定在", "增长", "下降", "提高到", "达到"} {
		if strings.HasSuffix(words, v) && utf8.RuneCountInString(words) >= utf8.RuneCountInString(v)+3 {
			return true
		}
	}
	return false
}

// modifies tells the rest of a clause that counts what a quantity
// qualifies: another number follows before the clause ends.
func modifies(rest string) bool {
	for _, r := range rest {
		switch {
		case r >= '0' && r <= '9':
			return true
		case strings.ContainsRune("，。；：、！？\n", r):
			return false
		}
	}
	return false
}

// yearFor gives a fact its year or span of years. In a review of several
// years (multi), a figure is of the last year (去年, a level reached)
// unless the sentence sums or averages the period (累计, 年均, 五年).
// opensOnLastYear tells whether the paragraph holding text[start:] (it
// starts at para), or the sentence itself, opens on the review's last
// year alone (刚刚过去的2017年，…; 过去一年，…; 2012年，在…): in a five-year
// review its figures are that year's.
func opensOnLastYear(text string, para, start, year int) bool {
	if year == 0 {
		return false
	}
	// A paragraph's opening, if it is near; else the text 4 KB before.
	opening := text[max(para, start-4096):]
	opening = strings.TrimPrefix(strings.TrimLeft(opening, "　 \t"), "各位代表，")
	y := strconv.Itoa(year) + "年"
	for _, s := range []string{opening, text[start:]} {
		if lastYearOpens(s) || strings.HasPrefix(s, "刚刚过去的"+y) || strings.HasPrefix(s, y+"，") || strings.HasPrefix(s, y+",") {
			return true
		}
	}
	return false
}

// yearFor reads the year (or the span) a fact is about; lastYear says the
// paragraph opens on the review's last year alone.
func (c Context) yearFor(kind report.FactKind, fiveYear, multi, level, lastYear bool, sentence string) (*int, []int) {
	id := c.Identity
	if id.Anonymised && id.YearInferred {
		return nil, nil
	}
	if kind == report.Achieved {
		if multi {
			if id.ReviewFrom == 0 {
				return nil, nil
			}
			span := []int{id.ReviewFrom, id.ReviewTo}
			if !level && containsAny(sentence, "累计", "年均", "五年", "以来") || containsAny(sentence, "累计", "五年共", "共计") {
				return nil, span
			}
			y := id.ReviewTo
			// A sentence about the last year alone (刚刚过去的2017年…增长6.9%)
			// states that year's figure, not the span's.
			if !spanStated(sentence) && (lastYear || strings.Contains(sentence, strconv.Itoa(y)+"年")) {
				return &y, nil
			}
			return &y, span
		}
		if id.ReviewTo == 0 {
			return nil, nil
		}
		y := id.ReviewTo
		// 累计 alone in an annual review is the total to date of that year.
		if spanStated(strings.ReplaceAll(sentence, "累计", "")) {
			// A figure over several years inside an annual review: a level
			// with its 年均 rate is the end year's, a total or a rate alone
			// belongs to the span only.
			span := spanOf(sentence, y)
			if level && !containsAny(sentence, "累计", "共计", "五年共") {
				return &y, span
			}
			return nil, span
		}
		return &y, nil
	}
	if fiveYear {
		from := id.PlanSpanFrom
		if from == 0 {
			from = id.PlanFrom
		}
		if from == 0 {
			return nil, nil
		}
		return nil, []int{from, from + 4}
	}
	if id.PlanTo == 0 {
		return nil, nil
	}
	y := id.PlanTo
	return &y, nil
}

var (
	reSpanLen  = regexp.MustCompile(`([两二三四五六七八九十])年(?:来|间|平均|共|累计|中)|过去([两二三四五六七八九十])年`)
	reSpanFrom = regexp.MustCompile(`(?:由|从)((?:19|20)\d\d)年`)
)

// spanOf reads the years a statement covers, ending in end: 两年平均 is
// two years, 十三五 its plan's five, 由2017年的… from that year; five
// years when the text does not say.
func spanOf(s string, end int) []int {
	if m := reSpanFrom.FindStringSubmatch(s); m != nil {
		if y, _ := strconv.Atoi(m[1]); y < end {
			return []int{y + 1, end}
		}
	}
	if m := reFivePlan.FindStringSubmatch(s); m != nil {
		if from := identify.PlanStart(m[1]); from+4 <= end {
			return []int{from, from + 4}
		}
	}
	if m := reSpanLen.FindStringSubmatch(s); m != nil {
		n := strings.Index("零一二三四五六七八九十", m[1]+m[2]) / len("一")
		if m[1]+m[2] == "两" {
			n = 2
		}
		if n >= 2 {
			return []int{end - n + 1, end}
		}
	}
	return []int{end - 4, end}
}

func sectionFiveYear(secs []report.Section, i int) bool {
	for _, s := range secs {
		if i >= s.Start && i < s.End {
			return s.FiveYear
		}
	}
	return false
}

// kindOf decides the fact kind of a sentence from its section, or from
// its own words when the report's structure is unknown.
func kindOf(sec, sentence string) report.FactKind {
	switch sec {
	case segment.Review:
		return report.Achieved
	case segment.Targets:
		return report.Target
	case segment.Tasks, segment.Government, segment.Livelihood:
		return report.Commitment
	}
	if pastWords().first(sentence) >= 0 {
		return report.Achieved
	}
	if strings.Contains(sentence, "预期目标") {
		return report.Target
	}
	return report.Commitment
}

// sentenceFacts reads the facts of one sentence. kind, when set, was read
// from the sentence's words (a copy without sections) by kindRule;
// otherwise the section decides.
func sentenceFacts(text string, para, start, end int, sec string, kind report.FactKind, kindRule string, c Context) []Found {
	s := text[start:end]
	// Only a review of several years needs to know (and the look back to
	// the paragraph's start costs a scan).
	lastYear := false
	if c.Identity.ReviewFrom != c.Identity.ReviewTo {
		lastYear = opensOnLastYear(text, para, start, c.Identity.ReviewTo)
	}
	var ms []mention
	// Chinese numerals count commitments (新建学校十二所); the review's
	// results are written in digits.
	counted := sec != segment.Review
	for _, q := range arabicQuantities(s, counted) {
		if !usable(s, q) {
			continue
		}
		ms = append(ms, classify(s, q, ms))
	}
	if len(ms) == 0 {
		return nil
	}
	if kind == "" { // a copy without sections came with its kind read from its words
		kind, kindRule = kindOf(sec, s), "kind:section"
	}
	if kind != report.Achieved && lastYearOpens(s) {
		kind, kindRule = report.Achieved, "kind:last-year" // 去年…: a figure of the past inside the plan
	}
	five := sectionFiveYear(c.Sections, start) || kindRule == "kind:years-ahead"
	if sec == "" && c.Identity.Kind == report.KindFiveYear && kind == report.Achieved {
		five = true
	}
	estimated := strings.Contains(s, "预计")
	var yearParts []int // where s names a part of the year, read on first need
	partsRead := false
	var out []Found
	var firstAt []int // where each fact's first number stands, for 分别 lists
	var prevAction *string
	used := make([]bool, len(ms))
	// 分别 lists: k levels followed by k growth rates pair up in order.
	pairs, shared, later := zipLists(s, ms)
	for i := 0; i < len(ms); i++ {
		if used[i] {
			continue
		}
		m := ms[i]
		if later[i] {
			continue // a rate the level after it takes
		}
		f := report.Fact{Kind: kind}
		first, last := m.q, m.q
		switch m.role {
		case roleLevel:
			setLevel(&f, m.q)
			j := -1
			if p, ok := pairs[i]; ok {
				j = p
			} else if i+1 < len(ms) && ms[i+1].role != roleLevel && !pairedLevel(pairs, i+1) && connects(s[m.q.End:ms[i+1].q.Start]) {
				j = i + 1
			}
			if j >= 0 && (!used[j] || shared[j]) {
				setChange(&f, ms[j])
				used[j] = true
				if ms[j].q.End > last.End {
					last = ms[j].q
				}
			}
		default:
			setChange(&f, m)
			// A rate then the level it reaches: 增长20%，达到282亿元.
			if j := i + 1; j < len(ms) && ms[j].role == roleLevel && !used[j] && reaches(s[m.q.End:ms[j].q.Start]) {
				setLevel(&f, ms[j].q)
				if f.Qualifier == "" {
					f.Qualifier = factQualifier(m.q.Qualifier)
				}
				used[j] = true
				last = ms[j].q
			}
		}
		used[i] = true
		floor := prevEnd(ms, i)
		qs, qe := indicatorStart(s, first.Start, floor), last.End
		ind := strings.TrimSpace(s[qs:first.Start])
		clause := lineStart(s, first.Start)
		listed := false // a later item of a list under one verb
		if f.Kind == report.Commitment {
			act, actAt := firstAction(s, max(floor, clauseAt(s, first.Start)), first.Start)
			if act == "" {
				act, actAt = action(s, clause, first.Start)
				// 完成废弃矿山生态修复13处、海岸线整治修复6.1公里: a later item of a
				// list under one verb ends on a word of its name, not its verb.
				if act != "" && prevAction != nil && i > 0 && strings.HasPrefix(s[ms[i-1].q.End:first.Start], "、") && strings.TrimSpace(s[actAt+len(act):first.Start]) == "" {
					act = ""
				}
			} else if a, at := nearerAction(s, actAt+len(act), first.Start); a != "" {
				act, actAt = a, at
			}
			switch {
			case act == "":
			case actAt >= floor && actAt > qs && slices.Contains(sumVerbs, act) && nameless(cleanIndicator(s[actAt+len(act):first.Start])):
				// 完成技改投入104亿元: the sum is what is counted, named with what
				// it goes to; the verb is the one before, if any.
				ind = withoutLeadingVerb(cleanIndicator(afterScope(s[qs:first.Start])))
				a := act
				if b, _ := action(s, clause, qs); b != "" {
					a = b
				}
				f.Action = &a
			case actAt >= floor:
				a := act
				f.Action = &a
				// A verb found across a comma names nothing beyond it:
				// 推进“百千工程”，加快3个省级中心村培育.
				nameFrom := max(actAt+len(act), clauseAt(s, first.Start))
				if whole := cleanIndicator(s[qs:first.Start]); strings.Contains(canonicalName(whole), act) {
					ind = whole // 城镇新增就业4500万人: a name the lexicon knows keeps its verb
				} else if between := strings.TrimSpace(s[nameFrom:first.Start]); between != "" {
					ind = between // 新增学位4.8万个
					if m := cleanIndicator(between); isMeasure(m) {
						// 造林面积5845亩, 旅游接待人数达到446万人次: a bare measure keeps
						// what it measures, a general verb aside (实施总额4万亿元).
						if whole := withoutLeadingVerb(cleanIndicator(s[qs:first.Start])); strings.HasSuffix(whole, m) {
							ind = whole
						}
					}
				} else if f.Unit != nil && countWord(*f.Unit) && utf8.RuneCountInString(following(s, last.End)) >= 2 {
					ind = "" // 强力推进27个行业领域的集中整治: the name follows the count
				} else if after := qualified(s, last.End); after != "" {
					// 购买50元/份的老年人意外伤害险: the figure qualifies what follows it.
					ind = beforeClauseVerb(after)
					qe = max(qe, last.End+len("的")+len(ind))
				} else if actAt > qs && strings.TrimSpace(s[qs:actAt]) != "" && (len(out) == 0 || cleanIndicator(s[qs:actAt]) != out[len(out)-1].Fact.Indicator) {
					// 服务对象扩大到1万人; but in 更新30个老旧小区体育设施新建5公里健身步道
					// the words before 新建 are the fact before's name.
					ind = strings.TrimSpace(s[qs:actAt])
				} else {
					ind = "" // 新建10个康居特色村: the name follows
				}
				qs = min(qs, actAt)
			case prevAction != nil:
				// A list under one verb: 新建养老机构床位1000张、日间照料中心50个.
				a := *prevAction
				f.Action = &a
				listed = i > 0 && strings.HasPrefix(s[ms[i-1].q.End:first.Start], "、")
			}
			if utf8.RuneCountInString(ind) <= 1 || isLevelVerb(ind) || strings.HasSuffix(ind, "等") || slices.Contains(leadWords(), ind) {
				// 新建10个康居特色村, 再开工15项, 和25公里生态河道, 开展全区26个
				// 重点行业专项整治: the name follows.
				at := last.End
				for j := i + 1; following(s, at) == "" && j < len(ms) && ms[j].q.Start >= at && s[at:ms[j].q.Start] == "、"; j++ {
					at = ms[j].q.End // 做好164条、133公里河道疏浚整治: the name follows the list
				}
				ind = countedName(s, at)
				if e := at + len(ind); e > qe && at == last.End {
					qe = e
				}
			}
		}
		if strings.HasSuffix(ind, "和") || strings.HasSuffix(ind, "及") || strings.HasSuffix(ind, "与") {
			// 镇级文化示范点和13个村级文化服务中心示范点: what the number counts
			// follows it; the item before 和 has no figure.
			if next := cleanIndicator(countedName(s, last.End)); utf8.RuneCountInString(next) >= 2 {
				ind = next
				qe = max(qe, last.End+len(following(s, last.End)))
			} else {
				_, n := utf8.DecodeLastRuneInString(ind)
				ind = ind[:len(ind)-n]
			}
		}
		f.Indicator = cleanIndicator(ind)
		afterCount := false
		if listed && len(out) > 0 {
			// 培育农村人居环境整治示范村100个、示范镇10个: the list's items
			// share the first one's modifier.
			f.Indicator = sharedModifier(out[len(out)-1].Fact.Indicator, f.Indicator)
		}
		if f.Kind != report.Commitment && (isAction(ind) || slices.Contains(clauseVerbs, ind)) {
			// 新增3个市级服务业集聚区: the verb defines what is counted.
			f.Indicator = ind + cleanIndicator(countedName(s, last.End))
		} else if f.Kind != report.Commitment && f.Unit != nil && countWord(*f.Unit) && (endsWithAction(ind) && !isMeasure(cleanIndicator(ind)) || strings.HasSuffix(ind, "等") || ind == "" || slices.Contains(leadWords(), ind)) {
			// 高标准打造13条农村生态示范河道, 红卫小区等6个老旧小区: the count's
			// name follows it.
			if next := cleanIndicator(countedName(s, last.End)); utf8.RuneCountInString(next) >= 2 {
				f.Indicator = next
				afterCount = true
			}
		} else if j := i + 1; f.Kind != report.Commitment && f.Unit != nil && countWord(*f.Unit) && j < len(ms) && ms[j].q.Start == last.End && countWord(ms[j].q.Unit) && ms[j].q.Unit != *f.Unit {
			// 804户1553名建档立卡低收入人口全部脱贫: two counts in two units of what
			// follows them (2537家85家 are two facts, the comma lost).
			if next := cleanIndicator(countedName(s, ms[j].q.End)); utf8.RuneCountInString(next) >= 2 {
				f.Indicator = next
				afterCount = true
			}
		}
		if !afterCount { // a name after its count is whole: 企业入选省…示范工程
			refineName(&f)
		}
		if utf8.RuneCountInString(f.Indicator) <= 1 {
			// 为超20000名…, 使1100万户…: a word of one character names
			// nothing; what is counted follows.
			if f.Indicator == "" {
				f.Indicator = cleanIndicator(countedName(s, last.End))
			} else if next := cleanIndicator(countedName(s, last.End)); utf8.RuneCountInString(next) >= 2 {
				f.Indicator = next
			}
		}
		if isMeasure(f.Indicator) {
			// 建筑业发展全面提速，总产值从56亿元增长到158亿元: a bare measure is
			// of the subject of the clause before.
			if named := ofSubject(clauseBefore(s, clauseAt(s, first.Start)), f.Indicator); named != "" {
				f.Indicator = named
			}
		}
		if len(out) > 0 && i > 0 && s[ms[i-1].q.End:qs] == "、" && strings.HasPrefix(s[qs:first.Start], f.Indicator) {
			// 国有经济总资产2040亿元、所有者权益460亿元
			f.Indicator = spreadModifier(out[len(out)-1].Fact.Indicator, f.Indicator)
		}
		if elided(f.Indicator) && (len(out) == 0 || i == 0) {
			// 地区生产总值增速保持在合理区间，初步预计全年增长6.3%: with no figure
			// before it, the indicator is the one the clause before opens on.
			before := strings.TrimSpace(clauseBefore(s, clauseAt(s, first.Start)))
			for _, n := range c.ownNames {
				before = strings.TrimPrefix(before, n) // 重庆地区生产总值…
			}
			if n := openingName(before); n != "" {
				f.Indicator = n
			}
		}
		if f.Indicator == "总量" && len(out) > 0 && i > 0 && out[len(out)-1].Fact.Unit != nil && f.Unit != nil && *out[len(out)-1].Fact.Unit == *f.Unit && countWord(*f.Unit) {
			// 新认定国家级高新技术企业27家、总量达113家: the total of what the
			// count before counts.
			f.Indicator = withoutAction(out[len(out)-1].Fact.Indicator) + "总量"
		} else if elided(f.Indicator) && len(out) > 0 && i > 0 && out[len(out)-1].Fact.Kind == f.Kind {
			// 地区生产总值从111.8亿元提高至160亿元左右，累计完成约545亿元，人均突破
			// 15万元: the figures after the first speak of its indicator.
			prev := out[len(out)-1].Fact.Indicator
			if f.Indicator == "人均" && !strings.HasPrefix(prev, "人均") {
				prev = "人均" + prev
			}
			f.Indicator = prev
		}
		if f.Indicator == "" && len(out) > 0 && i > 0 {
			gapEnd := first.Start
			if f.Action != nil {
				if k := strings.LastIndex(s[ms[i-1].q.End:first.Start], *f.Action); k >= 0 {
					gapEnd = ms[i-1].q.End + k // 基本建成470万套、新开工630万套
				}
			}
			gap := s[ms[i-1].q.End:gapEnd]
			if isListGap(gap) || gap == "" && f.Unit != nil && ms[i-1].q.Unit != *f.Unit {
				// 分别达到46082元、25035元; 建档立卡贫困户301户611人: one thing counted twice
				f.Indicator = out[len(out)-1].Fact.Indicator
			}
		}
		if verb := f.Indicator; verbOnly(verb) {
			// A verb names nothing when the text says what is counted: after
			// the count (建成运行10个村庄生活污水处理示范工程), in the figure
			// before (净增高新技术企业16家，达到21家), or where the clause before
			// opens (粮食产量屡创历史新高，去年达到54641万吨).
			if next := cleanIndicator(countedName(s, last.End)); f.Unit != nil && countWord(*f.Unit) && utf8.RuneCountInString(next) >= 2 && !verbOnly(next) {
				f.Indicator = next
				qe = max(qe, last.End+len(following(s, last.End)))
			} else if prev := len(out) - 1; isLevelVerb(verb) && verb != "分别" && prev >= 0 && i > 0 && isListGap(strings.TrimSuffix(strings.TrimSpace(s[ms[i-1].q.End:first.Start]), verb)) &&
				(out[prev].Fact.Unit == nil || f.Unit != nil && *out[prev].Fact.Unit == *f.Unit) && !verbOnly(out[prev].Fact.Indicator) && len(splitNames(out[prev].Fact.Indicator)) == 1 {
				f.Indicator = withoutAction(out[prev].Fact.Indicator)
			} else if before := clauseBeforeIn(text, start+clauseAt(s, first.Start)); isLevelVerb(verb) && !strings.ContainsAny(before, "0123456789") && openingName(before) != "" {
				f.Indicator = openingName(before)
			}
			if f.Indicator != verb && f.Kind == report.Commitment && f.Action == nil && isAction(verb) {
				f.Action = &verb
			}
		}
		if prev := len(out) - 1; prev >= 0 && f.Indicator == out[prev].Fact.Indicator && out[prev].End >= start+qs && f.Unit != nil && countWord(*f.Unit) {
			// 3个村入选市特色田园乡村1660户“美丽庭院”示范户: the name before this
			// count is the one the count before took after it, the comma
			// between them lost; this count's name follows it.
			if next := cleanIndicator(countedName(s, last.End)); utf8.RuneCountInString(next) >= 2 && !verbOnly(next) {
				f.Indicator = next
				qe = max(qe, last.End+len(following(s, last.End)))
			}
		}
		if f.Indicator == "其中" && len(out) > 0 {
			// 建档立卡贫困户301户，其中173户稳定脱贫: a part of what the fact before counts
			f.Indicator = out[len(out)-1].Fact.Indicator
		}
		if f.Indicator == "" && f.Action != nil {
			f.Indicator = *f.Action // 全年计划投资12.7亿元: the activity is what is counted
		}
		// A list's mark never opens a name (…覆盖全市、入境俄蒙8座).
		f.Indicator = strings.TrimLeft(f.Indicator, "、，,")
		// A news copy names the region before the figure: 福建全省生产总值.
		for _, n := range c.ownNames {
			if strings.HasPrefix(f.Indicator, n) && utf8.RuneCountInString(f.Indicator[len(n):]) >= 2 {
				f.Indicator = cleanIndicator(f.Indicator[len(n):])
				break
			}
		}
		if ci, ok := Canonical(f.Indicator); ok {
			id := ci.ID
			f.Canonical = &id
		}
		if f.Qualifier == "" && strings.Contains(s[clause:first.Start], "力争") {
			f.Qualifier = "力争"
		}
		f.Estimated = estimated && strings.Index(s, "预计") < first.Start
		if f.Kind != report.Commitment && !partsRead {
			yearParts, partsRead = subYearMarks(s), true
		}
		if f.Kind != report.Commitment && subYear(s, yearParts, first.Start) {
			// 今年一季度，地区生产总值增长6.2%: a part of a year is neither its
			// result nor its target; in a commitment it is a deadline.
			continue
		}
		clauseStart := max(floor, clauseAt(s, first.Start))
		// A look back on last year inside the plan is about that year alone.
		multi := five || c.Identity.ReviewFrom != c.Identity.ReviewTo && kindRule != "kind:past-paragraph"
		f.Year, f.SpanYears = c.yearFor(f.Kind, five, multi, f.Value != nil, lastYear, s[clauseStart:qe])
		if sec != "" {
			sk := sec
			f.Section = &sk
		}
		f.Rule = ruleName(f) + " " + kindRule
		// A、B均增长8%, A和B均4.5%左右: one figure stated for each listed
		// indicator. The names are split only where the words before the
		// figure share it: the common case, one figure for one indicator,
		// costs no split.
		lead := strings.TrimSpace(s[qs:first.Start])
		each := strings.HasSuffix(lead, "各") // 4A级旅游景区、省四星级乡村旅游点各1家
		if each {
			f.Indicator = strings.TrimSuffix(f.Indicator, "各")
		}
		ownName := i == 0 || !isListGap(s[ms[i-1].q.End:first.Start]) // not 96.4%和50.2%
		if (sharedFigure(lead) || each || ownName && sharedRate(f, s, first.Start, last.End)) && !summarised(f.Indicator) {
			if names := listNames(f.Indicator, len(splitNames(f.Indicator))); len(names) > 1 {
				for _, name := range names {
					g := f
					g.Indicator = cleanIndicator(name)
					g.Canonical = nil
					if ci, ok := Canonical(g.Indicator); ok {
						id := ci.ID
						g.Canonical = &id
					}
					g.Rule = "shared-rate"
					out = append(out, Found{Fact: g, Start: start + qs, End: start + qe})
					firstAt = append(firstAt, -1)
				}
				continue
			}
		}
		out = append(out, Found{Fact: f, Start: start + qs, End: start + qe})
		firstAt = append(firstAt, first.Start)
		prevAction = f.Action
	}
	out, firstAt = pairedFromTo(s, ms, out, firstAt)
	nameLists(s, start, out, firstAt)
	namePairs(out)
	tierItems(out)
	return out
}

// pairedFromTo reads two from/tos written as lists: 分别由17979元和4931元增加
// 到27763元和8076元 is 17979→27763 and 4931→8076. The facts of the end
// points take their start points and the start points' names; a from/to
// has no year of its own, only its span.
func pairedFromTo(s string, ms []mention, out []Found, firstAt []int) ([]Found, []int) {
	at := func(q Quantity) int { return slices.Index(firstAt, q.Start) }
	for i := 0; i+3 < len(ms); i++ {
		a, b, c, d := ms[i].q, ms[i+1].q, ms[i+2].q, ms[i+3].q
		if a.Kind != Number || b.Kind != Number || c.Kind != Number || d.Kind != Number || a.Unit == "" || b.Unit != a.Unit || d.Unit != c.Unit {
			continue
		}
		list := func(g string) bool { return g == "和" || g == "、" }
		if !strings.HasSuffix(s[:a.Start], "由") && !strings.HasSuffix(s[:a.Start], "从") ||
			!list(s[a.End:b.Start]) || !list(s[c.End:d.Start]) || !slices.Contains(toVerbs, s[b.End:c.Start]) {
			continue
		}
		fa, fb, fc, fd := at(a), at(b), at(c), at(d)
		if fa < 0 || fb < 0 || fc < 0 || fd < 0 || out[fa].Fact.Kind != out[fc].Fact.Kind {
			continue
		}
		for _, p := range []struct {
			from, to   int
			fromQ, toQ Quantity
		}{{fa, fc, a, c}, {fb, fd, b, d}} {
			f := &out[p.to].Fact
			was := ruleName(*f)
			lo, hi := p.fromQ.Written*p.fromQ.Mult/p.toQ.Mult, p.toQ.Written
			f.Low, f.High = &lo, &hi
			f.Indicator, f.Canonical = out[p.from].Fact.Indicator, out[p.from].Fact.Canonical
			f.Year, f.Rule = nil, ruleName(*f)+strings.TrimPrefix(f.Rule, was)
			out[p.to].Start = out[p.from].Start
			firstAt[p.to] = firstAt[p.from]
		}
		out = slices.Delete(out, fa, fb+1)
		firstAt = slices.Delete(firstAt, fa, fb+1)
		i += 3
	}
	return out, firstAt
}

// summarised tells a list its last item sums up: 养老、医疗、失业、工伤、生育
// 五项社会保险参保人数 is one figure, not five.
func summarised(name string) bool {
	return reSummary.MatchString(name)
}

var reSummary = regexp.MustCompile(`[二三四五六七八九十两]+(?:项|大|类|种|个)`)

// elided tells a name that is no name, the indicator left unsaid after a
// figure of it in the same sentence: 累计完成约, 人均, 初步预计全年.
func elided(name string) bool {
	if strings.HasPrefix(name, "比") && reBase.FindString(name) == name {
		return true // 比2007年增加15.5辆: the base alone names nothing
	}
	switch name {
	case "约", "完成", "累计", "初步", "两年", "同比", "总量", "人均", "初步预计", "年均", "转", "转为":
		return true
	}
	return false
}

// sharedFigure tells the words before a figure that state it for every
// listed indicator: 均增长8%, 均4.5%左右 (not the 均 of 人均).
func sharedFigure(lead string) bool {
	lead = stripIndicatorEnd(lead)
	return strings.HasSuffix(lead, "均") && !strings.HasSuffix(lead, "人均") && !strings.HasSuffix(lead, "平均")
}

// qualified returns the name a figure ending at i qualifies through 的
// (50元/份的老年人意外伤害险), or "".
func qualified(s string, i int) string {
	if !strings.HasPrefix(s[i:], "的") {
		return ""
	}
	if after := following(s, i+len("的")); utf8.RuneCountInString(after) >= 2 {
		return after
	}
	return ""
}

// nameless tells words between a verb and its figure that name nothing:
// none, one character, or a word of change (研发经费投入年均增长10%).
func nameless(words string) bool {
	return utf8.RuneCountInString(words) <= 1 || elided(words)
}

// sumVerbs put in a sum that a commitment counts: 技改投入, 年度计划投资.
var sumVerbs = []string{"投入", "计划投资"}

// sharedRate tells one rate stated for two or more rates listed before
// it: 资源化利用率和无害化处置率达100%. Not in a 分别 list's clause, nor for
// rates followed by a figure each (A率和B率达到90%和95%).
func sharedRate(f report.Fact, s string, at, end int) bool {
	if f.Unit == nil || *f.Unit != "%" || !strings.HasSuffix(f.Indicator, "率") {
		return false
	}
	parts := splitNames(f.Indicator)
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if utf8.RuneCountInString(p) < 3 || !strings.HasSuffix(p, "率") {
			return false
		}
	}
	return !strings.Contains(s[lineStart(s, at):at], "分别") && !isListGap(firstWords(s[end:]))
}

// firstWords is what follows a figure up to the next digit.
func firstWords(rest string) string {
	if k := strings.IndexAny(rest, "0123456789"); k >= 0 {
		return rest[:k]
	}
	return rest
}

// stripIndicatorEnd drops the verbs and fillers that end the words before
// a figure, leaving a 均 that they follow in view.
func stripIndicatorEnd(s string) string {
	for _, v := range []string{"增长", "提高", "下降", "达到", "控制在", "保持在", "为", "达"} {
		s = strings.TrimSuffix(s, v)
	}
	return s
}

// ruleName names the rule that made a fact, for provenance.
func ruleName(f report.Fact) string {
	switch {
	case f.Low != nil:
		return "range"
	case f.Value != nil && f.Growth != nil:
		return "level+growth"
	case f.Value != nil:
		return "level"
	case f.ChangePP != nil:
		return "points"
	}
	return "growth"
}

// rateHeld are a growth rate and the verb that holds it at a figure:
// 增速保持在, 增幅达到.
var rateHeld = sync.OnceValue(func() []string {
	var out []string
	for _, r := range []string{"增速", "增幅", "增长率", "增长速度"} {
		for _, h := range []string{"保持在", "稳定在", "控制在", "保持", "达到", "为", "达"} {
			out = append(out, r+h)
		}
	}
	return out
})

func hasAnySuffix(s string, list []string) bool {
	for _, w := range list {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// classify gives a quantity its role from the words before it.
func classify(s string, q Quantity, prev []mention) mention {
	m := mention{q: q, role: roleLevel, sign: 1}
	if q.Kind == Points {
		m.role = rolePoints
	}
	lead := s[:q.Start]
	// A list continues the role of its head: 增长8.5%、8.8%.
	if len(prev) > 0 {
		p := prev[len(prev)-1]
		gap := strings.TrimPrefix(trimQualifiers(s[p.q.End:q.Start]), "，")
		if (gap == "、" || gap == "和" || gap == "及" || gap == "与") && p.role != roleLevel && q.Kind != Number {
			m.role, m.sign = p.role, p.sign
			return m
		}
	}
	if q.Kind != Percent && q.Kind != Range && q.Kind != Points {
		return m
	}
	if q.Kind == Range && q.Unit != "%" {
		return m
	}
	lead = withoutFillers(lead)
	// 地区生产总值增速保持在7%左右: the rate held is a growth rate (a price's
	// 涨幅 held is the level of its rise).
	if q.Kind != Points && hasAnySuffix(lead, rateHeld()) {
		m.role = roleGrowth
		return m
	}
	for _, v := range growthDown {
		if strings.HasSuffix(lead, v) {
			if q.Kind != Points {
				m.role = roleGrowth
			}
			m.sign = -1
			return m
		}
	}
	for _, v := range growthUp {
		if strings.HasSuffix(lead, v) {
			if q.Kind != Points {
				m.role = roleGrowth
			}
			return m
		}
	}
	return m
}

// trimQualifiers drops the qualifiers that open a gap between two
// numbers: 9%以上和10%以上.
func trimQualifiers(g string) string {
	for _, q := range []string{"以上", "左右", "以内", "以下"} {
		g = strings.TrimPrefix(g, q)
	}
	return g
}

// reAside is a clause between a level and its rate that belongs to
// neither: a ratio (是2012年的1.2倍), a threshold's noun (迈上5000亿元台阶).
var reAside = regexp.MustCompile(`^(?:台阶|大台阶|大关|关口)?[，,、 ]*(?:是[^，,；]{0,16}?倍[，,]?)?`)

// connects tells whether the words between a level and a rate tie them
// into one fact: 950亿元，增长7.5%; 37.12亿元,比上年增长8%.
func connects(between string) bool {
	b := between
	if strings.Contains(b, "倍") || strings.HasPrefix(b, "台阶") || strings.HasPrefix(b, "大") || strings.HasPrefix(b, "关口") {
		b = reAside.ReplaceAllString(b, "")
	}
	b = strings.TrimLeft(b, "，,、 ")
	for _, f := range frames {
		// 12.3亿元，剔除留抵退税因素后增长8.1%: a frame between them ties them still.
		if k := strings.Index(b, f.close); strings.HasPrefix(b, f.open) && k > 0 && utf8.RuneCountInString(b[:k]) <= 20 {
			b = strings.TrimLeft(b[k+len(f.close):], "，, ")
			break
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range changeFillers {
			if strings.HasPrefix(b, f) {
				b = strings.TrimLeft(strings.TrimPrefix(b, f), "，, ")
				changed = true
			}
		}
	}
	for _, v := range append(append([]string{}, growthUp...), growthDown...) {
		if strings.HasPrefix(b, v) {
			rest := strings.TrimPrefix(b, v)
			for _, f := range changeFillers {
				rest = strings.TrimPrefix(rest, f)
			}
			return rest == ""
		}
	}
	return false
}

// zipLists pairs a run of levels with the run of rates that follows it:
// 分别达到46082元、25035元，增长8.5%、8.8%.
//
// One rate after several levels with 分别 applies to each of them; such a
// rate is shared. A run of rates followed by the levels they reach pairs
// the other way (分别增长12%和13%，分别达43366元和13835元): those rates are
// later, taken by their levels.
func zipLists(s string, ms []mention) (pairs map[int]int, shared, later map[int]bool) {
	pairs, shared, later = map[int]int{}, map[int]bool{}, map[int]bool{}
	for i := 0; i < len(ms); {
		if ms[i].role == roleLevel {
			i++
			continue
		}
		j := i
		for j+1 < len(ms) && ms[j+1].role != roleLevel && isListGap(s[ms[j].q.End:ms[j+1].q.Start]) {
			j++
		}
		k := j - i + 1
		if k >= 2 && i-k >= 0 {
			ok := true
			for x := i - k; x < i; x++ {
				if ms[x].role != roleLevel {
					ok = false
				}
			}
			if ok && connects(s[ms[i-1].q.End:ms[i].q.Start]) {
				for x := 0; x < k; x++ {
					pairs[i-k+x] = i + x
				}
			}
		}
		// k rates, then the k levels they reach: 分别增长12%和13%，分别达43366元和13835元.
		if k >= 2 && j+k < len(ms) && reaches(strings.TrimPrefix(strings.TrimLeft(s[ms[j].q.End:ms[j+1].q.Start], "，, "), "分别")) {
			ok := true
			for x := j + 1; x <= j+k; x++ {
				if ms[x].role != roleLevel || x > j+1 && !isListGap(s[ms[x-1].q.End:ms[x].q.Start]) {
					ok = false
				}
			}
			if ok {
				for x := 0; x < k; x++ {
					pairs[j+1+x] = i + x
					later[i+x] = true
				}
				i = j + k + 1
				continue
			}
		}
		if k == 1 && i >= 2 && strings.Contains(s[:ms[i].q.Start], "分别") && connects(s[ms[i-1].q.End:ms[i].q.Start]) {
			for x := i - 1; x >= 0 && ms[x].role == roleLevel; x-- {
				pairs[x] = i
				if x > 0 && !isListGap(s[ms[x-1].q.End:ms[x].q.Start]) {
					break
				}
			}
			shared[i] = true
		}
		i = j + 1
	}
	return pairs, shared, later
}

// reaches tells the words between a rate and the level it leads to.
func reaches(between string) bool {
	b := strings.TrimLeft(between, "，, ")
	for _, v := range []string{"达到", "总量达到", "总量达", "达", "突破", "超过", "为", "至", "到"} {
		if b == v {
			return true
		}
	}
	return false
}

func pairedLevel(pairs map[int]int, j int) bool {
	for _, v := range pairs {
		if v == j {
			return true
		}
	}
	return false
}

func isListGap(g string) bool {
	return g == "、" || g == "和" || g == "及" || g == "与" || g == "，"
}

func setLevel(f *report.Fact, q Quantity) {
	unit := q.Unit
	switch q.Kind {
	case Range:
		lo, hi := *q.Low, *q.High
		f.Low, f.High = &lo, &hi
		f.Unit = &unit
	case FromTo:
		// The level reached is the value; the path is low and high.
		lo, hi := *q.Low, *q.High
		f.Low, f.High = &lo, &hi
		v := hi
		f.Value = &v
		f.Unit = &unit
	default:
		v := q.Written
		f.Value = &v
		f.Unit = &unit
	}
	f.Qualifier = factQualifier(q.Qualifier)
}

func setChange(f *report.Fact, m mention) {
	q := m.q
	switch {
	case m.role == rolePoints:
		v := q.Written * m.sign
		f.ChangePP = &v
	case q.Kind == Range:
		lo, hi := *q.Low*m.sign, *q.High*m.sign
		f.Low, f.High = &lo, &hi
		if f.Unit == nil {
			u := q.Unit
			f.Unit = &u
		}
	default:
		v := q.Written * m.sign
		f.Growth = &v
	}
	if f.Qualifier == "" {
		f.Qualifier = factQualifier(q.Qualifier)
	}
}

// factQualifier maps the reader's qualifiers onto the contract's set.
func factQualifier(q string) string {
	switch q {
	case "左右", "以上", "以内", "以下", "力争", "突破", "不低于":
		return q
	}
	return ""
}

func prevEnd(ms []mention, i int) int {
	if i == 0 {
		return 0
	}
	return ms[i-1].q.End
}

// clauseAt returns the start of the clause holding position i: after the
// last ，,； before it.
func clauseAt(s string, i int) int {
	// Byte by byte: ，；are EF BC 8C and EF BC 9B, and EF only leads a rune.
	for k := i; k > 0; k-- {
		switch b := s[k-1]; {
		case b == ',':
			return k
		case (b == 0x8C || b == 0x9B) && k >= 3 && s[k-3] == 0xEF && s[k-2] == 0xBC:
			return k
		}
	}
	return 0
}

// lineStart returns the start of the clause holding position i: after the
// last ；：。 before it.
func lineStart(s string, i int) int {
	// Byte by byte: ；：！？ are EF BC 9B, 9A, 81, 9F; 。 is E3 80 82.
	for k := i; k > 0; k-- {
		switch b := s[k-1]; {
		case b == '\n':
			return k
		case k < 3:
		case (b == 0x9B || b == 0x9A || b == 0x81 || b == 0x9F) && s[k-3] == 0xEF && s[k-2] == 0xBC:
			return k
		case b == 0x82 && s[k-3] == 0xE3 && s[k-2] == 0x80:
			return k
		}
	}
	return 0
}

// indicatorStart walks back from a number to the start of its indicator:
// the last clause boundary, not before the previous quantity.
func indicatorStart(s string, at, floor int) int {
	k := at
	for k > floor {
		r, n := utf8.DecodeLastRuneInString(s[:k])
		if r == '、' && k < at && strings.TrimSpace(s[k:at]) != "" && listedWithout(s[floor:k-n]) {
			k -= n // 人大、政协专题视察26次: the items before share the figure
			continue
		}
		if strings.ContainsRune(boundaries, r) && !(r == '“' || r == '”' || r == '"' || r == '（' || r == '）' || r == '(' || r == ')') {
			break
		}
		k -= n
	}
	// Leading words are not part of the indicator.
	_, byFirst := stripWords()
	for changed := true; changed; {
		changed = false
		r, _ := utf8.DecodeRuneInString(s[k:at])
		for _, w := range byFirst[r] {
			if strings.HasPrefix(s[k:at], w) && k+len(w) < at {
				k += len(w)
				changed = true
				break
			}
		}
	}
	return k
}

// listedWithout tells a list item before 、 that has no figure of its own
// (the text back to the clause's start holds no digit): it shares the
// figure that follows.
func listedWithout(before string) bool {
	item := before[max(clauseAt(before, len(before)), lineStart(before, len(before))):]
	return item != "" && !strings.ContainsAny(item, "0123456789") && utf8.RuneCountInString(item) <= 24
}

// action finds the commitment verb nearest before position at: the one
// ending last, and of those the longest (开工建设 over 建设). It walks
// back one character at a time and tries only the verbs ending in it.
func action(s string, from, at int) (string, int) {
	byLast := lexicon().actionsByLast
	for e := at; e > from; {
		r, n := utf8.DecodeLastRuneInString(s[from:e])
		for _, a := range byLast[r] { // longest first
			if strings.HasSuffix(s[from:e], a) && !nounAfter(s[e:]) {
				return a, e - len(a)
			}
		}
		e -= n
	}
	return "", -1
}

// nearerAction finds, after a clause's first verb (ending at from), a
// verb nearer the number at that opens a clause of its own: the text lost
// its comma, and 推进城市防洪工程新改建排涝站6座 counts 排涝站 (新改建). The verb
// needs a name of two characters or more before the number, and words of
// two or more between it and the first verb (新增建设用地 is one name); a
// verb the number follows directly (技改投入104亿元) names nothing.
func nearerAction(s string, from, at int) (string, int) {
	for e := at; e > from; {
		a, k := action(s, from, e)
		if a == "" {
			return "", -1
		}
		// 新建成片林: the verb is 新建, not 建成.
		if _, n := utf8.DecodeRuneInString(a); k > from {
			if b, kb := action(s, from, k+n); b != "" && kb < k && kb+len(b) == k+n {
				a, k = b, kb
			}
		}
		before := s[from:k]
		// A verb before a quoted name acts on it: …等工程建设“口袋公园”2个.
		if (opensClause(a) || strings.HasPrefix(s[k+len(a):], "“")) && utf8.RuneCountInString(s[k+len(a):at]) >= 2 && utf8.RuneCountInString(before) >= 2 &&
			!strings.HasSuffix(before, "的") && strings.Count(before, "“") == strings.Count(before, "”") {
			return a, k
		}
		e = k
	}
	return "", -1
}

// opensClause tells a verb that opens a clause rather than sits inside a
// name (环境整治示范村, 老旧小区改造): the clause verbs, and the verbs of
// something new (新建, 新改建, 新引进).
func opensClause(a string) bool {
	return strings.HasPrefix(a, "新") && utf8.RuneCountInString(a) >= 2 || slices.Contains(clauseVerbs, a)
}

// firstAction finds the verb a clause opens with (after its lead words),
// the longest at its place: in 完成废弃矿山生态修复13处 the action is 完成
// and 修复 belongs to the name. A one-character verb counts only right
// before the number (达50%), not inside a word (达标村居).
func firstAction(s string, from, at int) (string, int) {
	byFirst := lexicon().actionsByFirst
	_, leads := stripWords()
	for again := true; again; {
		again = false
		r, _ := utf8.DecodeRuneInString(s[from:])
		for _, w := range leads[r] {
			if strings.HasPrefix(s[from:at], w) && from+len(w) < at {
				// A lead word that is a verb itself (完成) is the clause's
				// verb unless another verb follows it (完成新建…).
				if isAction(w) && !startsWithAction(s[from+len(w):at]) {
					break
				}
				from += len(w)
				again = true
				break
			}
		}
	}
	for i := from; i < at && i <= from+len("一"); {
		r, n := utf8.DecodeRuneInString(s[i:])
		for _, a := range byFirst[r] { // longest first
			if i+len(a) > at || !strings.HasPrefix(s[i:], a) || nounAfter(s[i+len(a):]) {
				continue
			}
			if utf8.RuneCountInString(a) == 1 && i+len(a) != at {
				continue
			}
			return a, i
		}
		i += n
	}
	return "", -1
}

// startsWithAction tells a text that opens with a commitment verb; one
// that is an item of a list (开工、在建、竣工安置房面积) names, not acts.
func startsWithAction(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	for _, a := range lexicon().actionsByFirst[r] {
		if strings.HasPrefix(s, a) && !strings.HasPrefix(s[len(a):], "、") {
			return true
		}
	}
	return false
}

// nounAfter tells the rest of a word that turns a verb into a noun:
// 增加值, 增长率.
func nounAfter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '值' || r == '率' || r == '额'
}

// isAction tells a text that is a commitment verb and nothing else.
func isAction(s string) bool {
	for _, a := range lexicon().actions {
		if s == a {
			return true
		}
	}
	return false
}

func isLevelVerb(s string) bool {
	for _, v := range levelVerbs {
		if s == v {
			return true
		}
	}
	return false
}

// following returns the words after position i up to a boundary:
// 新建10个康居特色村 → 康居特色村.
func following(s string, i int) string {
	k := i
	for k < len(s) {
		r, n := utf8.DecodeRuneInString(s[k:])
		if r == '（' && k > i {
			if e := aside(s[k:]); e > 0 {
				k += e // 28家农贸市场（邻里中心）: what the name is also called is part of it
				continue
			}
		}
		if strings.ContainsRune(boundaries, r) && r != '“' && r != '”' && r != '"' || r == '和' || r == '及' || r >= '0' && r <= '9' {
			break
		}
		k += n
	}
	return s[i:k]
}

// aside returns the length of a short parenthesis at the start of s that
// names rather than counts: no figure and no clause inside, or 0.
func aside(s string) int {
	e := strings.Index(s, "）")
	if e < 0 || e > len("（")+8*3 {
		return 0
	}
	inner := s[len("（"):e]
	if inner == "" || strings.ContainsAny(inner, "0123456789，、；。") || strings.HasPrefix(inner, "其中") || strings.HasPrefix(inner, "含") {
		return 0
	}
	return e + len("）")
}

// reYearLead is a year that opens a clause, with the words that may
// follow it before the indicator.
var reYearTail = regexp.MustCompile(`(?:19|20)\d\d年$`)

var reYearLead = regexp.MustCompile(`^(?:19|20)\d\d年(?:[，,])?(?:全年)?`)

// reFromYear is the start of a from/to written with its year: 由2010年的.
var reFromYear = regexp.MustCompile(`(?:由|从)(?:\d{4}年)?(?:的|底的|末的)?$`)

// cleanIndicator strips verbs and fillers around an indicator name; 经济增长
// keeps its verb, since it names the indicator (the growth of GDP).
func cleanIndicator(s string) string {
	if c := stripIndicator(afterPredicate(withoutFrame(withoutBase(s)))); c != "经济" {
		return c
	}
	return "经济增长"
}

// reBase is the year a change is measured from: 比上年, 比XX年考核基数.
var reBase = regexp.MustCompile(`(?:比|由|较)(?:上年|去年|上一年|同期|基期|(?:19|20)\d\d年|[Xx]{2,4}年)`)

// withoutBase cuts the base of a comparison off a name: Pm2.5平均浓度比XX年
// 考核基数 names Pm2.5平均浓度.
func withoutBase(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == '每' || r == '比' || r == '由' || r == '较' }) {
		return s // most names: one pass over a short name
	}
	if k := strings.LastIndex(s, "每"); k >= 0 {
		// A per-unit base at the end of a name is not part of it: 粳稻每50公斤,
		// 食品抽检量超每千人; 城镇居民每百户拥有家用汽车 is a name.
		rest := strings.TrimLeft(s[k+len("每"):], "0123456789.十百千万")
		if k >= len("一")*2 && len(rest) < len(s[k+len("每"):]) && utf8.RuneCountInString(rest) <= 2 {
			s = s[:k]
		}
	}
	if !strings.Contains(s, "比") && !strings.Contains(s, "由") && !strings.Contains(s, "较") {
		return s
	}
	if loc := reBase.FindStringIndex(s); loc != nil && utf8.RuneCountInString(reYearLead.ReplaceAllString(s[:loc[0]], "")) >= 2 {
		return s[:loc[0]]
	}
	return s
}

// frames open and close a clause that frames a figure rather than naming
// it: 在明显提高质量和效益的基础上, 在保持物价基本稳定的前提下, 剔除虚增空转
// 因素后. The longer close comes first.
var frames = []struct{ open, close string }{{"在", "的基础上"}, {"在", "的前提下"}, {"剔除", "因素后"}, {"剔除", "因素"}}

// withoutFrame drops a framing clause from a name: 经济增长预期目标是在明显
// 提高质量和效益的基础上 names 经济增长, 一般公共预算收入剔除虚增空转因素后
// names 一般公共预算收入.
func withoutFrame(s string) string {
	if !strings.Contains(s, "的") && !strings.Contains(s, "因素") {
		return s // every close holds one of the two
	}
	for _, f := range frames {
		k := strings.Index(s, f.close)
		if k < 0 {
			continue
		}
		from := strings.LastIndex(s[:k], f.open)
		if from < 0 {
			from = 0
		}
		s = s[:from] + s[k+len(f.close):]
	}
	return s
}

func stripIndicator(s string) string {
	s = strings.Trim(s, " ，、●•·—-")
	// A parenthesis opened or closed outside the name: （其中小学8所）.
	if strings.HasPrefix(s, "（") && !strings.Contains(s, "）") {
		s = s[len("（"):]
	}
	if strings.HasSuffix(s, "）") && !strings.Contains(s, "（") {
		s = s[:len(s)-len("）")]
	}
	if strings.IndexByte(s, '|') >= 0 || strings.Contains(s, "｜") {
		for _, bar := range []string{"|", "｜"} {
			if i := strings.LastIndex(s, bar); i >= 0 {
				s = s[i+len(bar):] // a headline's parts: 2022全国地方两会|广西GDP
			}
		}
	}
	if s != "" && (s[0] == '1' || s[0] == '2') {
		s = reYearLead.ReplaceAllString(s, "") // 2022年预计全区地区生产总值
	}
	if strings.Contains(s, "由") || strings.Contains(s, "从") {
		s = reFromYear.ReplaceAllString(s, "")
	}
	byLast, byFirst := stripWords()
	for changed := true; changed; {
		changed = false
		for again := true; again; {
			again = false
			if r, _ := utf8.DecodeLastRuneInString(s); r == '从' || r == '由' || r == '年' || r == '的' {
				// 最低标准从每人每月2375元, 养老金从2004年人均每月700元: what the
				// strip below uncovered opens a from/to.
				if t := reFromYear.ReplaceAllString(s, ""); t != s && t != "" {
					s, again, changed = t, true, true
					continue
				}
			}
			r, _ := utf8.DecodeLastRuneInString(s)
			if r == '年' {
				// The year a figure is of: 地区生产总值2015年为7.5万亿元.
				if loc := reYearTail.FindStringIndex(s); loc != nil && utf8.RuneCountInString(s[:loc[0]]) >= 2 {
					s, again, changed = s[:loc[0]], true, true
					continue
				}
			}
			for _, w := range byLast[r] {
				if strings.HasSuffix(s, w) && len(s) > len(w) && !(w == "增" && (strings.HasSuffix(s, "新增") || strings.HasSuffix(s, "净增"))) && !(w == "均" && (strings.HasSuffix(s, "人均") || strings.HasSuffix(s, "平均") || strings.HasSuffix(s, "年均"))) && !(w == "人均" && utf8.RuneCountInString(s) <= 3) {
					s = s[:len(s)-len(w)]
					again, changed = true, true
					break
				}
			}
		}
		r, _ := utf8.DecodeRuneInString(s)
		for _, w := range byFirst[r] {
			if strings.HasPrefix(s, w) && len(s) > len(w) {
				s = s[len(w):]
				changed = true
				break
			}
		}
	}
	return s
}

// stripWords indexes the words stripped from an indicator's end (level
// verbs, change verbs, fillers, in that order) by their last character,
// and the lead words stripped from its start by their first.
var stripWords = sync.OnceValues(func() (map[rune][]string, map[rune][]string) {
	byLast, byFirst := map[rune][]string{}, map[rune][]string{}
	for _, list := range [][]string{levelVerbs, growthUp, growthDown, changeFillers} {
		for _, w := range list {
			r, _ := utf8.DecodeLastRuneInString(w)
			byLast[r] = append(byLast[r], w)
		}
	}
	for _, w := range leadWords() {
		r, _ := utf8.DecodeRuneInString(w)
		byFirst[r] = append(byFirst[r], w)
	}
	// The longest word first: 上调至 goes whole, not 至 alone.
	for _, m := range []map[rune][]string{byLast, byFirst} {
		for _, ws := range m {
			sort.SliceStable(ws, func(a, b int) bool { return len(ws[a]) > len(ws[b]) })
		}
	}
	return byLast, byFirst
})

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// lastYearOpens tells a sentence that opens on the year before the plan;
// the literal test spares the expression most sentences.
func lastYearOpens(s string) bool {
	head := s[:min(len(s), 40)]
	if !strings.Contains(head, "去年") && !strings.Contains(head, "过去") && !strings.Contains(head, "上年") {
		return false
	}
	return reLastYear.MatchString(s)
}

// reLastYear opens a sentence about the year before the plan.
var reLastYear = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?(?:去年|过去一年|上年|刚刚过去的一年)`)
