package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/segment"
)

// short renders a fact's kind and numbers for table tests.
func short(f report.Fact) string {
	var p []string
	p = append(p, string(f.Kind), f.Indicator)
	if f.Action != nil {
		p = append(p, "action="+*f.Action)
	}
	add := func(name string, v *float64) {
		if v != nil {
			p = append(p, fmt.Sprintf("%s=%g", name, *v))
		}
	}
	add("value", f.Value)
	add("growth", f.Growth)
	add("pp", f.ChangePP)
	add("low", f.Low)
	add("high", f.High)
	if f.Unit != nil && *f.Unit != "" {
		p = append(p, *f.Unit)
	}
	if f.Qualifier != "" {
		p = append(p, f.Qualifier)
	}
	if f.Estimated {
		p = append(p, "estimated")
	}
	if f.Year != nil {
		p = append(p, fmt.Sprint(*f.Year))
	}
	return strings.Join(p, " ")
}

func extractAll(text string, id report.Identity) []string {
	secs := segment.Split(text, id.PlanFrom)
	var out []string
	for _, f := range Facts(text, Context{Identity: id, Sections: secs}) {
		out = append(out, short(f.Fact))
		if text[f.Start:f.End] == "" {
			out = append(out, "EMPTY SPAN")
		}
	}
	return out
}

var annual2020 = report.Identity{Year: 2020, ReviewFrom: 2019, ReviewTo: 2019, PlanFrom: 2020, PlanTo: 2020, Kind: report.KindAnnual}

func TestFactsSentences(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"level and growth", "一、2019年工作回顾\n全年实现地区生产总值950亿元，增长7.5%；一般公共预算收入121.1亿元，增长9.2%。",
			[]string{"achieved 地区生产总值 value=950 growth=7.5 亿元 2019", "achieved 一般公共预算收入 value=121.1 growth=9.2 亿元 2019"}},
		{"分别 list", "一、2019年工作回顾\n城乡居民人均可支配收入分别达到46082元、25035元，增长8.5%、8.8%。",
			[]string{"achieved 城镇居民人均可支配收入 value=46082 growth=8.5 元 2019", "achieved 农村居民人均可支配收入 value=25035 growth=8.8 元 2019"}},
		{"commas stripped", "一、2019年工作回顾\n预计地区生产总值增长6.5%一般公共预算收入37.12亿元，增长8%规上工业企业开票销售221亿元，增长14.7%。",
			[]string{"achieved 地区生产总值 growth=6.5 estimated 2019", "achieved 一般公共预算收入 value=37.12 growth=8 亿元 estimated 2019", "achieved 规上工业企业开票销售 value=221 growth=14.7 亿元 estimated 2019"}},
		{"decrease and points", "一、2019年工作回顾\n违法犯罪总警情下降15.8%，科技进步贡献率提高1.2个百分点。",
			[]string{"achieved 违法犯罪总警情 growth=-15.8 2019", "achieved 科技进步贡献率 pp=1.2 2019"}},
		{"targets", "二、2020年主要工作安排\n今年全区经济社会发展的主要预期目标是：地区生产总值增长6-6.5%；城镇新增就业1万人以上；居民消费价格涨幅控制在3%左右。\n提出上述目标，主要考虑了以下因素。",
			[]string{"target 地区生产总值 low=6 high=6.5 % 2020", "target 城镇新增就业 value=1 万人 以上 2020", "target 居民消费价格涨幅 value=3 % 左右 2020"}},
		{"rate then level", "二、2013年工作安排\n今年主要预期目标是：地区生产总值增长20%，达到282亿元。",
			[]string{"target 地区生产总值 value=282 growth=20 亿元 2020"}},
		{"commitments", "二、2020年主要工作安排\n（一）办好民生实事。新建养老机构床位1000张、日间照料中心50个，开工建设10个区域性养老服务中心，力争服务对象扩大到1万人以上。",
			[]string{"commitment 养老机构床位 action=新建 value=1000 张 2020", "commitment 日间照料中心 action=新建 value=50 个 2020",
				"commitment 区域性养老服务中心 action=开工建设 value=10 个 2020", "commitment 服务对象 action=扩大到 value=1 万人 以上 2020"}},
		{"the session's own figures", "一、2019年工作回顾\n本次大会应到代表286人，实到代表275人。威海市人民代表大会代表名额为338名，因故缺席会议的代表16名，实际出席会议的代表318名。会议于下午1时30分开幕。全年接待游客2241万人次。", []string{"achieved 接待游客 value=2241 万人次 2019"}},
		{"a headline restated in the body", "2020全国地方两会|广西GDP增长7.5%\n一、2019年工作回顾\n地区生产总值增长7.5%。",
			[]string{"achieved 地区生产总值 growth=7.5 2019"}},
		{"ratios to another year", "一、2019年工作回顾\n地区生产总值、财政收入分别是2010年的2.1倍和3.2倍。", nil},
		{"an index has no unit", "一、2019年工作回顾\n居民消费价格指数为102.7。",
			[]string{"achieved 居民消费价格指数 value=102.7 2019"}},
		{"a target restated among the tasks", "二、2020年主要工作安排\n今年主要预期目标是：居民消费价格涨幅3.5%左右。\n（一）稳定物价。把居民消费价格涨幅控制在3.5%左右，新建农贸市场5个。",
			[]string{"target 居民消费价格涨幅 value=3.5 % 左右 2020", "commitment 农贸市场 action=新建 value=5 个 2020"}},
		{"no numbers in names", "一、2019年工作回顾\n推进“263”专项行动，228国道全线贯通，PM2.5浓度下降，连续5年获评全市第一。", nil},
		{"classes are not counts", "二、2020年主要工作安排\n（一）推动项目建设。新开工10亿元以上项目20个，帮扶年收入低于6500元的农户，构建“1个中心、3个平台”体系。",
			[]string{"commitment 10亿元以上项目 action=新开工 value=20 个 2020"}},
		{"a ceiling written 低于", "二、2020年主要工作安排\n今年主要预期目标是：城镇登记失业率低于4.6%。",
			[]string{"target 城镇登记失业率 value=4.6 % 以下 2020"}},
		{"headline results before the review", "2012年政府工作报告\n●全社会GDP从193亿元增长到560亿元。\n过去五年工作回顾\n五年来，行政审批承诺时间提速57%。",
			[]string{"achieved 全社会GDP value=560 low=193 high=560 亿元 2019", "achieved 行政审批承诺时间 growth=57 2019"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := extractAll(c.text, annual2020)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestNoStructureStillExtracts(t *testing.T) {
	text := "新建养老机构床位1000张。全年地区生产总值比上年增长7%。"
	got := Facts(text, Context{Identity: annual2020})
	if len(got) != 2 {
		t.Fatalf("got %d facts, want 2", len(got))
	}
	for _, f := range got {
		if f.Fact.Section != nil {
			t.Errorf("section %q, want null without structure", *f.Fact.Section)
		}
	}
	if got[0].Fact.Kind != report.Commitment || got[1].Fact.Kind != report.Achieved {
		t.Errorf("kinds %s %s", got[0].Fact.Kind, got[1].Fact.Kind)
	}
}

func TestFiveYearReview(t *testing.T) {
	id := report.Identity{Year: 2012, ReviewFrom: 2007, ReviewTo: 2011, PlanFrom: 2012, PlanTo: 2012, Kind: report.KindFiveYear}
	text := "过去五年工作回顾\n全社会GDP从193亿元增长到560亿元，五年累计新增就业3万人，年均增长12%。"
	got := Facts(text, Context{Identity: id, Sections: segment.Split(text, 2012)})
	if len(got) != 2 {
		t.Fatalf("%d facts", len(got))
	}
	ft := got[0].Fact
	if ft.Low == nil || *ft.Low != 193 || *ft.High != 560 || ft.Year == nil || *ft.Year != 2011 {
		t.Errorf("from/to fact %s", short(ft))
	}
	if diff := cmp.Diff([]int{2007, 2011}, got[1].Fact.SpanYears); diff != "" || got[1].Fact.Year != nil {
		t.Errorf("a five-year sum is of the span: %s %v", short(got[1].Fact), got[1].Fact.SpanYears)
	}
}

// TestFromToWithYears: a from/to whose points name their years
// (从2017年的111.8亿元提高至2021年的160亿元左右) is one fact.
func TestFromToWithYears(t *testing.T) {
	id := report.Identity{Year: 2022, ReviewFrom: 2017, ReviewTo: 2021, PlanFrom: 2022, PlanTo: 2022, Kind: report.KindFiveYear}
	text := "过去五年工作回顾\n地区生产总值从2017年的111.8亿元提高至2021年的160亿元左右，一般公共预算收入由2016年底的18.4亿元增加到20.74亿元。"
	got := Facts(text, Context{Identity: id, Sections: segment.Split(text, 2022)})
	if len(got) != 2 {
		t.Fatalf("%d facts: %v", len(got), got)
	}
	for i, want := range [][2]float64{{111.8, 160}, {18.4, 20.74}} {
		f := got[i].Fact
		if f.Low == nil || f.High == nil || *f.Low != want[0] || *f.High != want[1] {
			t.Errorf("from/to %d: %s", i, short(f))
		}
	}
}

func TestGlossary(t *testing.T) {
	text := "二、2020年主要工作安排\n推进“两进两回”行动，落实“四个一”机制。\n名词解释\n“两进两回”：指科技进乡村、资金进乡村，青年回农村、乡贤回农村。\n"
	terms := Glossary(text, segment.Split(text, 2020))
	got := map[string]string{}
	for _, term := range terms {
		got[term.Term] = term.Kind + ":" + term.Definition
		if !strings.Contains(text[term.Start:term.End], term.Term) {
			t.Errorf("span of %s holds %q", term.Term, text[term.Start:term.End])
		}
	}
	want := map[string]string{"两进两回": "slogan:指科技进乡村、资金进乡村，青年回农村、乡贤回农村。", "四个一": "slogan:"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func BenchmarkFacts(b *testing.B) {
	var texts []string
	var n int64
	m, _ := filepath.Glob("../../../shared/seeds/*.txt")
	for _, p := range m {
		raw, _ := os.ReadFile(p)
		texts = append(texts, string(raw))
		n += int64(len(raw))
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, t := range texts {
			Facts(t, Context{Identity: annual2020, Sections: segment.Split(t, 2020)})
		}
	}
}

// TestGlossaryAppended reads an appended 名词解释 whose definitions stand on
// the line after their terms, and takes no quoted number for a term.
func TestGlossaryAppended(t *testing.T) {
	text := "推动“四上”企业倍增，实施“双高计划”，落实“1310”部署，回顾“九五”以来，开启“十五五”。\n名词解释\n1.“四上”企业：\n指规模以上工业等法人单位。\n2.“双高计划”：\n是中国特色高水平高职学校和专业建设计划的简称。\n"
	secs := []report.Section{{Kind: "tasks", Start: 0, End: strings.Index(text, "名词解释")}, {Kind: "glossary", Start: strings.Index(text, "名词解释"), End: len(text)}}
	got := map[string]string{}
	for _, term := range Glossary(text, secs) {
		got[term.Term] = term.Kind + ":" + term.Definition
	}
	if !strings.HasPrefix(got["四上企业"], "slogan:指规模以上") || !strings.HasPrefix(got["双高计划"], "slogan:是中国特色") {
		t.Errorf("appended definitions not read: %v", got)
	}
	if _, ok := got["1310"]; ok {
		t.Errorf("a quoted number read as a term: %v", got)
	}
	if _, ok := got["九五"]; ok {
		t.Errorf("a quoted numeral read as a term: %v", got)
	}
	if _, ok := got["十五五"]; !ok {
		t.Errorf("the plan name is a term: %v", got)
	}
	if _, ok := got["四上"]; ok {
		t.Errorf("四上 is the glossary's 四上企业, not an undefined term: %v", got)
	}
}

// TestLevelAndRateJoined pairs a level with its rate however the copy
// joins them, and reads a range whose dash was lost.
func TestLevelAndRateJoined(t *testing.T) {
	review := []report.Section{{Kind: "review", Start: 0, End: 1 << 20}}
	for text, want := range map[string][2]float64{
		"地区生产总值850亿元，同口径增长6.2%。":           {850, 6.2},
		"一般公共预算收入52亿元，比增8.1%。":             {52, 8.1},
		"固定资产投资320亿元、增长9.6%。":              {320, 9.6},
		"地区生产总值增长12.6%达92.9亿元。":            {92.9, 12.6},
		"一般公共预算收入12.3亿元，剔除留抵退税因素后增长8.1%。":  {12.3, 8.1},
		"地区生产总值218亿元是2007年的1.7倍年均增长13.5%。": {218, 13.5},
	} {
		fs := Facts(text, Context{Identity: annual2020, Sections: review})
		if len(fs) != 1 || fs[0].Fact.Value == nil || fs[0].Fact.Growth == nil || *fs[0].Fact.Value != want[0] || *fs[0].Fact.Growth != want[1] {
			t.Errorf("%s: %+v", text, fs)
		}
	}
	fs := Facts("地区生产总值增长6%6.5%。", Context{Identity: annual2020, Sections: []report.Section{{Kind: "targets", Start: 0, End: 100}}})
	if len(fs) != 1 || fs[0].Fact.Low == nil || *fs[0].Fact.Low != 6 || *fs[0].Fact.High != 6.5 {
		t.Errorf("增长6%%6.5%%: %+v", fs)
	}
}

// TestOpensOnLastYear: a paragraph or sentence on the last year of a
// review of several years, as reports open them; | marks the sentence.
func TestOpensOnLastYear(t *testing.T) {
	for _, c := range []struct {
		text string
		year int
		want bool
	}{
		{"　各位代表，刚刚过去的2015年，我区紧抓发展不放松。|地区生产总值达到287.9亿元", 2015, true},
		{"五年来成绩显著。\n|2012年，在世界经济低迷的情况下，国内生产总值增长7.8%", 2012, true},
		{"过去一年，我们攻坚克难。|地区生产总值增长6.9%", 2017, true},
		{"|五年来，地区生产总值年均增长9.3%", 2015, false},
		{"|2014年，地区生产总值增长7.4%", 2015, false}, // not the review's last year
	} {
		start := strings.Index(c.text, "|")
		text := strings.Replace(c.text, "|", "", 1)
		para := strings.LastIndexByte(text[:start], '\n') + 1
		if got := opensOnLastYear(text, para, start, c.year); got != c.want {
			t.Errorf("%q: %v, want %v", c.text, got, c.want)
		}
	}
}

// TestRateHeld reads a growth rate held at a figure as a growth rate, and
// a price's rise held as the level of the rise.
func TestRateHeld(t *testing.T) {
	targets := []report.Section{{Kind: "targets", Start: 0, End: 1 << 20}}
	for text, growth := range map[string]bool{
		"地区生产总值增速保持在7%左右。":   true,
		"规上工业增加值增速保持7.6%左右。": true,
		"居民消费价格涨幅控制在3%左右。":   false,
		"研发经费投入强度接近3%。":      false,
		"城镇调查失业率控制在5.5%以内。":  false,
	} {
		fs := Facts(text, Context{Identity: annual2020, Sections: targets})
		if len(fs) != 1 || (fs[0].Fact.Growth != nil) != growth || strings.HasSuffix(fs[0].Fact.Indicator, "接") {
			t.Errorf("%s: %+v, want growth %v", text, fs, growth)
		}
	}
}

// TestGapToAnotherFigure: a gap to another place's or year's figure is no
// fact of its own.
func TestGapToAnotherFigure(t *testing.T) {
	review := []report.Section{{Kind: "review", Start: 0, End: 1 << 20}}
	for _, text := range []string{
		"地区生产总值增长5.5%，快于2024年1.8个百分点。",
		"地区生产总值增长5.5%，高于全国0.9个百分点。",
		"地区生产总值增长5.5%，高于上年同期0.6个百分点。",
	} {
		if fs := Facts(text, Context{Identity: annual2020, Sections: review}); len(fs) != 1 {
			t.Errorf("%s: %d facts, want the growth alone: %+v", text, len(fs), fs)
		}
	}
}

// TestPairedFromTo reads two from/tos written as lists, each with its rate
// and its name from the pair word.
func TestPairedFromTo(t *testing.T) {
	text := "五年来，城乡居民人均可支配收入分别由17979元和4931元增加到27763元和8076元、年均增长9.1%和10.4%。"
	fs := Facts(text, Context{Identity: annual2020, Sections: []report.Section{{Kind: "review", Start: 0, End: len(text)}}})
	want := []struct {
		name              string
		low, high, growth float64
	}{{"城镇居民人均可支配收入", 17979, 27763, 9.1}, {"农村居民人均可支配收入", 4931, 8076, 10.4}}
	if len(fs) != len(want) {
		t.Fatalf("%d facts, want 2: %+v", len(fs), fs)
	}
	for i, w := range want {
		f := fs[i].Fact
		if f.Indicator != w.name || f.Low == nil || *f.Low != w.low || *f.High != w.high || f.Growth == nil || *f.Growth != w.growth || f.Year != nil {
			t.Errorf("fact %d: %+v, want %+v", i, f, w)
		}
		if q := text[fs[i].Start:fs[i].End]; !strings.Contains(q, strconv.FormatFloat(w.low, 'g', -1, 64)) || !strings.Contains(q, strconv.FormatFloat(w.high, 'g', -1, 64)) {
			t.Errorf("fact %d: evidence %q lacks its figures", i, q)
		}
	}
}
