// Package segment splits a cleaned report into its parts: the review of
// the past period, the main expected targets, the tasks by area with their
// headings, the government's own building, and the glossary.
//
// Input: the canonical text of package clean. Output: a []report.Section
// tree with byte spans into that text. A text with no recognisable
// structure yields no sections, and later stages read it whole.
package segment

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

var (
	// Headings and openings that start the review of the past period.
	reReview = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?(?:过去(?:的)?[一五]年|(?:\d{4}|XX|xx)年(?:工作)?回顾|.{0,12}工作回顾|一年来|五年来|过去一年|上一?年|(?:\d{4}|XX|xx)年[，,]|.{0,16}时期.{0,16}回顾|.{2,12}以来的五年)`)
	// Headings and openings that start the plan for the coming period.
	rePlan = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?(?:(?:\d{4}|XX|xx|今)年(?:的)?(?:政府)?(?:主要)?工作(?:的)?(?:安排|任务|部署|建议|总体要求)|(?:\d{4}|XX|xx)年(?:主要目标和|的)?(?:重点|主要)?(?:工作|任务)|今后五年|未来五年|.{0,6}对(?:今年|\d{4}年)政府工作的建议|(?:\d{4}|XX|xx)年[，,]?是|今年是|新的一年|.{0,10}工作计划|.{0,10}“十[一二三四五六七八九]五”(?:时期)?(?:的)?主要目标)`)
	// Every heading of the government's own work speaks of 建设.
	reGov        = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?.{0,20}(?:政府自身建设|建设.{0,12}政府$|建设.{0,14}的政府|自身建设)`)
	reLivelihood = regexp.MustCompile(`民生实事`)
	reGloss      = regexp.MustCompile(`^(?:名词解释|名词注释|注释|附注)`)
	reClosing    = regexp.MustCompile(`^各位代表[！!，,]`)
	reHeading    = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.、．][^0-9]|[—－-]{1,2}|●)`)
	reBullet     = regexp.MustCompile(`^(?:——|—|－－|●|•|·|\d{1,2}[.、．]|（\d{1,2}）|[一二三四五六七八九十]+是)`)
)

// maxCue is how much of a paragraph, in bytes, is searched for the cues
// that open a section.
const maxCue = 360

// Section kinds.
const (
	Review     = "review"
	Targets    = "targets"
	Tasks      = "tasks"
	Government = "government"
	Livelihood = "livelihood" // the list of 民生实事 the government promises for the year
	Glossary   = "glossary"
	Closing    = "closing"
)

// Split returns the top-level sections of text, in order, each with the
// headings inside it as children. The part before the review (title,
// delivery line) is not a section.
//
// planYear, when known, keeps a review sentence such as 2015年是“十二五”
// 收官之年 from being read as the start of the plan for 2016.
func Split(text string, planYear int) []report.Section {
	var out []report.Section
	cur := -1
	open := func(kind, title string, start int) {
		if cur >= 0 {
			out[cur].End = start
		}
		out = append(out, report.Section{Kind: kind, Title: title, Start: start})
		cur = len(out) - 1
	}
	state, prevLine := "", ""
	inTargetList := false
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		// A digest marks its headings with a glyph (■ 2023年主要目标); the
		// cues read the heading after it.
		line := strings.TrimLeft(text[start:end], headingMarks)
		short := atMostRunes(line, 40)
		targetsCue := hasTargetsCue(line) || short && strings.Contains(line, "标") && reTargetsHeading.MatchString(line)
		if len(line) > maxCue {
			// Cues open a paragraph; the rest of a long one is not read.
			k := maxCue
			for k > 0 && !utf8.RuneStart(line[k]) {
				k--
			}
			line = line[:k]
		}
		// The cheap tests of each case come before its expression.
		switch {
		case state != Glossary && short && reGloss.MatchString(line):
			state = Glossary
			open(Glossary, line, start)
		case state == Glossary:
		case state == Closing && short && reLivelihood.MatchString(line):
			// An annex after the closing appeal: the year's 民生实事.
			state = Livelihood
			open(Livelihood, headingOf(line), start)
		case state == Closing:
			// after the closing appeal only a glossary or an annex of 民生实事 may follow
		case (state == "" && reReview.MatchString(line) || strings.Contains(line, "回顾") && short && reReview.MatchString(line)) && !(targetsCue && planYearLine(line, planYear)):
			state = Review
			open(Review, headingOf(line), start)
			out[cur].FiveYear = fiveYear(line)
		case state != "" && state != Review && start > len(text)*3/4 && reClosing.MatchString(line):
			if state != Closing {
				state = Closing
				open(Closing, "", start)
			}
		case targetsCue && (state != Review || planCue(text[start:end]) || planYearLine(line, planYear)):
			state = Targets
			open(Targets, headingOf(line), start)
			out[cur].FiveYear = fiveYear(line) || (cur > 0 && out[cur-1].FiveYear && !annual(line))
			inTargetList = strings.HasSuffix(strings.TrimSpace(line), "：")
		case inTargetList && reBullet.MatchString(line):
			// a listed target stays in the targets section
		case state == Tasks && out[cur].FiveYear && (annual(line) || planYearLine(line, planYear)) && rePlan.MatchString(line) && !fiveYear(line):
			// After the plan for five years, the plan for this year: 今年政府
			// 工作的总体要求是… opens its tasks, and its targets are the year's.
			state = Tasks
			open(Tasks, headingOf(line), start)
			inTargetList = false
		case (state == "" || state == Review || short) && rePlan.MatchString(line) && !pastYear(line, planYear):
			if state != Tasks || short {
				state = Tasks
				open(Tasks, headingOf(line), start)
				out[cur].FiveYear = fiveYear(line)
			}
			inTargetList = false
		case (state == Tasks || state == Targets || state == Livelihood) && short && reLivelihood.MatchString(line):
			state = Livelihood
			open(Livelihood, headingOf(line), start)
			inTargetList = false
		case (state == Tasks || state == Targets || state == Government || state == Livelihood) && atMostRunes(line, 60) && strings.Contains(line, "建设") && reGov.MatchString(line):
			state = Government
			open(Government, headingOf(line), start)
			inTargetList = false
		case state == Targets && !StatesFigure(prevLine) && atMostRunes(prevLine, 40):
			// A heading or a broken line named the targets; they follow.
		case state == Targets:
			// The paragraph after the targets opens the tasks.
			state = Tasks
			open(Tasks, headingOf(line), start)
			out[cur].FiveYear = out[cur-1].FiveYear
			inTargetList = false
		default:
			inTargetList = false
		}
		if cur >= 0 && reHeading.MatchString(line) && out[cur].Kind != Glossary {
			out[cur].Children = append(out[cur].Children, report.Section{Kind: "heading", Title: headingOf(line), Start: start, End: end})
		}
		prevLine = line
		start = end + 1
	}
	if cur >= 0 {
		out[cur].End = len(text)
	}
	for i := range out {
		kids := out[i].Children
		for k := range kids {
			if k+1 < len(kids) {
				kids[k].End = kids[k+1].Start
			} else {
				kids[k].End = out[i].End
			}
		}
	}
	return out
}

var reFiveYear = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?(?:.{0,8}(?:今后|未来|过去)五年|五年来|.{0,12}“?十[一二三四五六七八九]五”?(?:时期|规划(?:时期)?)(?:的)?(?:主要|发展|工作|回顾|目标)|.{0,10}以来的五年)`)

// fiveYear tells a heading or paragraph that opens on a five-year period.
func fiveYear(line string) bool {
	return reFiveYear.MatchString(line)
}

// annual tells a paragraph about this year alone.
func annual(line string) bool {
	return strings.Contains(line, "今年") || strings.Contains(line, "全年")
}

var reLeadYear = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、)?(\d{4})年`)

// planYearLine tells a line that opens on the plan year: 2024年，全县…主要
// 预期目标是 opens the targets, not a review.
func planYearLine(line string, planYear int) bool {
	m := reLeadYear.FindStringSubmatch(line)
	if m == nil || planYear == 0 {
		return false
	}
	y, _ := strconv.Atoi(m[1])
	return y == planYear
}

// pastYear tells a line that opens with a year before the plan year.
func pastYear(line string, planYear int) bool {
	m := reLeadYear.FindStringSubmatch(line)
	if m == nil || planYear == 0 {
		return false
	}
	y, _ := strconv.Atoi(m[1])
	return y < planYear
}

// headingMarks are the glyphs and spaces a digest sets before a heading.
// The bullets of a list (●, •, ·) are not among them: they mark items.
const headingMarks = "■□◆◇▲△★☆▶►◎◉※ 　"

// reTargetsHeading is a heading that names the targets alone, without the
// 是 or 为 that opens them in a paragraph: 2023年主要目标.
var reTargetsHeading = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?(?:(?:19|20)\d\d年|今年)?(?:全[区市县省州旗])?(?:经济社会发展)?(?:的)?(?:主要(?:预期)?|预期)(?:目标|指标)(?:任务)?$`)

// targetsCues name the paragraph that states the main expected targets,
// wherever in it they stand.
var targetsCues = []string{"主要预期目标", "主要目标是", "预期目标是", "主要目标为", "发展目标是", "主要指标是"}

func hasTargetsCue(line string) bool {
	if k := strings.Index(line, "标"); k < 0 || !strings.Contains(line[max(0, k-len("目")):], "目标") && !strings.Contains(line[max(0, k-len("指")):], "指标") {
		return false // every cue holds 目标 or 指标; one scan finds the first 标
	}
	for _, c := range targetsCues {
		if strings.Contains(line, c) {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// reYearWord is a year as a heading names it: 2025年主要预期目标.
var reYearWord = regexp.MustCompile(`(?:19|20)\d\d年`)

// StatesFigure tells a line that states a figure, not only a year: the
// targets heading 2025年主要预期目标 states none, and the targets follow it.
func StatesFigure(s string) bool {
	return hasDigit(s) && hasDigit(reYearWord.ReplaceAllString(s, ""))
}

// planCue tells a targets paragraph inside the review from the review's
// own mention of last year's targets: it speaks of this year.
func planCue(line string) bool {
	return strings.Contains(line, "今年") || strings.Contains(line, "新的一年")
}

// headingOf returns the heading part of a line: up to the first full stop,
// at most 40 characters.
func headingOf(line string) string {
	if i := strings.IndexAny(line, "。："); i >= 0 {
		line = line[:i]
	}
	if !atMostRunes(line, 40) {
		line = string([]rune(line)[:40]) + "…"
	}
	return line
}

// atMostRunes tells whether s holds at most n runes, without counting
// the runes of a long paragraph: a rune is at most four bytes.
func atMostRunes(s string, n int) bool {
	return len(s) <= n || len(s) <= 4*n && utf8.RuneCountInString(s) <= n
}

// At returns the kind of the top-level section holding byte offset i, or "".
func At(secs []report.Section, i int) string {
	for _, s := range secs {
		if i >= s.Start && i < s.End {
			return s.Kind
		}
	}
	return ""
}
