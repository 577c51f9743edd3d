package chart

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func f(v float64) *float64 { return &v }

// TestTicks: ticks are 1, 2, 2.5 or 5 times a power of ten and cover
// the data, never 22.8 / 17.1 / 11.4.
func TestTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{0, 22.8, "0 5 10 15 20 25"},
		{5.7, 11.4, "4 6 8 10 12"},
		{-3.4, 8.2, "-5 -2.5 0 2.5 5 7.5 10"},
		{0, 1, "0 0.2 0.4 0.6 0.8 1"},
		{6, 6, "5 5.5 6 6.5 7"},
		{0, 4.871e7, "0 1e+07 2e+07 3e+07 4e+07 5e+07"},
	} {
		var got []string
		for _, v := range Ticks(c.lo, c.hi, 5) {
			got = append(got, strconv.FormatFloat(v, 'g', -1, 64))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("Ticks(%g, %g) = %v, want %s", c.lo, c.hi, got, c.want)
		}
	}
	for _, raw := range []float64{0.013, 0.7, 3, 17, 230, 4100} {
		s := NiceStep(raw)
		m := s / pow10(s)
		if s < raw || m != 1 && m != 2 && m != 2.5 && m != 5 {
			t.Errorf("NiceStep(%g) = %g", raw, s)
		}
	}
}

func pow10(v float64) float64 {
	p := 1.0
	for p*10 <= v*(1+1e-9) {
		p *= 10
	}
	for p > v*(1+1e-9) {
		p /= 10
	}
	return p
}

// TestNum: numbers as Chinese users write them.
func TestNum(t *testing.T) {
	for v, want := range map[float64]string{48710000: "4871万", 6.50: "6.5", 950: "950", 1.23e10: "123亿", -0.0: "0", 120000: "12万", 0.126: "0.13"} {
		if got := Num(v); got != want {
			t.Errorf("Num(%g) = %s, want %s", v, got, want)
		}
	}
	if Signed(0.5) != "+0.5" || Signed(-1.2) != "−1.2" || Signed(0) != "0" || Signed(4.871e7) != "+4871万" {
		t.Errorf("Signed: %s %s %s %s", Signed(0.5), Signed(-1.2), Signed(0), Signed(4.871e7))
	}
}

var reCircle = regexp.MustCompile(`<circle cx="([0-9.]+)"`)

// TestTimeChart: years on a true axis (2018 → 2022 four slots apart, not
// one), a missing year breaks the line, each kind of target drawn as what
// it asks, results marked by verdict with their quotes and links.
func TestTimeChart(t *testing.T) {
	c := Time{Title: "地区生产总值增速", Unit: "%", Classes: []Class{{Key: "met", Name: "完成", Color: "#3ba272", Shape: "circle"}, {Key: "missed", Name: "未完成", Color: "#ee6666", Shape: "cross"}, {Key: "exceeded", Name: "超额完成", Color: "#5470c6", Shape: "diamond"}},
		Series: []Series{{Name: "实际", Color: "#5470c6",
			Bands: []Band{
				{Year: 2017, Kind: "range", Lo: f(6), Hi: f(6.5), Label: "6～6.5", Tip: "增长6%—6.5%"},
				{Year: 2018, Kind: "floor", Lo: f(6.5), Label: "≥6.5", Tip: "增长6.5%以上"},
				{Year: 2022, Kind: "about", Mid: f(5.5), Lo: f(5), Hi: f(6), Label: "5～6", Tip: "增长5.5%左右"},
			},
			Points: []Point{
				{Year: 2017, Value: 6.8, Class: "met", Tip: "增长6.8%", Link: "/reports/1#fact-2"},
				{Year: 2018, Value: 6.6, Class: "met", Tip: "增长6.6%"},
				{Year: 2022, Value: 3.0, Class: "missed", Tip: "增长3%"},
			}}}}
	svg := string(c.SVG())
	xs := reCircle.FindAllStringSubmatch(svg, -1)
	if len(xs) < 2 {
		t.Fatalf("no points:\n%s", svg)
	}
	x17, _ := strconv.ParseFloat(xs[0][1], 64)
	x18, _ := strconv.ParseFloat(xs[1][1], 64)
	if !strings.Contains(svg, `>2020<`) || !strings.Contains(svg, `>2019<`) {
		t.Error("the missing years are not on the axis")
	}
	// 2018 → 2022 is four slots: the cross of 2022 sits 4 × (x18 − x17) on.
	m := regexp.MustCompile(`<path d="M([0-9.]+) [0-9.]+ l9 9 m0 -9 l-9 9" stroke="#ee6666"`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatal("the missed result is not a red cross")
	}
	x22, _ := strconv.ParseFloat(m[1], 64)
	if slot := x18 - x17; slot <= 0 || abs(x22+4.5-x18-4*slot) > 0.2 {
		t.Errorf("years not on a true axis: 2017 %.1f, 2018 %.1f, 2022 %.1f", x17, x18, x22+4.5)
	}
	if n := strings.Count(svg, "<polyline"); n != 1 {
		t.Errorf("%d lines: 2017–2018 is one, and 2018 to 2022 must not be bridged", n)
	}
	for _, want := range []string{`class="band"`, "fill-opacity=\"0.25\"", `data-tip="增长6%—6.5%"`, `<a href="/reports/1#fact-2">`, ">完成<", ">未完成<", ">目标区间<", ">目标下限（以上）<", ">目标及容差（左右）<", `data-series="0"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %s", want)
		}
	}
	if strings.Contains(svg, ">目标上限（以内）<") || strings.Contains(svg, ">超额完成<") {
		t.Error("the legend explains what the chart does not show")
	}
	if strings.Contains(svg, "e+") || strings.Contains(svg, "22.8") {
		t.Error("unreadable numbers on the axis")
	}
	rows := c.Rows()
	if len(rows) != 4 || strings.Join(rows[1], ",") != "实际,2017,6～6.5,6,6.5,6.8,%,增长6.8%" || rows[2][2] != "≥6.5" || rows[2][4] != "" {
		t.Errorf("rows %q", rows)
	}
	// The zoom draws a span again, axes and all.
	c.From, c.To = 2020, 2022
	zoomed := string(c.SVG())
	if strings.Contains(zoomed, ">2017<") || !strings.Contains(zoomed, ">2022<") {
		t.Error("the zoomed chart shows years outside its span")
	}
	if (Time{}).SVG() != "" {
		t.Error("an empty chart draws")
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// TestRanked: highest first, a range as a band with its two bounds
// written, the parent's target as a dashed line.
func TestRanked(t *testing.T) {
	r := Ranked{Title: "2024年各省目标", Unit: "%", Bars: []Bar{
		{Name: "安徽", Value: 5, Lo: f(5), Hi: f(5.5), Kind: "range", Parent: f(5)},
		{Name: "广东", Value: 4.5, Lo: f(4.5), Hi: f(5), Kind: "range", Parent: f(5)},
		{Name: "湖北", Value: 6, Kind: "floor"},
	}}
	svg := string(r.SVG())
	if i, j, k := strings.Index(svg, ">湖北<"), strings.Index(svg, ">安徽<"), strings.Index(svg, ">广东<"); !(i < j && j < k) {
		t.Errorf("not ranked: 湖北 %d 安徽 %d 广东 %d", i, j, k)
	}
	for _, want := range []string{">4.5–5%<", ">5–5.5%<", ">≥6%<", `stroke-dasharray="4 2"`, ">上级目标<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the ranked chart lacks %s", want)
		}
	}
	if rows := r.Rows(); len(rows) != 4 || rows[2][2] != "4.5" || rows[2][3] != "5" || rows[2][4] != "5" {
		t.Errorf("rows %q", rows)
	}
}

// TestYearBars: every year of the span is on the axis, one without hits
// too.
func TestYearBars(t *testing.T) {
	svg := string(YearBars("出现次数", map[int]int{2018: 3, 2021: 5}))
	for _, y := range []string{">2018<", ">2019<", ">2020<", ">2021<"} {
		if !strings.Contains(svg, y) {
			t.Errorf("year %s missing", y)
		}
	}
	if !strings.Contains(svg, `data-tip="2019年：0处"`) {
		t.Error("the empty year has no bar of 0")
	}
}

// TestPhoneLayout: a phone's chart is narrow, with its legend below the
// plot and fewer year labels, the same marks as the desk's.
func TestPhoneLayout(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	c := Time{Title: "地区生产总值增速", Unit: "%", Classes: []Class{{Key: "met", Name: "完成", Color: "#91cc75", Shape: "circle"}},
		Series: []Series{{Name: "实际", Color: "#5470c6"}}}
	for y := 2006; y <= 2024; y++ {
		c.Series[0].Points = append(c.Series[0].Points, Point{Year: y, Value: float64(y % 7), Class: "met"})
		c.Series[0].Bands = append(c.Series[0].Bands, Band{Year: y, Kind: "range", Lo: v(5), Hi: v(6)})
	}
	desk, phone := string(c.SVG()), string(c.PhoneSVG())
	if !strings.Contains(desk, `viewBox="0 0 760 330"`) || !strings.Contains(phone, `viewBox="0 0 360 `) {
		t.Fatalf("viewBoxes: %.120s / %.120s", desk, phone)
	}
	if strings.Count(desk, "<circle") != strings.Count(phone, "<circle") || strings.Count(desk, `class="band"`) != strings.Count(phone, `class="band"`) {
		t.Error("the phone's chart draws other marks than the desk's")
	}
	years := func(svg string) int { return strings.Count(svg, `text-anchor="middle" fill="#6e7079">20`) }
	if years(phone) > 6 || years(phone) < 3 || years(desk) <= years(phone) {
		t.Errorf("year labels: %d on a phone, %d on a desk", years(phone), years(desk))
	}
	// The legend goes below the plot, inside the taller viewBox.
	i := strings.Index(phone, `class="legend"`)
	if i < 0 || !strings.Contains(phone[i:], `y="254"`) {
		t.Errorf("the phone's legend is not below the plot: %.200s", phone[i:])
	}
	r := Ranked{Title: "目标", Unit: "%", Bars: []Bar{{Name: "广东", Value: 5}, {Name: "安徽", Value: 5.5}}}
	if !strings.Contains(string(r.PhoneSVG()), `viewBox="0 0 360 `) {
		t.Errorf("ranked on a phone: %.100s", r.PhoneSVG())
	}
}
