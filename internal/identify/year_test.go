package identify

import (
	"testing"
)

// TestYearCues runs every row of data/year_cues.tsv on its example.
func TestYearCues(t *testing.T) {
	if len(YearCues()) < 10 {
		t.Fatalf("%d cues", len(YearCues()))
	}
	for _, c := range YearCues() {
		t.Run(c.Source+"/"+c.Example, func(t *testing.T) {
			if y := c.Year(c.Example); y == 0 {
				t.Errorf("%s does not find a year in %q", c.Pattern, c.Example)
			}
			if !containsAny(c.Example, c.Keys...) {
				t.Errorf("the example %q holds none of the keys %v", c.Example, c.Keys)
			}
		})
	}
}

// TestYearFromEvidence covers the classes of copies whose year is only in
// their words, their dateline or a milestone.
func TestYearFromEvidence(t *testing.T) {
	for text, want := range map[string]struct {
		year   int
		source string
	}{
		"市长在报告中回顾了2022年工作，提出2023年主要预期目标。":                       {2023, "plan_sentence"},
		"今年（2024年），全区上下要奋力拼搏。":                                  {2024, "plan_sentence"},
		"刚刚过去的2023年，全区生产总值增长6%。":                                {2024, "review_sentence"},
		"二、2024年工作安排\n全面推进各项工作。":                                {2024, "plan_sentence"},
		"■2023年成绩单\n地区生产总值增长6%。":                                {2024, "review_sentence"},
		"2019-01-22 09:30 来源：某报\n会议听取了政府工作报告。":                  {2019, "dateline"},
		"——2021年12月27日在某市第十六届人民代表大会第一次会议上\n各位代表：":               {2022, "delivery"},
		"2020年是“十三五”收官之年，做好今年工作意义重大。":                           {2020, "milestone"},
		"2015年某区政府工作报告\n——2016年2月17日在某区第十六届人民代表大会第六次会议上\n各位代表：": {2016, "delivery"},
		"今年是“十三五”开局之年，各项工作任务艰巨。":                                {2016, "milestone"},
	} {
		id := Identify(text, "")
		if id.Year != want.year || id.YearSource != want.source {
			t.Errorf("%q → %d (%s), want %d (%s)", text, id.Year, id.YearSource, want.year, want.source)
		}
	}
}

// TestProvinceSession dates a provincial session named in passing.
func TestProvinceSession(t *testing.T) {
	for _, c := range []struct {
		province      string
		term, session int
		want          int
	}{
		{"山东省", 12, 1, 2013}, {"福建省", 13, 2, 2019}, {"福建省", 13, 6, 2022}, {"重庆市", 5, 3, 2020}, {"北京市", 16, 2, 2024},
	} {
		if got := provinceSessionYear(c.province, c.term, c.session); got != c.want {
			t.Errorf("%s %d届%d次: %d, want %d", c.province, c.term, c.session, got, c.want)
		}
	}
}

// TestNationalOnlyByItsOwnSession keeps a city's report local when it
// names the national congress in passing.
func TestNationalOnlyByItsOwnSession(t *testing.T) {
	id := Identify("1月4日上午，漳州市第十六届人民代表大会第四次会议开幕。\n市长在参加十三届全国人大二次会议代表团审议时指出。", "")
	if id.Level == "national" {
		t.Errorf("a city's report read as national: %+v", id)
	}
}

// TestVariantsFolded resolves every example of data/variants.tsv.
func TestVariantsFolded(t *testing.T) {
	for _, v := range Variants() {
		id := Identify("2020年"+v.Example+"人民政府工作报告\n各位代表：", "")
		if id.RegionCode == "" {
			t.Errorf("%s (%s→%s) not resolved: %+v", v.Example, v.Variant, v.Standard, id)
		}
	}
}

// TestRegionWithoutSuffix reads places written without their suffix.
func TestRegionWithoutSuffix(t *testing.T) {
	for text, code := range map[string]string{
		"2024年上海政府工作报告\n各位代表：":                        "310000",
		"2021年山西政府工作报告\n各位代表：":                        "140000",
		"2022年新疆政府工作报告\n各位代表：\n现在，我代表自治区人民政府向大会报告工作。": "650000",
		"——2022年1月10日在龙游县第十七届人民代表大会第一次会议上\n各位代表：":     "330825",
	} {
		if id := Identify(text, ""); id.RegionCode != code {
			t.Errorf("%q → %s %s, want %s", text, id.Region, id.RegionCode, code)
		}
	}
	// A current 地级市 does not take the county-level code its name had
	// before it was raised (资阳市 was county-level until 1998).
	if id := Identify("资阳市政府工作报告\n——2020年1月8日在资阳市第四届人民代表大会第五次会议上\n各位代表：", ""); id.RegionCode != "512000" {
		t.Errorf("资阳市 2020: %s %s", id.Region, id.RegionCode)
	}
}
