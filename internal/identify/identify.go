// Package identify tells which report a cleaned text is: region with its
// 行政区划代码 and level, the years delivered, reviewed and planned, kind,
// session, speaker, delivery date, page and anonymisation.
//
// Input: the canonical text of package clean (and an optional page title).
// Output: a report.Identity. It reads the title, the delivery line
// (——2020年1月4日在…会议上), the speaker line and the opening sentences,
// and falls back on how often places are named.
package identify

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

// NationalCode stands for the State Council, which has no division code.
const NationalCode = "100000"

var (
	reDelivery = regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日.{0,4}在([^。\n]{0,40}?)(第[一二三四五六七八九十]+届\n?[^。\n]{0,12}?\n?人民代表大会[^。\n]{0,6}?第[一二三四五六七八九十]+次会议)`)
	// A delivery line with its date after the session: ——在陇县第十七届人民代表大会第四次会议上 县长 赵甲宏（2020年1月8日）
	reDeliveryAfter = regexp.MustCompile(`在([^。\n]{0,40}?)(第[一二三四五六七八九十]+届[^。\n]{0,12}?人民代表大会[^。\n]{0,6}?第[一二三四五六七八九十]+次会议)上[^。\n]{0,24}?[（(](\d{4})年(\d{1,2})月(\d{1,2})日[）)]`)
	reShortSes      = regexp.MustCompile(`([一二三四五六七八九十]+)届人大([一二三四五六七八九十]+)次会议`)
	reTitleY        = regexp.MustCompile(`(\d{4})年.{0,24}?(政府工作报告|工作报告|工作总结)`)
	rePage          = regexp.MustCompile(`[（(]?第\s*(\d+)\s*/\s*(\d+)\s*页[）)]?`)
	reSpeaker       = regexp.MustCompile(`^(.{0,16}?)(代理|副)?(总理|省长|市长|区长|县长|旗长|州长|盟长|主席)\s*([\p{Han}]{2,4})$`)
	reReviewY       = regexp.MustCompile(`(?:^|[一二三四五六七八九十]、)(\d{4})年(?:工作回顾|，|是|以来)`)
	rePlanSpan      = regexp.MustCompile(`今后五年|未来五年`)
	rePlanEnd       = regexp.MustCompile(`收官[‘“"']?十([一二三四五六七八九])五|十([一二三四五六七八九])五[’”"']?(?:规划)?(?:圆满)?收官`)
	rePlanOpen      = regexp.MustCompile(`十([一二三四五六七八九])五[’”"']?(?:发展|规划)?的?开局之年`)
	reOwnName       = regexp.MustCompile(`(?:^|\d年|在|我代表)(\p{Han}{1,10}?[省市区县旗])(?:第|人民政府)`)
	reTitleWord     = regexp.MustCompile(`工作报告|工作总结|工作计划`)
	reNameYear      = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d\d)(?:[^0-9]|$)`)
	reOwnSuffix     = regexp.MustCompile(`我代表(自治区|省|市|区|县|旗)人民政府`)
)

// Hints is what is known of a text besides its words.
type Hints struct {
	Title    string // the page title of an HTML copy
	Masthead string // the furniture cleaning removed from the opening
	Name     string // the file's name
}

// Identify reads the identity of a cleaned report text. title is the page
// title of an HTML copy, or "".
func Identify(text, title string) report.Identity {
	return IdentifyWith(text, Hints{Title: title})
}

// IdentifyWith reads the identity of a cleaned report text with what is
// known of its file.
func IdentifyWith(text string, h Hints) report.Identity {
	title := h.Title
	var id report.Identity
	lines := strings.SplitN(text, "\n", 40)
	head := strings.Join(lines[:min(len(lines), 12)], "\n")
	if len(head) > maxHead {
		head = head[:maxHead]
	}
	id.Title = firstTitle(lines, title)

	if m := findIf(head, "页", rePage); m != nil {
		id.Page, _ = strconv.Atoi(m[1])
		id.Pages, _ = strconv.Atoi(m[2])
		if id.Page < 1 || id.Pages < id.Page {
			id.Page, id.Pages = 0, 0
		}
	}
	delivery := ""
	deliveryYear, deliveryMonth := 0, 0
	// The delivery line, its date before the session or after it.
	delivered := func(m []string, y, mo, d, session int) {
		delivery = m[0]
		deliveryYear, _ = strconv.Atoi(m[y])
		month, _ := strconv.Atoi(m[mo])
		day, _ := strconv.Atoi(m[d])
		if month >= 1 && month <= 12 && day >= 1 && day <= 31 {
			id.DeliveredOn = m[y] + "-" + pad2(month) + "-" + pad2(day)
			deliveryMonth = month
		}
		id.Session = strings.ReplaceAll(m[session], "\n", "")
	}
	if m := reDeliveryIn(head); m != nil {
		delivered(m, 1, 2, 3, 5)
	} else if m := findIf(head, "会议", reDeliveryAfter); m != nil {
		delivered(m, 3, 4, 5, 2)
	} else if m := findIf(head, "届人大", reShortSes); m != nil {
		id.Session = "第" + m[1] + "届人民代表大会第" + m[2] + "次会议"
	}
	body := text
	if len(body) > 8000 {
		body = body[:8000]
		for !utf8.RuneStart(body[len(body)-1]) {
			body = body[:len(body)-1]
		}
	}
	votes := yearVotes(id.Title, head, body, delivery, deliveryYear, deliveryMonth)
	if m := reNameYear.FindStringSubmatch(h.Name); m != nil {
		y, _ := strconv.Atoi(m[1])
		votes = append(votes, yearVote{y, "file_name", 0.3})
	}
	id.Year, id.YearSource, id.YearConfidence = pickYear(votes)
	for _, l := range lines[:min(len(lines), 15)] {
		if utf8.RuneCountInString(l) >= 30 {
			continue
		}
		if m := reSpeaker.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			id.SpeakerTitle = m[2] + m[3]
			id.Speaker = m[4]
			break
		}
	}
	id.Anonymised = anonymised(text)

	// The region: the State Council, or the place named where the report
	// names its speaker and session, else the place named most often. A
	// national session named in passing (代表团审议) does not make a local
	// report national: the delivery line and the speaker decide.
	if national(head, delivery, id.SpeakerTitle) {
		id.Region, id.RegionCode, id.Level = "全国", NationalCode, report.LevelNational
		id.RegionSource = "delivery"
		if y := npcYear(body); y != 0 {
			votes = append(votes, yearVote{y, "session", 0.9})
			id.Year, id.YearSource, id.YearConfidence = pickYear(votes)
		}
	} else {
		own := delivery + "\n" + speakerLines(lines)
		keys := []regionKey{{"title", titleOwn(id.Title)}, {"delivery", own}, {"masthead", ownLines(h.Masthead)}}
		m := reOwnName.FindStringSubmatch(id.Title + "\n" + own)
		if m == nil {
			m = reOwnName.FindStringSubmatch(head)
		}
		if m == nil || len(namesIn(m[1], divisionData())) > 0 {
			keys = append(keys, regionKey{"opening", head}) // the opening lines, when the key lines name no unknown place
		}
		ownName := ""
		if m != nil && !isLevelWord(m[1]) {
			ownName = m[1]
		} else {
			m = nil
		}
		named := text // where places are counted
		if id.Anonymised {
			named = "" // its own places are masked: the places it names are others
		}
		if d, src, ok := resolveRegion(keys, named, h.Masthead, ownName, speakerSuffix(opening(text, 6000)), id.Year); ok {
			id.Region, id.RegionCode, id.Level = d.FullName(), d.Code, levelOf(d)
			id.RegionSource = src
		} else if m == nil && !id.Anonymised && nationalWords(named) {
			// A digest of the State Council's report names no place.
			id.Region, id.RegionCode, id.Level = "全国", NationalCode, report.LevelNational
			id.RegionSource = "frequency"
		} else if m != nil {
			// A place the division data does not know: keep its name.
			id.Region, id.Level = m[1], levelOf(Division{Name: m[1], Rank: rankBySuffix(m[1])})
		}
	}

	// A provincial session named in passing dates the report.
	if id.Level == report.LevelProvince {
		if m := reProvSes.FindStringSubmatch(body); m != nil {
			if y := provinceSessionYear(id.Region, chineseCount(m[1]), chineseCount(m[2])); y != 0 {
				votes = append(votes, yearVote{y, "session", 0.5})
				id.Year, id.YearSource, id.YearConfidence = pickYear(votes)
			}
		}
	}
	id.YearInferred = id.Year != 0 && id.YearSource != "delivery" && id.YearSource != "title"

	// Years reviewed and planned.
	fiveYear := containsAny(body, "过去五年", "五年来", "五年工作回顾") || reviewsPeriod(body)
	if id.Year != 0 {
		id.PlanFrom, id.PlanTo = id.Year, id.Year
		if fiveYear {
			id.ReviewFrom, id.ReviewTo = id.Year-5, id.Year-1
		} else {
			id.ReviewFrom, id.ReviewTo = id.Year-1, id.Year-1
			if m := reReviewY.FindStringSubmatch(body[:min(len(body), 6000)]); m != nil {
				if y, _ := strconv.Atoi(m[1]); y == id.Year-1 || y == id.Year {
					id.ReviewFrom, id.ReviewTo = y, y
				}
			}
		}
		if plansFiveYears(text) {
			id.PlanSpanFrom, id.PlanSpanTo = id.Year, id.Year+4
		}
	}

	id.Reported = reported(text)
	switch {
	case id.Reported || strings.Contains(id.Title, "摘要") || strings.Contains(head, "（摘要）"):
		id.Kind = report.KindSummary
	case fiveYear:
		id.Kind = report.KindFiveYear
	default:
		id.Kind = report.KindAnnual
	}
	id.Partial = id.Pages > 1 || !id.Reported && !closes(text) && !plans(text)
	return id
}

// newsCues are the words of a story about a report, not of the report.
var newsCues = []string{"记者", "讯", "日电", "报告指出", "报告提出", "报告显示", "报告称", "在报告中", "作政府工作报告", "向大会作", "责任编辑", "编辑：", "来源：", "会议提出", "会议提到", "开幕", "极简版", "划重点", "摘编", "图解", "编者按", "新华社", "向大会报告工作", "在政府工作报告中", "答卷"}

// reported tells a copy that speaks of the report in the third person:
// several news cues, and the report's own opening (各位代表：现在，我代表…)
// nowhere near the start.
func reported(text string) bool {
	head := text
	if len(head) > 2500 {
		head = head[:2500]
	}
	if strings.Contains(head, "各位代表：") || strings.Contains(head, "现在，我代表") {
		return false
	}
	n := 0
	for _, c := range newsCues {
		if strings.Contains(head, c) {
			n++
		}
	}
	return n >= 2
}

// plans tells a text that goes on past its opening into the plan: the
// targets or the year's tasks, after its first part (a table of contents
// at the top names them too).
func plans(text string) bool {
	rest := text[len(text)*3/10:]
	return containsAny(rest, "主要预期目标", "预期目标", "工作安排", "主要任务", "重点工作", "工作建议", "总体要求")
}

// closes tells a text that reaches the report's closing appeal to the
// deputies (各位代表！…) in its last part: a whole report, not its opening.
func closes(text string) bool {
	tail := text[len(text)*2/3:]
	return strings.Contains(tail, "\n各位代表！") || strings.Contains(tail, "\n各位代表，") || strings.Contains(tail, "\n各位代表:")
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// firstTitle picks the line that names the report.
func firstTitle(lines []string, pageTitle string) string {
	for _, l := range lines[:min(len(lines), 8)] {
		if utf8.RuneCountInString(l) <= 40 && reTitleWord.MatchString(l) && !strings.ContainsAny(l, "，。") {
			return strings.TrimSpace(rePage.ReplaceAllString(l, ""))
		}
	}
	if pageTitle != "" {
		return pageTitle
	}
	// A delivery line (——2020年1月4日在…会议上) is not a title.
	if len(lines) > 0 && utf8.RuneCountInString(lines[0]) <= 60 && !strings.HasPrefix(lines[0], "—") && !strings.HasPrefix(lines[0], "-") && !strings.Contains(lines[0], "会议上") {
		return lines[0]
	}
	return ""
}

// nationalWords tells a text that speaks of the whole country: 国内生产总值
// and 全国 figures, which local reports do not state as their own.
func nationalWords(s string) bool {
	return strings.Contains(s, "国内生产总值") && strings.Count(s, "全国") >= 1
}

// isLevelWord tells a level written without a name: 自治区 in 我代表自治区人民政府.
func isLevelWord(s string) bool {
	switch s {
	case "自治区", "自治州", "自治县", "特别行政区":
		return true
	}
	return false
}

// ownLines keeps the lines of s in which a place names itself: a speaker
// line (包头市人民政府市长 孙炜东), a title, a session.
func ownLines(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if utf8.RuneCountInString(l) <= 40 && reNamingLine.MatchString(l) {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

var reNamingLine = regexp.MustCompile(`人民政府|工作报告|人民代表大会`)

// reTitleSeparator cuts a page title into the report's name and the site
// that published it: 2026年陕西省政府工作报告（全文）-安康市发改委.
var reTitleSeparator = regexp.MustCompile(`\s*[-_|｜—–]+\s*`)

// titleOwn is the part of a title that names the report: the piece that
// holds 工作报告, without the publisher a page title appends.
func titleOwn(title string) string {
	parts := reTitleSeparator.Split(title, -1)
	if len(parts) < 2 {
		return title
	}
	for _, p := range parts {
		if strings.Contains(p, "工作报告") {
			return p
		}
	}
	return title
}

// opening is the first n bytes of text, cut at a character: a web copy's
// leftover navigation can push the speaker's line past the first lines.
func opening(text string, n int) string {
	if len(text) <= n {
		return text
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}

// speakerSuffix is the level the speaker names: 我代表旗人民政府 → 旗.
func speakerSuffix(head string) string {
	if m := reOwnSuffix.FindStringSubmatch(head); m != nil {
		return m[1]
	}
	return ""
}

func speakerLines(lines []string) string {
	var b strings.Builder
	for _, l := range lines[:min(len(lines), 30)] {
		if i := strings.Index(l, "我代表"); i >= 0 {
			b.WriteString(l[i:min(len(l), i+60)])
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// PlanStart is the first year of the n-th five-year plan (十一五 → 2006).
func PlanStart(n string) int {
	v := chineseSmall(n)
	return 1971 + 5*(10+v-4)
}

func chineseSmall(s string) int {
	return strings.Index("零一二三四五六七八九", s) / len("一")
}

func levelOf(d Division) report.Level {
	switch d.Rank {
	case "省级":
		return report.LevelProvince
	case "地级":
		return report.LevelCity
	}
	if strings.HasSuffix(d.Name, "区") {
		return report.LevelDistrict
	}
	return report.LevelCounty
}

// anonymised reports a text whose years or places are masked: XX年, xx区.
func anonymised(text string) bool {
	if strings.Contains(text, "××") {
		return true
	}
	for _, x := range []string{"XX", "xx", "ＸＸ"} {
		for i := 0; ; {
			k := strings.Index(text[i:], x)
			if k < 0 {
				break
			}
			i += k + len(x)
			r, _ := utf8.DecodeRuneInString(text[i:])
			if strings.ContainsRune("年区县市省镇", r) {
				return true
			}
		}
	}
	return false
}

func rankBySuffix(name string) string {
	switch {
	case strings.HasSuffix(name, "省"):
		return "省级"
	case strings.HasSuffix(name, "市"):
		return "地级"
	}
	return "县级"
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// reviewsPeriod tells a text that reviews a plan's period (“十三五”时期
// 工作回顾): 回顾 within 20 characters after 时期, on its line.
func reviewsPeriod(text string) bool {
	for i := 0; ; {
		k := strings.Index(text[i:], "时期")
		if k < 0 {
			return false
		}
		i += k + len("时期")
		for j, n := i, 0; j < len(text) && n <= 20 && text[j] != '\n'; n++ {
			if strings.HasPrefix(text[j:], "回顾") {
				return true
			}
			_, w := utf8.DecodeRuneInString(text[j:])
			j += w
		}
	}
}

// plansFiveYears tells a text that speaks of the five years ahead (今后五年,
// 未来五年), in one scan of a whole report for 五年.
func plansFiveYears(text string) bool {
	for i := 0; ; {
		k := strings.Index(text[i:], "五年")
		if k < 0 {
			return false
		}
		at := i + k
		if strings.HasSuffix(text[:at], "今后") || strings.HasSuffix(text[:at], "未来") {
			return true
		}
		i = at + len("五年")
	}
}

// maxHead bounds the opening that identity is read from, in bytes.
const maxHead = 3000

// findIf runs re on s only when s holds lit, which re needs to match.
func findIf(s, lit string, re *regexp.Regexp) []string {
	if !strings.Contains(s, lit) {
		return nil
	}
	return re.FindStringSubmatch(s)
}

// reDeliveryIn finds the delivery line; the literal test first spares the
// regular expression most texts.
func reDeliveryIn(s string) []string {
	if !strings.Contains(s, "会议") {
		return nil
	}
	return reDelivery.FindStringSubmatch(s)
}

var reNPC = regexp.MustCompile(`第?([一二三四五六七八九十]+)届全国(?:人民代表大会|人大)第?([一二三四五六七八九十]+)次会议`)

// npcYear reads the year of a national report from its session: the
// National People's Congress has sat in five-year terms since the eighth
// (1993), one session a year, so 十四届全国人大一次会议 is 2023.
func npcYear(s string) int {
	m := reNPC.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	term, session := chineseCount(m[1]), chineseCount(m[2])
	if term < 8 || session < 1 || session > 5 {
		return 0
	}
	return 1993 + 5*(term-8) + session - 1
}

// chineseCount reads 一 to 九十九.
func chineseCount(s string) int {
	rs := []rune(s)
	digit := func(r rune) int { return strings.IndexRune("零一二三四五六七八九", r) / len("一") }
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		return digit(rs[0])
	case len(rs) == 2 && rs[0] == '十':
		return 10 + digit(rs[1])
	case len(rs) == 2 && rs[1] == '十':
		return digit(rs[0]) * 10
	case len(rs) == 3 && rs[1] == '十':
		return digit(rs[0])*10 + digit(rs[2])
	}
	return 0
}

// reLocalSession is a local people's congress: 漳州市第十六届人民代表大会, 省十三届人大.
var reLocalSession = regexp.MustCompile(`(?:[省市区县旗州盟]|自治区)(?:第)?[一二三四五六七八九十]+(?:届|屆)(?:\n?人民代表大会|人大)`)

// national tells the State Council's report: its delivery line names the
// National People's Congress, or the premier speaks, or the opening names
// the national congress and no local one.
func national(head, delivery, speakerTitle string) bool {
	switch {
	case strings.Contains(delivery, "全国人民代表大会"):
		return true
	case delivery != "":
		return false
	case strings.Contains(head, "我代表国务院") || speakerTitle == "总理":
		return true
	case (strings.Contains(head, "届") || strings.Contains(head, "屆")) && reLocalSession.MatchString(head):
		return false
	}
	return containsAny(head, "全国人民代表大会", "国务院总理", "全国人大")
}
