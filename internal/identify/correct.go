package identify

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// Lookup finds a division by its 行政区划代码 or its name (full, 江苏省盐城市亭湖区,
// or its own, 亭湖区), as it stood in year (0: the one in use now).
func Lookup(region string, year int) (Division, bool) {
	region = strings.TrimSpace(region)
	if region == "全国" || region == NationalCode {
		return Division{Code: NationalCode, Name: "全国"}, true
	}
	if len(region) == 6 && strings.Trim(region, "0123456789") == "" {
		return ByCode(region, year)
	}
	d := divisionData()
	var best Division
	found := false
	for _, div := range d.all {
		if div.FullName() != region && div.Name != region {
			continue
		}
		if div.ValidIn(year) && (!found || !best.ValidIn(year)) || !found {
			best, found = div, true
		}
	}
	return best, found
}

// Correct returns id as a person corrected it: year (0: unchanged) moves
// the years reviewed and planned with it; region (a code or a name, ""
// unchanged) sets the region, its code valid that year and its level.
func Correct(id report.Identity, year int, region, by string, now time.Time) (report.Identity, error) {
	var fields []string
	if year != 0 && year != id.Year {
		if year < 1949 || year > 2100 {
			return id, report.Errorf(report.Invalid, "年份 %d 不合理", year)
		}
		delta := year - id.Year
		if id.Year == 0 {
			id.ReviewFrom, id.ReviewTo, id.PlanFrom, id.PlanTo = year-1, year-1, year, year
		} else {
			for _, p := range []*int{&id.ReviewFrom, &id.ReviewTo, &id.PlanFrom, &id.PlanTo, &id.PlanSpanFrom, &id.PlanSpanTo} {
				if *p != 0 {
					*p += delta
				}
			}
		}
		id.Year = year
		id.YearSource, id.YearConfidence, id.YearInferred = "corrected", 1, false
		fields = append(fields, "year")
	}
	if region != "" {
		d, ok := Lookup(region, id.Year)
		if !ok {
			return id, report.Errorf(report.Invalid, "不认识的地区或行政区划代码：%s", region)
		}
		if d.Code == NationalCode {
			id.Region, id.RegionCode, id.Level = "全国", NationalCode, report.LevelNational
		} else {
			id.Region, id.RegionCode, id.Level = d.FullName(), d.Code, levelOf(d)
			if !d.ValidIn(id.Year) {
				id.RegionCode = "" // the name did not stand for a division that year
			}
		}
		id.RegionSource = "corrected"
		fields = append(fields, "region")
	}
	if len(fields) == 0 {
		return id, report.Errorf(report.Invalid, "没有要更正的字段：请给出 --year 或 --region")
	}
	id.Corrected = &report.Correction{By: by, At: now.UTC(), Fields: fields}
	return id, nil
}

// NamesOther tells whether s names a place that is not region nor one of
// its parents: in a story about 安徽's report, 芜湖市… is another place's
// figure. Only full names count (芜湖市, not 芜湖).
func NamesOther(s, region string) bool {
	if region == "" {
		return false
	}
	for _, n := range namesIn(s, divisionData()) {
		if !strings.Contains(region, n) && !strings.Contains(region, shortName(n)) {
			return true
		}
	}
	return false
}

// CurrentCode is the code in use today for the division a code named in
// year: itself while in use, else its successor's (the first one, when it
// was split), followed to the end.
func CurrentCode(code string, year int) string {
	for range 10 { // successions are short; a cycle in the data ends here
		d, ok := ByCode(code, year)
		if !ok || d.To == 0 || len(d.Successors) == 0 {
			return code
		}
		next, _, _ := strings.Cut(d.Successors[0], "[")
		if next == "" || next == code {
			return code
		}
		code, year = next, d.To
	}
	return code
}

// Parent is the division one level above the one a code named in year:
// the prefecture of a county, the province of a prefecture or of a
// municipality's district, the nation of a province.
func Parent(code string, year int) (Division, bool) {
	if len(code) != 6 || code == NationalCode {
		return Division{}, false
	}
	if code[2:] == "0000" {
		return Division{Code: NationalCode, Name: "全国", Rank: "国家"}, true
	}
	if code[4:] != "00" {
		if d, ok := ByCode(code[:4]+"00", year); ok && d.Rank == "地级" {
			return d, true
		}
	}
	return ByCode(code[:2]+"0000", year)
}

// LevelOfCode is the level of government a code named in year.
func LevelOfCode(code string, year int) (report.Level, bool) {
	if code == NationalCode {
		return report.LevelNational, true
	}
	d, ok := ByCode(code, year)
	if !ok {
		return "", false
	}
	return levelOf(d), true
}

// reDivision cuts a full region name into its divisions: 江苏省 盐城市 亭湖区.
var reDivision = regexp.MustCompile(`.+?(?:维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|特别行政区|省|市|州|盟|地区|县|区|旗)`)

// OwnNames are the names region goes by in a text, its own and its
// divisions', in full and short (福建省, 福建), longest first: a news copy
// opens a figure's name on one (福建全省生产总值).
func OwnNames(region string) []string {
	var out []string
	for _, d := range reDivision.FindAllString(region, -1) {
		out = append(out, d)
		if n := shortName(d); n != d {
			out = append(out, n)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return len(out[a]) > len(out[b]) })
	return out
}
