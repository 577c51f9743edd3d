package segment

import (
	"github.com/baogao/baogao/internal/report"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/baogao/baogao/internal/clean"
)

func cleanSeed(t *testing.T, prefix string) string {
	m, _ := filepath.Glob(filepath.Join("../../../shared/seeds", prefix+"_*.txt"))
	if len(m) != 1 {
		t.Fatalf("seed %s missing", prefix)
	}
	raw, _ := os.ReadFile(m[0])
	res, err := clean.Clean(raw, "text", clean.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Text.String()
}

func kinds(text string, planYear int) []string {
	var out []string
	for _, s := range Split(text, planYear) {
		k := s.Kind
		if s.FiveYear {
			k += "(5)"
		}
		out = append(out, k)
	}
	return out
}

func TestSeeds(t *testing.T) {
	for _, c := range []struct {
		seed string
		year int
		want []string
	}{
		{"000", 0, []string{Review, Tasks, Targets, Tasks}},
		{"001", 2020, []string{Review, Tasks, Targets, Tasks, Government, Closing}},
		{"003", 2020, []string{Glossary}},
		{"004", 2012, []string{Review + "(5)", Tasks + "(5)", Targets + "(5)", Tasks + "(5)", Tasks, Targets, Tasks, Government}},
	} {
		t.Run(c.seed, func(t *testing.T) {
			if diff := cmp.Diff(c.want, kinds(cleanSeed(t, c.seed), c.year)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSpansAndHeadings(t *testing.T) {
	text := cleanSeed(t, "001")
	secs := Split(text, 2020)
	for i, s := range secs {
		if s.Start >= s.End || (i > 0 && secs[i-1].End != s.Start) {
			t.Errorf("section %d [%d,%d) does not follow on", i, s.Start, s.End)
		}
	}
	tasks := secs[3]
	if len(tasks.Children) != 6 || !strings.HasPrefix(tasks.Children[0].Title, "一、聚力产业强区") {
		t.Errorf("tasks headings %+v", tasks.Children)
	}
	if got := At(secs, strings.Index(text, "主要预期目标")); got != Targets {
		t.Errorf("At(targets paragraph) = %s", got)
	}
}

func TestPastYearIsNotThePlan(t *testing.T) {
	text := "一、2015年工作回顾\n2015年是“十二五”收官之年。全年地区生产总值增长7%。\n二、2016年工作安排\n今年主要预期目标是：增长6.5%。"
	if diff := cmp.Diff([]string{Review, Tasks, Targets}, kinds(text, 2016)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestNoStructure(t *testing.T) {
	if secs := Split("新建养老机构床位1000张。\n改造老旧小区20个。", 2020); len(secs) != 0 {
		t.Errorf("%+v", secs)
	}
}

func TestLivelihoodList(t *testing.T) {
	text := "一、2019年工作回顾\n全年地区生产总值增长7%。\n二、2020年工作安排\n（一）推动高质量发展。新建厂房10万平方米。\n（二）2020年民生实事项目\n1.新建幼儿园5所。\n2.新增养老床位300张。\n三、加强政府自身建设\n依法行政。"
	if diff := cmp.Diff([]string{Review, Tasks, Livelihood, Government}, kinds(text, 2020)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestAnnexesAfterTheClosing reads a 民生实事 annex after the closing
// appeal as its own section, and a decimal at a line start as no heading.
func TestAnnexesAfterTheClosing(t *testing.T) {
	text := "一、2025年工作回顾\n地区生产总值增长5%。\n2.5万家企业上云。\n二、2026年工作安排\n新建学校10所。\n" +
		strings.Repeat("推进各项工作。\n", 20) +
		"各位代表！让我们团结奋斗，再创佳绩！\n附件1 2026年省十件民生实事\n一、提高低保标准。\n名词解释\n1.“四上”企业：\n指规模以上企业。\n"
	secs := Split(text, 2026)
	var got []string
	for _, s := range secs {
		got = append(got, s.Kind)
		for _, c := range s.Children {
			if strings.HasPrefix(c.Title, "2.5") {
				t.Errorf("a decimal read as a heading: %q", c.Title)
			}
		}
	}
	if want := []string{Review, Tasks, Closing, Livelihood, Glossary}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("sections %v, want %v", got, want)
	}
}

// TestPlanYearOpensTargets reads a line that opens on the plan year with
// a target header as the targets, even after the review.
func TestPlanYearOpensTargets(t *testing.T) {
	text := "一、2023年工作回顾\n全年地区生产总值增长5%。\n2024年，全县经济社会发展的主要预期目标是：地区生产总值增长6%左右。\n"
	got := kinds(text, 2024)
	if strings.Join(got, " ") != "review targets" {
		t.Errorf("sections %v, want review targets", got)
	}
}

// TestTargetsHeadingWithYear: a heading that names the year of its targets
// (2025年主要预期目标) states no figure; the targets follow it.
func TestTargetsHeadingWithYear(t *testing.T) {
	for _, heading := range []string{"2025年主要预期目标", "二、2025年主要预期目标", "主要预期目标"} {
		text := heading + "\n地区生产总值增长6%左右，一般公共预算收入增长5%。\n"
		if got := At(Split(text, 0), strings.Index(text, "地区生产总值")); got != Targets {
			t.Errorf("%s: the line after it is in %q", heading, got)
		}
	}
}

// TestDigestHeadings reads a digest whose headings a glyph marks and whose
// targets heading has no 是: review, targets and tasks in order.
func TestDigestHeadings(t *testing.T) {
	text := "【聚焦两会】2023年某县政府工作报告摘要\n■ 2022年工作回顾\n●全县地区生产总值完成186.5亿元，增长4.2%。\n" +
		"■ 2023年主要目标\n地区生产总值增长6.5%左右；固定资产投资增长10%。\n" +
		"■ 2023年重点工作\n（一）抓项目扩投资。全年实施重点项目150个以上。\n"
	if diff := cmp.Diff([]string{Review, Targets, Tasks}, kinds(text, 2023)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	secs := Split(text, 2023)
	if got := At(secs, strings.Index(text, "固定资产投资")); got != Targets {
		t.Errorf("the targets are in %q", got)
	}
	if len(secs) == 3 && secs[1].Title != "2023年主要目标" {
		t.Errorf("targets title %q", secs[1].Title)
	}
}

// TestYearPlanAfterFiveYears: a report without numbered headings that
// plans five years, then this year (今年政府工作的总体要求是…): the year's
// targets are not five-year targets.
func TestYearPlanAfterFiveYears(t *testing.T) {
	text := "2015年，全区地区生产总值增长8%。\n今后五年，要坚持发展第一要务。\n经济社会发展主要预期目标是：地区生产总值年均增长7%。\n实现上述目标，要抓好八个方面的工作。\n" +
		"今年政府工作的总体要求是：稳中求进。\n经济社会发展主要预期目标是：地区生产总值增长7.5%。\n"
	secs := Split(text, 2016)
	i := strings.LastIndex(text, "地区生产总值增长7.5%")
	var in report.Section
	for _, s := range secs {
		if i >= s.Start && i < s.End {
			in = s
		}
	}
	if in.Kind != Targets || in.FiveYear {
		t.Errorf("the year's targets are in %+v", in)
	}
	if j := strings.Index(text, "年均增长7%"); At(secs, j) != Targets {
		t.Errorf("the five-year targets are in %q", At(secs, j))
	}
}
