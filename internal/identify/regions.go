package identify

import (
	_ "embed"
	"encoding/csv"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Division data: yescallop/areacodes (CC0), every county-level-and-above
// 行政区划代码 since 1981 with its successors. See data/areacodes.LICENSE.
//
//go:embed data/areacodes.csv
var areacodesCSV string

// Division is one row of the division data.
type Division struct {
	Code       string
	Province   string
	Prefecture string // "直辖" for districts of a municipality, "" for provinces
	Name       string
	Rank       string // 省级, 地级, 县级
	From, To   int    // years in use; To is 0 while in use
	Successors []string
}

// FullName joins province, prefecture and name: 江苏省盐城市亭湖区.
func (d Division) FullName() string {
	switch {
	case d.Rank == "省级":
		return d.Name
	case d.Rank == "地级" || d.Prefecture == "直辖" || d.Prefecture == "":
		return d.Province + d.Name
	}
	return d.Province + d.Prefecture + d.Name
}

// ValidIn reports whether the code was in use in year y (any year when y is 0).
func (d Division) ValidIn(y int) bool {
	return y == 0 || (d.From <= y && (d.To == 0 || y < d.To))
}

type divisions struct {
	all     []Division
	byName  map[string][]int
	byFirst map[rune][]string // names by first character, longest first
	// Names without their suffix (新疆, 龙游) and the full names they
	// stand for, by first character, longest first.
	byShort      map[string][]string
	shortByFirst map[rune][]string
}

var divisionData = sync.OnceValue(func() *divisions {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(areacodesCSV, "\ufeff")))
	rows, err := r.ReadAll()
	if err != nil {
		panic("areacodes.csv: " + err.Error())
	}
	d := &divisions{byName: map[string][]int{}}
	for _, row := range rows[1:] {
		from, _ := strconv.Atoi(row[6])
		to, _ := strconv.Atoi(row[7])
		div := Division{Code: row[0], Province: row[1], Prefecture: row[2], Name: row[3], Rank: row[4], From: from, To: to}
		if row[8] != "" {
			div.Successors = strings.Split(row[8], ";")
		}
		d.byName[div.Name] = append(d.byName[div.Name], len(d.all))
		d.all = append(d.all, div)
	}
	d.byFirst = map[rune][]string{}
	for name := range d.byName {
		if utf8.RuneCountInString(name) < 3 {
			continue // 城区, 郊区: too common as words
		}
		r, _ := utf8.DecodeRuneInString(name)
		d.byFirst[r] = append(d.byFirst[r], name)
	}
	d.byShort, d.shortByFirst = map[string][]string{}, map[rune][]string{}
	for name := range d.byName {
		short := shortName(name)
		if short == name || utf8.RuneCountInString(short) < 2 {
			continue
		}
		if len(d.byShort[short]) == 0 {
			r, _ := utf8.DecodeRuneInString(short)
			d.shortByFirst[r] = append(d.shortByFirst[r], short)
		}
		d.byShort[short] = append(d.byShort[short], name)
	}
	for _, names := range d.shortByFirst {
		sortLongestFirst(names)
	}
	for _, names := range d.byFirst {
		sortLongestFirst(names)
	}
	return d
})

func sortLongestFirst(names []string) {
	sort.Slice(names, func(i, j int) bool {
		return len(names[i]) > len(names[j]) || len(names[i]) == len(names[j]) && names[i] < names[j]
	})
}

// Divisions returns the whole division table.
func Divisions() []Division { return divisionData().all }

// shortName strips the administrative suffix: 盐城市 → 盐城, 内蒙古自治区 → 内蒙古.
func shortName(n string) string {
	for _, suf := range []string{"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "特别行政区", "地区", "省", "市", "区", "县", "旗", "盟"} {
		if s := strings.TrimSuffix(n, suf); s != n && len([]rune(s)) >= 2 {
			return s
		}
	}
	return n
}

// ByCode returns the division a code named in year (0: the one in use
// now, else the last one); a code can be reused over the years.
func ByCode(code string, year int) (Division, bool) {
	var best Division
	found := false
	for _, d := range divisionData().all {
		if d.Code != code {
			continue
		}
		switch {
		case year != 0 && d.ValidIn(year):
			return d, true
		case !found || d.To == 0 || (best.To != 0 && d.To > best.To):
			best, found = d, true
		}
	}
	return best, found
}
