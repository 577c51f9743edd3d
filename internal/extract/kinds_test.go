package extract

import (
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/report"
)

// TestKindCues runs every row of data/kind_cues.tsv: its example holds
// the cue and is read as the row's class.
func TestKindCues(t *testing.T) {
	if len(KindCues()) < 30 {
		t.Fatalf("%d cues", len(KindCues()))
	}
	for _, c := range KindCues() {
		t.Run(c.Class+"/"+c.Cue, func(t *testing.T) {
			if !strings.Contains(c.Example, c.Cue) {
				t.Fatalf("example %q lacks its cue", c.Example)
			}
			got, _ := classifySentence(c.Example, 2024)
			switch c.Class {
			case "target":
				if got != classTarget {
					t.Errorf("%q: class %d, want a target header", c.Example, got)
				}
			case "notplan", "past":
				if got != classPast {
					t.Errorf("%q: class %d, want the past", c.Example, got)
				}
			case "span":
				if !spanStated(c.Example) {
					t.Errorf("%q: no span", c.Example)
				}
			case "explain":
				if !explains(c.Example) {
					t.Errorf("%q: not read as explaining the targets", c.Example)
				}
			case "subyear":
				if !containsAny(c.Cue, "季", "半", "个月") {
					t.Errorf("%q holds none of 季, 半, 个月", c.Cue)
				}
				review := Context{Identity: annual2020, Sections: []report.Section{{Kind: "review", Start: 0, End: 1 << 20}}}
				if fs := Facts(c.Example, review); len(fs) != 0 {
					t.Errorf("%q: a part of the year read as a fact: %+v", c.Example, fs[0].Fact)
				}
				if fs := Facts(c.Example+"，全年增长6%。", review); len(fs) != 1 {
					t.Errorf("%q: the year's figure after it: %d facts", c.Example, len(fs))
				}
			case "ahead":
				if !containsAny(c.Cue, aheadAnchors...) {
					t.Errorf("%q holds none of %q", c.Cue, aheadAnchors)
				}
				if got, rule := classifySentence(c.Example, 2024); got != classTarget || rule != "years-ahead" {
					t.Errorf("%q: class %d (%s), want a goal over the years ahead", c.Example, got, rule)
				}
			case "lead":
				fs := Facts(c.Example, Context{Identity: annual2020})
				if len(fs) == 0 || strings.HasPrefix(fs[0].Fact.Indicator, c.Cue) || fs[0].Fact.Indicator == "" {
					t.Errorf("%q: the lead word stays in the indicator: %+v", c.Example, fs)
				}
			default:
				t.Errorf("unknown class %q", c.Class)
			}
		})
	}
}

// TestKindsWithoutSections reads a news story: the review's figures are
// results, the target list targets, a later plan sentence a commitment.
func TestKindsWithoutSections(t *testing.T) {
	text := "1月7日，某区六届人大二次会议开幕。\n" +
		"2022年预计全区地区生产总值实现290亿元，增长4.5%。\n" +
		"经济社会发展的预期目标是：地区生产总值增长6%左右，固定资产投资增长8%。\n" +
		"主要目标\n社会消费品零售总额增长7%左右，城镇调查失业率控制在5.5%以内。\n" +
		"2023年全区将新建学校3所。\n"
	id := report.Identity{Year: 2023, PlanFrom: 2023, PlanTo: 2023, ReviewFrom: 2022, ReviewTo: 2022, Reported: true}
	kinds := map[string]report.FactKind{}
	for _, f := range Facts(text, Context{Identity: id}) {
		kinds[f.Fact.Indicator] = f.Fact.Kind
		if f.Fact.Rule == "" || !strings.Contains(f.Fact.Rule, "kind:") {
			t.Errorf("%s: rule %q does not name the kind's cue", f.Fact.Indicator, f.Fact.Rule)
		}
	}
	for ind, want := range map[string]report.FactKind{
		"地区生产总值": report.Target, "固定资产投资": report.Target, "社会消费品零售总额": report.Target,
		"城镇调查失业率": report.Target, "学校": report.Commitment,
	} {
		if kinds[ind] != want {
			t.Errorf("%s: %q, want %q (all: %v)", ind, kinds[ind], want, kinds)
		}
	}
	n := 0
	for _, f := range Facts(text, Context{Identity: id}) {
		if f.Fact.Kind == report.Achieved && f.Fact.Value != nil && *f.Fact.Value == 290 {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the 2022 result was not read as one result")
	}
}

// TestRoundupKeepsOwnFigures reads a story about one province's report
// that also cites the country and a city: only its own figures are facts.
func TestRoundupKeepsOwnFigures(t *testing.T) {
	text := "记者从省人大会议获悉，报告指出，去年全省地区生产总值增长5.8%。\n" +
		"同日，芜湖市地区生产总值增长6.2%。\n全国国内生产总值增长5.2%。\n"
	id := report.Identity{Region: "安徽省", Level: report.LevelProvince, Year: 2024, PlanTo: 2024, ReviewTo: 2023, ReviewFrom: 2023, Reported: true}
	var growths []float64
	for _, f := range Facts(text, Context{Identity: id}) {
		if f.Fact.Growth != nil {
			growths = append(growths, *f.Fact.Growth)
		}
	}
	if len(growths) != 1 || growths[0] != 5.8 {
		t.Errorf("facts %v, want only the province's 5.8", growths)
	}
	// The whole of a level above: 全市 in a district's story is the city's;
	// a county-level city's 全市 is its own.
	text = "区长在报告中说，2023年全区地区生产总值增长5.8%。\n同日，全市地区生产总值增长5.5%。\n全省地区生产总值增长5.2%。\n"
	for _, c := range []struct {
		id   report.Identity
		want int
	}{
		{report.Identity{Region: "鼓楼区", Level: report.LevelDistrict}, 1},
		{report.Identity{Region: "福州市", Level: report.LevelCity}, 2},
		{report.Identity{Region: "福清市", Level: report.LevelCounty}, 2},
	} {
		c.id.Year, c.id.PlanTo, c.id.ReviewFrom, c.id.ReviewTo, c.id.Reported = 2024, 2024, 2023, 2023, true
		if n := len(Facts(text, Context{Identity: c.id})); n != c.want {
			t.Errorf("%s: %d facts, want %d", c.id.Region, n, c.want)
		}
	}
}

// TestChineseNumeralCommitments reads commitments counted in Chinese
// numerals; a bare magnitude (突破千亿元) and an article (一批) are not.
func TestChineseNumeralCommitments(t *testing.T) {
	text := "城镇新增就业一万二千人以上，新建学校十二所，改造老旧小区三百个，培育一批龙头企业，经济总量突破千亿元。"
	got := map[string]float64{}
	for _, f := range Facts(text, Context{Identity: annual2020, Sections: []report.Section{{Kind: "tasks", Start: 0, End: len(text)}}}) {
		if f.Fact.Value != nil {
			got[f.Fact.Indicator] = *f.Fact.Value
		}
	}
	for ind, want := range map[string]float64{"学校": 12, "老旧小区": 300} {
		if got[ind] != want {
			t.Errorf("%s: %v, want %v (all %v)", ind, got[ind], want, got)
		}
	}
	if len(got) != 3 {
		t.Errorf("facts %v, want three (一批 and 千亿元 are not counts)", got)
	}
}

// TestTargetsUnderYearHeading: the figures under a targets heading that
// names its year are targets of that paragraph, not commitments.
func TestTargetsUnderYearHeading(t *testing.T) {
	text := "2025年主要预期目标\n地区生产总值增长6%左右，一般公共预算收入增长5%。\n"
	secs := []report.Section{{Kind: "targets", Start: 0, End: len(text)}}
	fs := Facts(text, Context{Identity: annual2020, Sections: secs})
	if len(fs) != 2 {
		t.Fatalf("%d facts, want 2: %+v", len(fs), fs)
	}
	for _, f := range fs {
		if f.Fact.Kind != report.Target {
			t.Errorf("%s: %s, want a target", f.Fact.Indicator, f.Fact.Kind)
		}
	}
}

// TestHeadlineTargetToldByBody: a story's headline and body state one
// target; the fact is the body's, with its qualifier and lexicon name.
func TestHeadlineTargetToldByBody(t *testing.T) {
	text := "政府工作报告解读：今年GDP预期增长6%\n报告提出，2025年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%。\n"
	id := report.Identity{Year: 2025, PlanFrom: 2025, PlanTo: 2025, ReviewFrom: 2024, ReviewTo: 2024, Reported: true}
	var gdp []Found
	for _, f := range Facts(text, Context{Identity: id}) {
		if f.Fact.Kind == report.Target && f.Fact.Growth != nil && *f.Fact.Growth == 6 {
			gdp = append(gdp, f)
		}
	}
	if len(gdp) != 1 || gdp[0].Fact.Indicator != "地区生产总值" || gdp[0].Fact.Qualifier != "左右" || text[gdp[0].Start:gdp[0].End] != "地区生产总值增长6%左右" {
		t.Errorf("the GDP target: %+v", gdp)
	}
}

// TestHeadlineBeforeReview: a headline before the review that names this
// year's target is a target, not a result of the year before.
func TestHeadlineBeforeReview(t *testing.T) {
	text := "政府工作报告：今年GDP增长目标6%左右\n报告显示，全市地区生产总值达到6200亿元。\n"
	review := strings.Index(text, "报告显示")
	secs := []report.Section{{Kind: "review", Start: review, End: len(text)}}
	fs := Facts(text, Context{Identity: annual2020, Sections: secs})
	if len(fs) != 2 || fs[0].Fact.Kind != report.Target || fs[0].Fact.Growth == nil || *fs[0].Fact.Growth != 6 || fs[1].Fact.Kind != report.Achieved {
		t.Errorf("facts %+v", fs)
	}
}

// TestMonthsRun: a figure for a run of months is no fact of the year.
func TestMonthsRun(t *testing.T) {
	review := Context{Identity: annual2020, Sections: []report.Section{{Kind: "review", Start: 0, End: 1 << 20}}}
	for text, want := range map[string]int{
		"1—11月，全市固定资产投资增长3%。":      0,
		"1-2月份规上工业增加值增长7%，全年增长6%。": 1,
		"全市固定资产投资增长3%，11月开工项目20个。": 2,
	} {
		if fs := Facts(text, review); len(fs) != want {
			t.Errorf("%s: %d facts, want %d", text, len(fs), want)
		}
	}
}
