package serve

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/baogao/baogao/internal/analysis"
	"github.com/baogao/baogao/internal/chart"
	"github.com/baogao/baogao/internal/export"
	"github.com/baogao/baogao/internal/extract"
	"github.com/baogao/baogao/internal/identify"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// verdictClasses are the verdicts as a chart's legend shows them: a
// colour and a shape each, so that they read in grey on paper too.
var verdictClasses = []chart.Class{
	{Key: track.Met, Name: "完成", Color: "#3ba272", Shape: "circle"},
	{Key: track.Exceeded, Name: "超额完成", Color: "#5470c6", Shape: "diamond"},
	{Key: track.Missed, Name: "未完成", Color: "#ee6666", Shape: "cross"},
	{Key: track.NoResult, Name: "无结果", Color: "#999999", Shape: "ring"},
	{Key: track.NotComparable, Name: "不可比", Color: "#999999", Shape: "triangle"},
}

// figure is a chart with the link that downloads its data as a CSV
// (UTF-8 with a BOM, formulas escaped), built into the page: no request
// leaves the page for it.
// A chart is drawn twice, for a desk and for a phone; the style sheet
// shows the one that fits, so that a phone's chart keeps readable text.
func figure(desk, phone template.HTML, name string, rows [][]string) template.HTML {
	if desk == "" {
		return ""
	}
	var buf bytes.Buffer
	export.WriteCSV(&buf, rows)
	href := "data:text/csv;charset=utf-8," + url.PathEscape(buf.String())
	return template.HTML(fmt.Sprintf(`<figure class="chart-box"><div class="chart-desk">%s</div><div class="chart-phone">%s</div><figcaption><a class="chart-data" download="%s.csv" href="%s">下载图表数据（CSV）</a></figcaption></figure>`,
		desk, phone, template.HTMLEscapeString(name), template.HTMLEscapeString(href)))
}

// targetChart draws an indicator's targets as they were written (bands,
// floors, values with a tolerance) and its results as points coloured by
// verdict, each with its quote and a link to its evidence.
func targetChart(title string, checks []track.Check, higher bool, from, to int) template.HTML {
	s := chart.Series{Name: "实际", Color: "#5470c6"}
	seen := map[int]bool{}
	for _, c := range checks {
		y := *c.Target.Year
		if seen[y] {
			continue // one target a year: the first the report states
		}
		seen[y] = true
		if b, ok := track.TargetBounds(c.Target, higher); ok && b.Field == "growth" {
			s.Bands = append(s.Bands, chart.Band{Year: y, Kind: b.Kind, Lo: b.Lo, Hi: b.Hi, Mid: b.Mid, Label: b.Label,
				Tip: fmt.Sprintf("%d年目标 %s：%s", y, b.Label, c.Target.Quote), Link: factLink(c.Target)})
		}
		if c.Actual != nil && c.Result != nil {
			s.Points = append(s.Points, chart.Point{Year: y, Value: *c.Actual, Class: c.Verdict,
				Tip: fmt.Sprintf("%d年实际 %s%%（%s）：%s", y, chart.Num(*c.Actual), track.VerdictZH(c.Verdict), c.Result.Quote), Link: factLink(*c.Result)})
		}
	}
	t := chart.Time{Title: title, Unit: "%", Series: []chart.Series{s}, Classes: verdictClasses, From: from, To: to}
	return figure(t.SVG(), t.PhoneSVG(), title, t.Rows())
}

func factLink(f report.Fact) string {
	if f.ReportID == 0 {
		return ""
	}
	return fmt.Sprintf("/reports/%d#fact-%d", f.ReportID, f.ID)
}

// series is a named line of year → value, for the simple charts.
type series struct {
	name   string
	points map[int]float64
}

// lineFigure draws series over a true time axis.
func lineFigure(title, unit string, ss []series, from, to int) template.HTML {
	t := chart.Time{Title: title, Unit: unit, From: from, To: to}
	for i, s := range ss {
		cs := chart.Series{Name: s.name, Color: chart.Palette[i%len(chart.Palette)]}
		for y, v := range s.points {
			cs.Points = append(cs.Points, chart.Point{Year: y, Value: v})
		}
		sort.Slice(cs.Points, func(i, j int) bool { return cs.Points[i].Year < cs.Points[j].Year })
		t.Series = append(t.Series, cs)
	}
	return figure(t.SVG(), t.PhoneSVG(), title, t.Rows())
}

// cascadeChart ranks the targets of a year, a range as a band, each with
// its parent region's target as a dashed line.
func cascadeChart(c *analysis.Cascade) template.HTML {
	r := chart.Ranked{Title: fmt.Sprintf("%d年各地%s目标", c.Year, indicatorName(c.Indicator)), Unit: "%"}
	for _, st := range c.Steps {
		if st.Point == nil {
			continue
		}
		b := chart.Bar{Name: shortRegion(st.Region), Value: *st.Point, Lo: st.Low, Hi: st.High, Parent: st.ParentPoint,
			Tip: fmt.Sprintf("%s：%s（%s）", st.Region, st.Goal, st.Quote), Link: fmt.Sprintf("/reports/%d#fact-%d", st.ReportID, st.FactID)}
		switch st.Qualifier {
		case "以上", "不低于", "突破":
			b.Kind = "floor"
		case "左右":
			b.Kind = "about"
		}
		if st.Low != nil {
			b.Value = *st.Low // ranked by what the range promises at least
		}
		r.Bars = append(r.Bars, b)
	}
	return figure(r.SVG(), r.PhoneSVG(), r.Title, r.Rows())
}

func indicatorName(id string) string {
	for _, e := range extract.Indicators() {
		if e.ID == id {
			return e.Names[0]
		}
	}
	return id
}

// yearSpan reads the zoom of a page's charts: from and to, years.
func yearSpan(r *http.Request) (int, int, error) {
	from, err := intParam(r, "from", 0, 0, 3000)
	if err != nil {
		return 0, 0, err
	}
	to, err := intParam(r, "to", 0, 0, 3000)
	if err == nil && from != 0 && to != 0 && to < from {
		err = report.Errorf(report.Invalid, "to=%d 早于 from=%d", to, from)
	}
	return from, to, err
}

// zoomLink is a span a page's charts can be redrawn for.
type zoomLink struct {
	Label, URL string
	Active     bool
}

// zoomLinks offer the whole span and the last 5 and 10 years of it,
// where the data is longer: the charts are drawn again for the span,
// axes and all, as ECharts' data zoom does.
func zoomLinks(r *http.Request, lo, hi, from, to int) []zoomLink {
	if lo == 0 || hi-lo < 5 {
		return nil
	}
	at := func(f, t int) string {
		q := r.URL.Query()
		q.Del("from")
		q.Del("to")
		if f != 0 {
			q.Set("from", strconv.Itoa(f))
			q.Set("to", strconv.Itoa(t))
		}
		if len(q) == 0 {
			return r.URL.Path
		}
		return r.URL.Path + "?" + q.Encode()
	}
	out := []zoomLink{{"全部年份", at(0, 0), from == 0 && to == 0}}
	for _, n := range []int{10, 5} {
		if hi-lo+1 > n {
			out = append(out, zoomLink{fmt.Sprintf("近%d年", n), at(hi-n+1, hi), from == hi-n+1 && to == hi})
		}
	}
	return out
}

// growthOf is a fact's growth as the compare page charts it, with the
// figure as written for its table: a target by what it promises at
// least (the floor of a range, the value of 左右), a result as stated.
func growthOf(f report.Fact, higher bool) (float64, string, bool) {
	if f.Kind != report.Target {
		if f.Growth == nil {
			return 0, "", false
		}
		return *f.Growth, chart.Num(*f.Growth) + "%", true
	}
	b, ok := track.TargetBounds(f, higher)
	if !ok || b.Field != "growth" {
		return 0, "", false
	}
	label := b.Label + "%"
	switch {
	case b.Kind == "range" || b.Kind == "floor":
		return *b.Lo, label, true
	case b.Mid != nil:
		if b.Kind == "about" {
			label = chart.Num(*b.Mid) + "%左右"
		}
		return *b.Mid, label, true
	case b.Hi != nil:
		return *b.Hi, label, true
	}
	return 0, "", false
}

// rankedLatest ranks the compared regions by their latest figure, a
// target's range as a band, with the target of the region above each as
// a line where that report is stored.
func (s *Server) rankedLatest(ctx context.Context, indicator, kind string, regions []string, latest map[string]report.Fact, higher bool) template.HTML {
	r := chart.Ranked{Title: indicatorName(indicator) + "增速：各地最近一年的" + map[string]string{"target": "目标", "achieved": "实际"}[kind], Unit: "%"}
	for _, region := range regions {
		f, ok := latest[region]
		if !ok {
			continue
		}
		v, label, _ := growthOf(f, higher)
		b := chart.Bar{Name: fmt.Sprintf("%s（%d）", shortRegion(f.Region), *f.Year), Value: v, Tip: label + "：" + f.Quote, Link: factLink(f)}
		if f.Kind == report.Target {
			if bd, ok := track.TargetBounds(f, higher); ok {
				b.Lo, b.Hi, b.Kind = bd.Lo, bd.Hi, bd.Kind
			}
		}
		if p, ok := identify.Parent(f.RegionCode, *f.Year); ok {
			if pf, err := s.st.Facts(ctx, report.FactFilter{Region: p.Code, Kind: report.Target, Indicator: indicator, Year: *f.Year}); err == nil {
				for _, x := range pf {
					if pv, _, ok := growthOf(x, higher); ok && len(x.SpanYears) == 0 {
						b.Parent = &pv
						break
					}
				}
			}
		}
		r.Bars = append(r.Bars, b)
	}
	return figure(r.SVG(), r.PhoneSVG(), r.Title, r.Rows())
}

// countZH writes a count as Chinese pages do: 12,345 up to a hundred
// thousand, then in 万 (110.5万).
func countZH(n int) string {
	if n >= 100000 {
		return chart.Num(float64(n))
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
