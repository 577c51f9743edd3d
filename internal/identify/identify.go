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
	reDelivery  = regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日.{0,4}在([^。\n]{0,40}?)(第[一二三四五六七八九十]+届\n?[^。\n]{0,12}?\n?人民代表大会[^。\n]{0,6}?第[一二三四五六七八九十]+次会议)`)
	reShortSes  = regexp.MustCompile(`([一二三四五六七八九十]+)届人大([一二三四五六七八九十]+)次会议`)
	reTitleY    = regexp.MustCompile(`(\d{4})年.{0,24}?(政府工作报告|工作报告|工作总结)`)
	rePage      = regexp.MustCompile(`[（(]?第\s*(\d+)\s*/\s*(\d+)\s*页[）)]?`)
	reSpeaker   = regexp.MustCompile(`^(.{0,16}?)(代理|副)?(总理|省长|市长|区长|县长|旗长|州长|盟长|主席)\s*([\p{Han}]{2,4})$`)
	reReviewY   = regexp.MustCompile(`(?:^|[一二三四五六七八九十]、)(\d{4})年(?:工作回顾|，|是|以来)`)
	reFiveRev   = regexp.MustCompile(`过去五年|五年来|五年工作回顾|时期.{0,20}回顾`)
	rePlanSpan  = regexp.MustCompile(`今后五年|未来五年`)
	rePlanEnd   = regexp.MustCompile(`收官[‘“"']?十([一二三四五六七八九])五|十([一二三四五六七八九])五[’”"']?(?:规划)?(?:圆满)?收官`)
	rePlanOpen  = regexp.MustCompile(`十([一二三四五六七八九])五[’”"']?(?:发展|规划)?的?开局之年`)
	reOwnName   = regexp.MustCompile(`(?:^|\d年|在|我代表)(\p{Han}{2,10}?[省市区县旗])(?:第|人民政府)`)
	reTitleWord = regexp.MustCompile(`工作报告|工作总结|工作计划`)
	reNational  = regexp.MustCompile(`全国人民代表大会|我代表国务院|国务院总理`)
)

// Identify reads the identity of a cleaned report text. title is the page
// title of an HTML copy, or "".
func Identify(text, title string) report.Identity {
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
	if m := reDeliveryIn(head); m != nil {
		delivery = m[0]
		id.Year, _ = strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			id.DeliveredOn = m[1] + "-" + pad2(mo) + "-" + pad2(d)
		}
		id.Session = strings.ReplaceAll(m[5], "\n", "")
	} else if m := findIf(head, "届人大", reShortSes); m != nil {
		id.Session = "第" + m[1] + "届人民代表大会第" + m[2] + "次会议"
	}
	if id.Year == 0 {
		if m := reTitleY.FindStringSubmatch(id.Title + "\n" + head); m != nil {
			id.Year, _ = strconv.Atoi(m[1])
		}
	}
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
	// names its speaker and session, else the place named most often.
	if containsAny(head, "全国人民代表大会", "我代表国务院", "国务院总理", "全国人大") || strings.Contains(delivery, "全国人民代表大会") {
		id.Region, id.RegionCode, id.Level = "全国", NationalCode, report.LevelNational
		if id.Year == 0 {
			if y := npcYear(head); y != 0 {
				id.Year, id.YearInferred = y, true
			}
		}
	} else {
		own := delivery + "\n" + speakerLines(lines)
		keys := []string{id.Title, own}
		m := reOwnName.FindStringSubmatch(id.Title + "\n" + own)
		if m == nil || len(namesIn(m[1], divisionData())) > 0 {
			keys = append(keys, head) // the opening lines, when the key lines name no unknown place
		}
		if d, ok := resolveRegion(keys, text, id.Year); ok {
			id.Region, id.RegionCode, id.Level = d.FullName(), d.Code, levelOf(d)
		} else if m != nil {
			// A place the division data does not know: keep its name.
			id.Region, id.Level = m[1], levelOf(Division{Name: m[1], Rank: rankBySuffix(m[1])})
		}
	}

	// Years reviewed and planned.
	body := text
	if len(body) > 6000 {
		body = body[:6000]
	}
	fiveYear := containsAny(body, "过去五年", "五年来", "五年工作回顾") || strings.Contains(body, "时期") && reFiveRev.MatchString(body)
	if id.Year == 0 {
		if m := reReviewY.FindStringSubmatch(body); m != nil {
			y, _ := strconv.Atoi(m[1])
			id.Year, id.YearInferred = y+1, true
		} else {
			id.Year, id.YearInferred = inferYear(text)
		}
	}
	if id.Year != 0 {
		id.PlanFrom, id.PlanTo = id.Year, id.Year
		if fiveYear {
			id.ReviewFrom, id.ReviewTo = id.Year-5, id.Year-1
		} else {
			id.ReviewFrom, id.ReviewTo = id.Year-1, id.Year-1
			if m := reReviewY.FindStringSubmatch(body); m != nil {
				if y, _ := strconv.Atoi(m[1]); y == id.Year-1 || y == id.Year {
					id.ReviewFrom, id.ReviewTo = y, y
				}
			}
		}
		if containsAny(text, "今后五年", "未来五年") {
			id.PlanSpanFrom, id.PlanSpanTo = id.Year, id.Year+4
		}
	}

	switch {
	case strings.Contains(id.Title, "摘要") || strings.Contains(head, "（摘要）"):
		id.Kind = report.KindSummary
	case fiveYear:
		id.Kind = report.KindFiveYear
	default:
		id.Kind = report.KindAnnual
	}
	id.Partial = id.Pages > 1
	return id
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

// inferYear reads the delivery year from references to five-year plans:
// 收官“十二五” is the review of 2015, so the report is of 2016;
// “十三五”开局之年 is the plan year 2016.
func inferYear(text string) (int, bool) {
	if m := rePlanOpen.FindStringSubmatch(text); m != nil {
		return planStart(m[1]), true
	}
	if m := rePlanEnd.FindStringSubmatch(text); m != nil {
		n := m[1] + m[2]
		return planStart(n) + 5, true
	}
	return 0, false
}

// planStart is the first year of the n-th five-year plan (十一五 → 2006).
func planStart(n string) int {
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
