package extract

import (
	_ "embed"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

// What a fact counts is named as written; these rules take the name out
// of the clause around the number.

// afterExamples cuts a list of examples off a name: 新能源综合利用等重大产业项目
// counts 重大产业项目.
func afterExamples(name string) string {
	i := strings.LastIndex(name, "等")
	if i < 0 {
		return name
	}
	rest := name[i+len("等"):]
	if r, _ := utf8.DecodeRuneInString(rest); strings.ContainsRune("候待级同", r) {
		return name // 等候区, 等级: a word, not a list of examples
	}
	if utf8.RuneCountInString(rest) < 2 {
		return name
	}
	return rest
}

// clauseVerbs open a clause of their own inside a run of text that lost
// its commas: what stands before them is another clause.
var clauseVerbs = []string{"完成", "实现", "开展", "新增", "获评", "入选", "获批", "新获得", "获得", "新申请", "新申报", "拆除", "办理", "解决", "盘活", "举办", "建立", "设立", "新设立", "新认定", "实施", "建成", "开通", "印发", "关停", "削减", "调减", "培育", "创建", "创成"}

// afterLastVerb cuts the words of an earlier clause that lost its comma:
// 开展农村人居环境整治行动完成户厕改造 counts 户厕改造. The cut falls at the
// last clause verb that has two characters or more on both sides: after a
// general verb, before one that defines what is counted (…关停污染企业).
func afterLastVerb(name string) string {
	if utf8.RuneCountInString(name) <= 4 {
		return name // no room for a clause and a name
	}
	// A name the lexicon knows at its end is not cut into: 城镇新增就业
	// keeps its 新增, but what stands before it may go.
	limit := len(name)
	if ind, ok := Canonical(name); ok {
		for _, n := range ind.Names {
			if strings.HasSuffix(name, n) && len(name)-len(n) < limit {
				limit = len(name) - len(n)
			}
		}
	}
	cut := -1
	for _, v := range clauseVerbs {
		for from := 0; ; {
			k := strings.Index(name[from:], v)
			if k < 0 {
				break
			}
			at := from + k
			from = at + len(v)
			if withinLongerVerb(name, at, v) {
				continue // 设立 in 新设立
			}
			end := from
			if !slices.Contains(generalVerbs, v) {
				end = at // 增强保障能力新增城镇就业: a verb that defines what is counted stays with it
			}
			if utf8.RuneCountInString(name[:at]) >= 2 && utf8.RuneCountInString(name[from:]) >= 2 && end > cut && end <= limit {
				cut = end
			}
		}
	}
	for _, v := range objectVerbs {
		// 打造13条农村生态示范河道整治河湖“两违三乱”问题: a verb with an object
		// after it opens a clause (整治河湖“两违三乱”问题); 环境综合整治工程 is a name.
		if !strings.Contains(name, v) {
			continue
		}
		if k := strings.LastIndex(name, v); k > cut && utf8.RuneCountInString(name[:k]) >= 2 && k+len(v) <= limit {
			if rest := name[k+len(v):]; utf8.RuneCountInString(rest) >= 2 && !hasAnyPrefix(rest, nounEnds) {
				cut = k
			}
		}
	}
	if cut < 0 {
		return name
	}
	return name[cut:]
}

// withinLongerVerb tells a clause verb at name[at:] that ends a longer one:
// 设立 in 新设立, 获得 in 新获得.
func withinLongerVerb(name string, at int, v string) bool {
	for _, w := range clauseVerbs {
		if len(w) > len(v) && strings.HasSuffix(w, v) && at >= len(w)-len(v) && strings.HasPrefix(name[at-(len(w)-len(v)):], w) {
			return true
		}
	}
	return false
}

// beforeClauseVerb ends a name read after its figure where a clause verb
// begins, the comma before it lost: 50元/份的老年人意外伤害险建立分层分类
// names 老年人意外伤害险; 1000单以上的经营主体进行补助, 经营主体.
func beforeClauseVerb(name string) string {
	cut := len(name)
	for _, v := range append(clauseVerbs[:len(clauseVerbs):len(clauseVerbs)], "进行") {
		if k := strings.Index(name, v); k >= len("一")*2 && k < cut {
			cut = k
		}
	}
	return name[:cut]
}

// predicateStarts open what is said of a counted thing after its name:
// 5个国省考断面水质稳定达标, 12个项目全部竣工, 441个老旧小区托底管理全覆盖; or
// the next indicator, where the comma was lost (…示范点人均拥有…).
// What a count won (获评, 入选, 获批) belongs to its name: 1家企业入选省服务业
// 创新百企示范工程 counts 企业入选省服务业创新百企示范工程.
var predicateStarts = []string{"全覆盖", "人均", "全部", "全面", "稳定", "顺利", "实现", "启动", "竣工", "完成", "加入", "建成", "开工", "投用", "通过", "达到", "均", "已", "有序", "围绕"}

// countedName is the name after a count, up to what is said of it; 分别
// is not part of it (3部作品分别荣获国家级大奖).
func countedName(s string, i int) string {
	name := strings.Replace(listAfterCount(s, i), "分别", "", 1)
	if hasAnyPrefix(name, predicateStarts) && !strings.HasPrefix(name, "建成区") {
		return "" // 农村贫困人口96户、183人全部稳定脱贫: what follows is said of it
	}
	for _, v := range clauseVerbs {
		// 招工引才3000人实施就业援助400人: what follows opens the next clause.
		// A verb of something new names it (5000多万千瓦新增燃煤发电机组), and
		// what a count achieved is said of it (4条实现通车).
		if strings.HasPrefix(name, v) && !strings.HasPrefix(v, "新") && !slices.Contains(predicateStarts, v) {
			return ""
		}
	}
	cut := len(name)
	for _, p := range predicateStarts {
		if k := strings.Index(name, p); k >= len("一")*2 && k < cut {
			cut = k
		}
	}
	predicateSpans(name, true, func(start, _ int) {
		cut = min(cut, start) // 全域土地综合整治项目扎实推进
	})
	workEnd := -1
	for _, n := range nounEnds {
		// 5家中心警务室智能升级改造在自然村落安装…: 在 after a noun of work
		// opens a clause of its own.
		if k := strings.Index(name, n+"在"); k >= 0 && k+len(n) < cut {
			cut = k + len(n)
			workEnd = cut
		}
	}
	for _, v := range objectVerbs {
		// 企业提升治污设施 opens a clause of its own; 环境综合整治 and 提升改造
		// end a name.
		if k := strings.Index(name, v); k >= len("一")*2 && k < cut {
			if rest := name[k+len(v):]; utf8.RuneCountInString(rest) >= 2 && !hasAnyPrefix(rest, nounEnds) {
				cut = k
			}
		}
	}
	if cut == workEnd {
		return name[:cut] // a noun of work ends the name: its last word is no verb of the next fact
	}
	return beforeNextFact(s, i, name[:cut])
}

// listAfterCount is what follows a count, a list of short items that share
// the last one's head and no figure of their own taken whole: 3件玉雕、核雕、
// 砖雕作品获…奖 counts all three.
func listAfterCount(s string, i int) string {
	first := following(s, i)
	short := utf8.RuneCountInString(first)
	for end := i + len(first); short <= 4 && strings.HasPrefix(s[end:], "、"); {
		item := following(s, end+len("、"))
		after := end + len("、") + len(item)
		if item == "" || after < len(s) && isDigitByte(s[after]) {
			break
		}
		end = after
		if n := utf8.RuneCountInString(item); n > 4 {
			return afterExamples(s[i:end]) // the item with the head ends the list; 视力、听力等残疾儿童 counts 残疾儿童
		} else if n != short {
			break // items of one kind are of one length: 乙烯、神龙三厂 are not
		}
	}
	return first
}

// objectVerbs open a clause after a count's name when an object follows
// them, and end the name when nothing or a noun of work follows them.
var objectVerbs = []string{"整治", "提升"}

// nounEnds make the verb before them part of a name: 提升改造, 整治工程.
var nounEnds = []string{"改造", "工程", "行动", "项目", "任务", "培训"}

func hasAnyPrefix(s string, list []string) bool {
	for _, p := range list {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// beforeNextFact ends a name read after a count where the next fact's
// clause begins, in a text that lost the comma between them: in
// 更新30个老旧小区体育设施新建5公里健身步道 the name of 30个 is 老旧小区体育设施.
// It applies only when the next figure follows the name directly.
func beforeNextFact(s string, i int, name string) string {
	rest := s[i+len(following(s, i)):]
	if rest == "" || rest[0] < '0' || rest[0] > '9' {
		return name
	}
	if strings.HasSuffix(name, "等") {
		// 3所学校改扩建工程亭湖第一初级中学等3所新校: the next count's examples
		// follow the noun of work that ends this name.
		cut := -1
		for _, n := range nounEnds {
			if k := strings.LastIndex(name, n); k >= len("一")*2 && utf8.RuneCountInString(name[k+len(n):]) >= 3 {
				cut = max(cut, k+len(n))
			}
		}
		if cut > 0 {
			return name[:cut]
		}
	}
	cut := -1
	for k, r := range name {
		if k < len("一")*2 {
			continue
		}
		for _, a := range lexicon().actionsByFirst[r] {
			if strings.HasPrefix(name[k:], a) && (opensClause(a) || k+len(a) == len(name)) {
				cut = k
				break
			}
		}
	}
	if cut < 0 {
		return name
	}
	return name[:cut]
}

// endsWithAction tells a name that is only the verb of a count that
// follows it: 高标准打造13条农村生态示范河道, 获批1个省级创业示范基地.
func endsWithAction(name string) bool {
	for _, a := range lexicon().actions {
		if strings.HasSuffix(name, a) {
			return true
		}
	}
	for _, v := range clauseVerbs {
		if strings.HasSuffix(name, v) {
			return true
		}
	}
	return false
}

// countWord tells a unit that counts things (个, 条, 所, 家, 项), after
// which the name of what is counted may follow the number.
func countWord(unit string) bool {
	switch strings.TrimLeft(unit, "万亿千百十") {
	case "个", "条", "所", "家", "项", "座", "处", "批", "件", "台", "套", "辆", "栋", "幢", "场", "场次", "次", "户", "名", "支", "种", "类", "部", "篇", "本", "只", "头", "株", "棵", "片", "宗", "例", "块", "根", "盏", "门", "组", "队", "站", "口", "孔", "份", "笔":
		return true
	}
	return false
}

// listNames splits the names a 分别 list gives before its figures, in
// order, spreading what they share: 城乡居民人均可支配收入 is 城镇… and 农村…;
// 城市和农村污水处理率 is 城市污水处理率 and 农村污水处理率.
func listNames(text string, k int) []string {
	text = cleanIndicator(text)
	if k == 2 {
		// One name for two figures: a pair word that opens it, or stands in
		// a name that lists nothing else.
		if p, at := pairIn(text); p != nil && (at == 0 || len(splitNames(text)) == 1) {
			return []string{text[:at] + p.first + text[at+len(p.word):], text[:at] + p.second + text[at+len(p.word):]}
		}
	}
	parts := splitNames(text)
	if len(parts) != k || k < 2 {
		return nil
	}
	// Heads of one length sharing the last item's tail: 城市和农村污水处理率,
	// 城镇居民和农村居民人均可支配收入.
	last := []rune(parts[k-1])
	short := true
	for _, p := range parts[:k-1] {
		if n := utf8.RuneCountInString(p); n > 4 || n != utf8.RuneCountInString(parts[0]) {
			short = false
		}
	}
	if head := utf8.RuneCountInString(parts[0]); short && len(last) > head+1 {
		tail := string(last[head:])
		for i := range parts[:k-1] {
			parts[i] += tail
		}
	} else if tail := sharedTail(parts[k-1]); tail != "" {
		// 化学需氧量和二氧化硫排放量: the items before share what the last measures.
		for i := range parts[:k-1] {
			// An item that names an indicator of its own keeps its name.
			if _, known := Canonical(parts[i]); !known && sharedTail(parts[i]) == "" && utf8.RuneCountInString(parts[i]) >= 2 {
				parts[i] += tail
			}
		}
	}
	for i := range parts {
		parts[i] = cleanIndicator(parts[i])
		if parts[i] == "" {
			return nil
		}
		if i > 0 {
			parts[i] = spreadModifier(parts[0], parts[i])
		}
	}
	return parts
}

// spreadModifier gives a bare measure after a list's first item what that
// item measures it of: after 国有经济总资产, 所有者权益 is 国有经济所有者权益.
func spreadModifier(first, item string) string {
	if !isMeasure(item) {
		return item
	}
	if t := sharedTail(first); t != "" {
		return first[:len(first)-len(t)] + item
	}
	return item
}

//go:embed data/shared_tails.txt
var sharedTailsTxt string

// sharedTails are what a list's items may share (data/shared_tails.txt),
// longest first.
var sharedTails = sync.OnceValue(func() []string {
	var out []string
	for _, l := range strings.Split(sharedTailsTxt, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return len(out[a]) > len(out[b]) })
	return out
})

// isMeasure tells a name that is only a measure (总产值, 利用率): what it
// measures is said elsewhere.
func isMeasure(name string) bool {
	return slices.Contains(sharedTails(), name)
}

// sharedTail is the measure a list's last item ends with, when it is more
// than that measure.
func sharedTail(last string) string {
	for _, t := range sharedTails() {
		if strings.HasSuffix(last, t) && len(last) > len(t) {
			return t
		}
	}
	return ""
}

// splitNames cuts a list of names at 、, 和, 及 and 与.
func splitNames(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if r == '、' || r == '和' || r == '及' || r == '与' {
			out = append(out, s[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(out, s[start:])
}

// nameLists gives the facts of each 分别 list in sentence s their names in
// order: the facts read after 分别 (first holds where each fact's first
// number stands) take the names the list gives before it, as many facts
// as it names, so that a sentence may hold several lists (财政总收入和地方
// 财政收入分别增长10.6%和12.3%，城乡居民收入分别增长11%和13%).
func nameLists(s string, start int, facts []Found, first []int) {
	var prev []string // the names of the list before, for one that repeats them
	for from := 0; ; {
		k := strings.Index(s[from:], "分别")
		if k < 0 {
			return
		}
		at := from + k
		from = at + len("分别")
		var idx []int
		for i, f := range facts {
			if first[i] > at && f.Fact.Kind != "" {
				idx = append(idx, i)
			}
		}
		clause := lineStart(s, at)
		if c := strings.LastIndexAny(s[clause:at], "，,"); c >= 0 {
			_, n := utf8.DecodeRuneInString(s[clause+c:])
			clause += c + n
		}
		for i, f := range facts {
			// 发放富民创业贷款2000万元城镇职工和城乡居民…参保人数分别增加: a fact
			// before ends the clause before, its comma lost.
			if e := f.End - start; first[i] >= clause && e > clause && e <= at && !strings.ContainsAny(s[e:at], "0123456789") && utf8.RuneCountInString(cleanIndicator(s[e:at])) >= 2 {
				clause = e
			}
		}
		names := listNames(s[clause:at], listLength(s[clause:at], len(idx)))
		if names == nil && len(idx) > 0 {
			// 分别新增危废焚烧、工业污泥年处置能力4.5万吨和3万吨: the names follow
			// 分别 and its verb, before the first figure.
			after := s[from:first[idx[0]]]
			if act, actAt := firstAction(after, 0, len(after)); act != "" && actAt == 0 {
				after = after[len(act):]
			}
			names = listNames(after, listLength(after, len(idx)))
		}
		if names == nil && strings.TrimSpace(s[clause:at]) == "" && clause > 0 {
			// 地区生产总值、固定资产投资双双突破200亿元大关，分别达到210亿元和
			// 241.4亿元: the names open the clause before, up to its figure;
			// after 分别突破2万元、1万元大关，分别达到… they are the list's before.
			_, w := utf8.DecodeLastRuneInString(s[:clause]) // the comma
			before := s[lineStart(s, clause-w) : clause-w]
			if d := strings.IndexAny(before, "0123456789"); d >= 0 {
				before = before[:d]
			}
			names = listNames(before, listLength(before, len(idx)))
			if strings.Contains(before, "分别") && prev != nil && len(prev) <= len(idx) {
				names = prev
			}
		}
		if m := cleanIndicator(s[clause:at]); names == nil && isMeasure(m) {
			// 医疗废物、生活垃圾、城市污水处理能力不断提高，处理率分别达到95%、85%、
			// 80%以上: the list is the clause before's subject.
			if named := ofSubject(clauseBefore(s, clause), m); named != "" {
				names = listNames(named, listLength(named, len(idx)))
			}
		}
		if names == nil || len(names) > len(idx) {
			continue
		}
		prev = names
		for n, i := range idx[:len(names)] {
			f := &facts[i].Fact
			f.Indicator = names[n]
			f.Canonical = nil
			if ci, ok := Canonical(f.Indicator); ok {
				id := ci.ID
				f.Canonical = &id
			}
		}
	}
}

// namePairs gives a run of facts that took one list's name (城镇居民人均可支配
// 收入和农村居民人均纯收入实际增长8.4%和11.4%: the figures follow the names in
// order, without 分别) the list's names in order.
func namePairs(facts []Found) {
	for i := 0; i < len(facts); {
		j := i + 1
		for j < len(facts) && facts[j].Fact.Indicator == facts[i].Fact.Indicator && facts[j].Fact.Kind == facts[i].Fact.Kind {
			j++
		}
		if k := j - i; k >= 2 && len(splitNames(facts[i].Fact.Indicator)) == k {
			if names := listNames(facts[i].Fact.Indicator, k); names != nil {
				for n := range names {
					f := &facts[i+n].Fact
					f.Indicator, f.Canonical = names[n], nil
					if ci, ok := Canonical(f.Indicator); ok {
						id := ci.ID
						f.Canonical = &id
					}
				}
			}
		}
		i = j
	}
}

// listLength is how many names a 分别 list gives in text, at most the
// facts that follow it: its items, or two for a pair word (城乡…).
func listLength(text string, facts int) int {
	n := len(splitNames(cleanIndicator(text)))
	if p, _ := pairIn(cleanIndicator(text)); n == 1 && p != nil {
		n = 2
	}
	return min(n, facts)
}

// clauseOpeners open the clause that names a figure: the whole place it
// is about (全区, 我市) and 预计. Inside a name, one follows a comma the text
// lost: 扫黑除恶专项斗争全区违法犯罪总警情 counts 违法犯罪总警情.
var clauseOpeners = []string{"全区", "全市", "全县", "全省", "全旗", "全州", "我区", "我市", "我县", "我省", "预计"}

// afterScope cuts a name after the last clause opener inside it that
// stands after two characters or more and not in a comparison (占全市比重).
func afterScope(name string) string {
	opener := false
	for _, r := range name {
		if r == '全' || r == '我' || r == '预' { // the openers' first characters
			opener = true
			break
		}
	}
	if !opener {
		return name
	}
	cut := -1
	for _, w := range clauseOpeners {
		for from := 0; ; {
			k := strings.Index(name[from:], w)
			if k < 0 {
				break
			}
			at := from + k
			from = at + len(w)
			before := name[:at]
			if utf8.RuneCountInString(before) < 2 || utf8.RuneCountInString(name[from:]) < 2 {
				continue
			}
			if r, _ := utf8.DecodeLastRuneInString(before); strings.ContainsRune("占比较于的为在和与及对", r) {
				continue
			}
			cut = max(cut, from)
		}
	}
	if cut < 0 {
		return name
	}
	return name[cut:]
}

// refineName applies the naming rules to a fact read before its number.
func refineName(f *report.Fact) {
	f.Indicator = afterScope(afterExamples(f.Indicator))
	// 养老、医疗、失业、工伤、生育五项社会保险参保人数: the count that sums the
	// list up opens the name.
	if strings.Contains(f.Indicator, "、") {
		if loc := reSummary.FindStringIndex(f.Indicator); loc != nil && strings.Contains(f.Indicator[:loc[0]], "、") {
			f.Indicator = f.Indicator[loc[0]:]
		}
	}
	if f.Kind == report.Achieved {
		f.Indicator = afterLastVerb(f.Indicator)
		f.Indicator = withoutLeadingVerb(f.Indicator)
	}
}

// generalVerbs say only that something was done: a result's name drops
// them, and the adverbs before them (实施森林抚育1.5万亩 counts 森林抚育, 主动配合
// 人大、政协专题视察 counts 人大、政协专题视察), while a verb that defines what is
// counted stays with it (建成生态河道, 关停污染企业, 新增城镇就业).
var generalVerbs = []string{"全面完成", "完成", "实现", "达到", "累计", "共计", "实施", "开展", "主动配合", "配合", "积极", "主动"}

// withoutLeadingVerb drops the general verb a result's name opens with.
func withoutLeadingVerb(name string) string {
	for _, v := range generalVerbs {
		if strings.HasPrefix(name, v) && utf8.RuneCountInString(name[len(v):]) >= 2 {
			return name[len(v):]
		}
	}
	return name
}

// levelWords open a name with the tier of government it belongs to.
var levelWords = []string{"国家级", "省级", "市级", "县级", "区级", "镇级", "村级"}

// ownLevel tells a name that says its own tier of government: 省级…,
// 省重点…, 国家…; 市场主体 and 县域经济 do not.
func ownLevel(name string) bool {
	if hasAnyPrefix(name, levelWords) || hasAnyPrefix(name, []string{"省", "国家", "全国"}) {
		return true
	}
	if rest, ok := strings.CutPrefix(name, "市"); ok {
		return !hasAnyPrefix(rest, []string{"场", "民", "容", "政"})
	}
	return false
}

// sharedModifier gives a later item of a list the modifier of the first:
// after 农村人居环境整治示范村, 示范镇 is 农村人居环境整治示范镇; after 省级善治示范村,
// 民主法治示范村 is 省级民主法治示范村. An item that names its own tier or
// shares nothing with the first stays as written.
func sharedModifier(first, item string) string {
	if utf8.RuneCountInString(item) < 2 || strings.HasPrefix(first, item) {
		return item
	}
	if ownLevel(item) {
		return item
	}
	head := string([]rune(item)[:2])
	if k := strings.LastIndex(first, head); k > 0 {
		return first[:k] + item
	}
	for _, l := range levelWords {
		if strings.HasPrefix(first, l) {
			return l + item
		}
	}
	return item
}

//go:embed data/predicates.tsv
var predicatesTSV string

// predicateWords index data/predicates.tsv by first character, longest
// first: adverbs, the verbs that may follow them, and whole predicates.
type predicateWords struct {
	adverbs, whole map[rune][]string
	verbs          []string
	first          [0x10000 / 64]uint64 // the first characters of adverbs and whole predicates
}

var predicates = sync.OnceValue(func() *predicateWords {
	p := &predicateWords{adverbs: map[rune][]string{}, whole: map[rune][]string{}}
	for _, f := range report.DataRows(predicatesTSV) {
		r, _ := utf8.DecodeRuneInString(f[1])
		if f[0] != "verb" && r < 0x10000 {
			p.first[r>>6] |= 1 << (r & 63)
		}
		switch f[0] {
		case "adverb":
			p.adverbs[r] = append(p.adverbs[r], f[1])
		case "verb":
			p.verbs = append(p.verbs, f[1])
		case "whole":
			p.whole[r] = append(p.whole[r], f[1])
		}
	}
	for _, m := range []map[rune][]string{p.adverbs, p.whole} {
		for _, ws := range m {
			sort.SliceStable(ws, func(a, b int) bool { return len(ws[a]) > len(ws[b]) })
		}
	}
	return p
})

// at returns the length of the predicate that starts at s[k:], or 0.
func (p *predicateWords) at(s string, k int, whole bool) int {
	r, _ := utf8.DecodeRuneInString(s[k:])
	for _, w := range p.whole[r] {
		if whole && strings.HasPrefix(s[k:], w) {
			return len(w)
		}
	}
	for _, a := range p.adverbs[r] {
		if strings.HasPrefix(s[k:], a) {
			for _, v := range p.verbs {
				if strings.HasPrefix(s[k+len(a):], v) {
					return len(a) + len(v)
				}
			}
		}
	}
	return 0
}

// predicateSpans calls fn with the start and end of every predicate in s
// that has two characters or more before it, the subject it is said of.
// Whole predicates count only when whole is set: inside a name they may
// be part of it (村屯全覆盖建设任务).
func predicateSpans(s string, whole bool, fn func(start, end int)) {
	p := predicates()
	for k, r := range s {
		if k < len("一")*2 || r >= 0x10000 || p.first[r>>6]&(1<<(r&63)) == 0 {
			continue
		}
		if _, ok := p.adverbs[r]; !ok {
			if _, ok := p.whole[r]; !ok || !whole {
				continue
			}
		}
		if n := p.at(s, k, whole); n > 0 {
			fn(k, k+n)
		}
	}
}

// afterPredicate cuts a name after a predicate inside it, where the text
// lost the comma that ended a clause: 人民生活水平不断提高城乡居民人均可支配收入
// counts 城乡居民人均可支配收入.
func afterPredicate(name string) string {
	cut := -1
	predicateSpans(name, false, func(_, end int) {
		if utf8.RuneCountInString(name[end:]) >= 3 {
			cut = end
		}
	})
	if cut < 0 {
		return name
	}
	return name[cut:]
}

// ofSubject names a bare measure by the subject of the clause before it,
// when that clause is a subject and a predicate: after 建筑业发展全面提速,
// 总产值 is 建筑业总产值; after 城市污水处理能力不断提高, 处理率 is 城市污水处理率
// (the subject's own measure gives way). It returns "" otherwise.
func ofSubject(clause, measure string) string {
	subject := ""
	predicateSpans(clause, true, func(start, end int) {
		if end == len(clause) && subject == "" {
			subject = strings.TrimSuffix(clause[:start], "发展")
		}
	})
	if utf8.RuneCountInString(subject) < 2 || strings.ContainsAny(subject, "0123456789%") {
		return ""
	}
	if r := []rune(measure); len(r) > 2 {
		if k := strings.LastIndex(subject, string(r[:2])); k > 0 {
			subject = subject[:k]
		}
	}
	return afterExamples(cleanIndicator(subject)) + measure
}

// clauseBefore returns the clause before the one that starts at c.
func clauseBefore(s string, c int) string {
	if c <= 0 {
		return ""
	}
	_, w := utf8.DecodeLastRuneInString(s[:c])
	return s[clauseAt(s, c-w) : c-w]
}

// clauseBeforeIn is the clause before the one opening at c in a whole
// text, within c's line and sentence: a sentence may be read apart from
// the clause that names its subject (粮食产量屡创历史新高，去年达到…).
func clauseBeforeIn(text string, c int) string {
	if c <= 0 {
		return ""
	}
	_, w := utf8.DecodeLastRuneInString(text[:c])
	ls := lineStart(text, c-w)
	return clauseBefore(text[ls:], c-ls)
}

// withoutAction drops the verb a name opens with: the total of what
// 新认定国家级高新技术企业 counts is 国家级高新技术企业总量.
func withoutAction(name string) string {
	r, _ := utf8.DecodeRuneInString(name)
	for _, a := range lexicon().actionsByFirst[r] {
		if strings.HasPrefix(name, a) && utf8.RuneCountInString(name[len(a):]) >= 2 {
			return name[len(a):]
		}
	}
	return name
}

// tierItems gives a list item that names only a tier the head of the item
// after it: 打造2个省级、2个市级服务业集聚区 counts 省级服务业集聚区 and 市级….
func tierItems(facts []Found) {
	for i := 0; i+1 < len(facts); i++ {
		f := &facts[i].Fact
		if !slices.Contains(levelWords, f.Indicator) {
			continue
		}
		next := facts[i+1].Fact.Indicator
		for _, l := range levelWords {
			if rest := strings.TrimPrefix(next, l); rest != next && utf8.RuneCountInString(rest) >= 2 {
				f.Indicator, f.Canonical = f.Indicator+rest, nil
				break
			}
		}
	}
}

//go:embed data/pair_words.tsv
var pairWordsTSV string

// pairWord is a row of data/pair_words.tsv.
type pairWord struct{ word, first, second, example string }

var pairWords = sync.OnceValue(func() []pairWord {
	var out []pairWord
	for _, f := range report.DataRows(pairWordsTSV) {
		out = append(out, pairWord{f[0], f[1], f[2], f[3]})
	}
	return out
})

// pairIn finds the pair word a name holds, with more of the name than the
// word, and where it stands.
func pairIn(name string) (*pairWord, int) {
	ps := pairWords()
	for i := range ps {
		if k := strings.Index(name, ps[i].word); k >= 0 && len(name) > len(ps[i].word) {
			return &ps[i], k
		}
	}
	return nil, -1
}

// verbTails end a verb of building or starting on its result: 建成运行,
// 建成投产, 竣工通车.
var verbTails = []string{"运行", "投产", "投用", "通车", "落地", "使用"}

// verbLinks join verbs, or a verb to its count: 新建和改扩建, 建立了, 新建成的.
var verbLinks = []string{"了", "的", "和"}

// verbOnly tells a name made of verbs alone (达到, 建成运行, 新建和改扩建):
// it says what was done, not what was counted.
func verbOnly(name string) bool {
	if name == "" {
		return false
	}
	byFirst := verbWords()
	verbs := 0
	for name != "" {
		r, _ := utf8.DecodeRuneInString(name)
		next := ""
		for _, w := range byFirst[r] { // longest first
			if strings.HasPrefix(name, w) {
				next = w
				break
			}
		}
		if next == "" {
			return false
		}
		if !slices.Contains(verbLinks, next) {
			verbs++
		}
		name = name[len(next):]
	}
	return verbs > 0 // 的 or 和 alone is no verb
}

// verbWords are the verbs a name may be made of, by first character,
// longest first.
var verbWords = sync.OnceValue(func() map[rune][]string {
	m := map[rune][]string{}
	for _, list := range [][]string{lexicon().actions, clauseVerbs, levelVerbs, verbTails, verbLinks} {
		for _, w := range list {
			r, _ := utf8.DecodeRuneInString(w)
			if !slices.Contains(m[r], w) {
				m[r] = append(m[r], w)
			}
		}
	}
	for _, ws := range m {
		sort.SliceStable(ws, func(a, b int) bool { return len(ws[a]) > len(ws[b]) })
	}
	return m
})
