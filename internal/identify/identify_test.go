package identify

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/report"
)

const shared = "../../../shared"

func identifyFile(t *testing.T, path string) report.Identity {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := clean.Clean(raw, "text", clean.Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return Identify(res.Text.String(), res.Title)
}

func seed(t *testing.T, prefix string) string {
	m, _ := filepath.Glob(filepath.Join(shared, "seeds", prefix+"_*.txt"))
	if len(m) != 1 {
		t.Fatalf("seed %s missing", prefix)
	}
	return m[0]
}

// idFields is what the seeds table checks.
type idFields struct {
	Region, Code                       string
	Level                              report.Level
	Year, ReviewFrom, ReviewTo         int
	PlanFrom, PlanTo, SpanFrom, SpanTo int
	Inferred, Partial, Anonymised      bool
	Speaker, SpeakerTitle              string
	Session, DeliveredOn               string
	Kind                               report.Kind
}

func fields(id report.Identity) idFields {
	return idFields{id.Region, id.RegionCode, id.Level, id.Year, id.ReviewFrom, id.ReviewTo, id.PlanFrom, id.PlanTo,
		id.PlanSpanFrom, id.PlanSpanTo, id.YearInferred, id.Partial, id.Anonymised, id.Speaker, id.SpeakerTitle, id.Session, id.DeliveredOn, id.Kind}
}

func TestSeeds(t *testing.T) {
	for _, c := range []struct {
		seed string
		want idFields
	}{
		{"000", idFields{Year: 2016, ReviewFrom: 2015, ReviewTo: 2015, PlanFrom: 2016, PlanTo: 2016, Inferred: true, Anonymised: true,
			Session: "第三届人民代表大会第四次会议", Kind: report.KindAnnual}},
		{"001", idFields{Region: "江苏省盐城市亭湖区", Code: "320902", Level: report.LevelDistrict, Year: 2020, ReviewFrom: 2019, ReviewTo: 2019,
			PlanFrom: 2020, PlanTo: 2020, Session: "第十届人民代表大会第四次会议", DeliveredOn: "2020-01-04", Kind: report.KindAnnual}},
		{"002", idFields{Region: "江苏省苏州市", Code: "320500", Level: report.LevelCity, Year: 2020, ReviewFrom: 2019, ReviewTo: 2019,
			PlanFrom: 2020, PlanTo: 2020, Partial: true, Kind: report.KindAnnual}},
		{"003", idFields{Region: "浙江省舟山市普陀区", Code: "330903", Level: report.LevelDistrict, Year: 2020, ReviewFrom: 2019, ReviewTo: 2019,
			PlanFrom: 2020, PlanTo: 2020, Partial: true, Kind: report.KindAnnual}},
		{"004", idFields{Region: "浙江省宁波市镇海区", Code: "330211", Level: report.LevelDistrict, Year: 2012, ReviewFrom: 2007, ReviewTo: 2011,
			PlanFrom: 2012, PlanTo: 2012, SpanFrom: 2012, SpanTo: 2016, Speaker: "魏祖民", SpeakerTitle: "代理区长",
			Session: "第十四届人民代表大会第一次会议", DeliveredOn: "2012-02-13", Kind: report.KindSummary}},
	} {
		t.Run(c.seed, func(t *testing.T) {
			got := fields(identifyFile(t, seed(t, c.seed)))
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("identity (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCorpus checks region, level and delivery year against the corpus's
// reports.tsv, over every report it describes.
func TestCorpus(t *testing.T) {
	tsv, err := os.ReadFile(filepath.Join(shared, "corpus", "reports.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var n, region, level, year int
	for _, line := range strings.Split(strings.TrimSpace(string(tsv)), "\n")[1:] {
		f := strings.Split(line, "\t")
		want := struct {
			region string
			level  report.Level
			year   int
		}{f[1], report.Level(f[2]), 0}
		want.year, _ = strconv.Atoi(strings.Fields(f[3])[0])
		got := identifyFile(t, filepath.Join(shared, "corpus", f[0]))
		n++
		okRegion := got.Region == want.region || (want.level == report.LevelNational && got.Region == "全国")
		if okRegion {
			region++
		} else {
			t.Logf("%s: region %q, want %q", f[0], got.Region, want.region)
		}
		if got.Level == want.level {
			level++
		}
		if got.Year == want.year {
			year++
		} else {
			t.Logf("%s: year %d, want %s", f[0], got.Year, f[3])
		}
	}
	t.Logf("corpus identity over %d reports: region %d, level %d, year %d", n, region, level, year)
	if region*100 < n*90 || level*100 < n*90 || year*100 < n*80 {
		t.Errorf("identity accuracy below floor: region %d/%d, level %d/%d, year %d/%d", region, n, level, n, year, n)
	}
}

func TestSameNameTwoPlaces(t *testing.T) {
	shanghai := "2020年普陀区政府工作报告\n各位代表：\n上海普陀要对标上海最高标准，服务上海全市发展大局，上海市委部署。"
	zhoushan := "2020年普陀区政府工作报告\n各位代表：\n舟山普陀要在舟山群岛新区建设中当好排头兵，舟山市委部署。"
	if id := Identify(shanghai, ""); id.RegionCode != "310107" {
		t.Errorf("上海 context: %s %s", id.Region, id.RegionCode)
	}
	if id := Identify(zhoushan, ""); id.RegionCode != "330903" {
		t.Errorf("舟山 context: %s %s", id.Region, id.RegionCode)
	}
}

func TestRetiredCodeKeepsItsYear(t *testing.T) {
	// 海拉尔市 was a county-level city until 2001, then 海拉尔区.
	id := Identify("1995年海拉尔市政府工作报告\n——1995年3月1日在海拉尔市第十届人民代表大会第三次会议上\n各位代表：", "")
	if id.RegionCode != "152101" {
		t.Errorf("海拉尔市 in 1995: %s %s", id.Region, id.RegionCode)
	}
}

func TestInferYears(t *testing.T) {
	for text, want := range map[string]int{
		"XX年，是“十三五”发展的开局之年。":  2016,
		"把握新常态、收官‘十二五’。":      2016,
		"今年是“十四五”规划开局之年，各项工作": 2021,
	} {
		if id := Identify(text, ""); id.Year != want || !id.YearInferred || id.YearSource != "milestone" {
			t.Errorf("%s → %d (%v, %s), want %d from a milestone", text, id.Year, id.YearInferred, id.YearSource, want)
		}
	}
}

func TestNPCYear(t *testing.T) {
	for in, want := range map[string]int{
		"十四届全国人大一次会议":               2023,
		"第十三届全国人民代表大会第三次会议":         2020,
		"在第十一届全国人民代表大会第五次会议上":       2012,
		"十三届全国人大二次会议5日上午9时在人民大会堂开幕": 2019,
		"区十届人大三次会议":                 0,
	} {
		if got := npcYear(in); got != want {
			t.Errorf("npcYear(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestNameNotInUseThatYear(t *testing.T) {
	// 白沙县 named a county of Guangdong until 1987; a report of 2021 by
	// that name is not that place.
	id := Identify("2021年白沙县人民政府工作报告\n——2021年1月8日在白沙县第十七届人民代表大会第五次会议上\n各位代表：", "")
	if id.RegionCode != "" || id.Region != "白沙县" || id.Level != report.LevelCounty {
		t.Errorf("%s %s %s", id.Region, id.RegionCode, id.Level)
	}
}

func TestPlansFiveYears(t *testing.T) {
	for text, want := range map[string]bool{
		"今后五年，我们将…":       true,
		"过去五年成绩显著。未来五年要…": true,
		"过去五年成绩显著。":       false,
		"五年来，今后…":         false,
		"":                false,
	} {
		if got := plansFiveYears(text); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}

func TestReviewsPeriod(t *testing.T) {
	for text, want := range map[string]bool{
		"一、“十三五”时期工作回顾":                       true,
		"“十三五”时期，我们一起走过的五年回顾":                 true,
		"时期" + strings.Repeat("很", 20) + "回顾": true,
		"时期" + strings.Repeat("很", 21) + "回顾": false,
		"“十三五”时期\n回顾":                         false,
		"回顾“十三五”时期":                           false,
	} {
		if got := reviewsPeriod(text); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}
