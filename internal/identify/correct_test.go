package identify

import (
	"testing"

	"github.com/baogao/baogao/internal/report"
)

func TestCurrentCodeAndParent(t *testing.T) {
	for _, c := range []struct {
		code       string
		year       int
		now        string
		parent     string
		parentName string
	}{
		{"150702", 2016, "150702", "150700", "呼伦贝尔市"}, // 海拉尔区, in use
		{"110103", 2005, "110101", "110000", "北京市"},   // 崇文区, merged into 东城区 in 2010
		{"150700", 2016, "150700", "150000", "内蒙古自治区"},
		{"320000", 2020, "320000", NationalCode, "全国"},
	} {
		if got := CurrentCode(c.code, c.year); got != c.now {
			t.Errorf("CurrentCode(%s, %d) = %s, want %s", c.code, c.year, got, c.now)
		}
		p, ok := Parent(c.code, c.year)
		if !ok || p.Code != c.parent || p.Name != c.parentName {
			t.Errorf("Parent(%s, %d) = %+v, want %s %s", c.code, c.year, p, c.parent, c.parentName)
		}
	}
	if _, ok := Parent(NationalCode, 2020); ok {
		t.Error("the nation has a parent")
	}
}

func TestLevelOfCode(t *testing.T) {
	for code, want := range map[string]report.Level{NationalCode: report.LevelNational, "320000": report.LevelProvince, "320500": report.LevelCity,
		"320902": report.LevelDistrict, "621225": report.LevelCounty, "150702": report.LevelDistrict} {
		if got, ok := LevelOfCode(code, 2020); !ok || got != want {
			t.Errorf("%s: %s %v, want %s", code, got, ok, want)
		}
	}
	if _, ok := LevelOfCode("999999", 2020); ok {
		t.Error("an unknown code has a level")
	}
}
