package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Band is a target of one year as it was written: a range from Lo to Hi,
// a floor (以上, open above), a ceiling (以内, open below), a value with a
// tolerance (左右: Mid, within Lo–Hi), or a single value (Mid).
type Band struct {
	Year   int
	Kind   string   // range, floor, ceiling, about, point
	Lo, Hi *float64 // nil where the target is open
	Mid    *float64
	Label  string // the target as read: 6–6.5, ≥6, 3±0.5
	Tip    string // what the tooltip says: the target as written, its quote
	Link   string // the evidence
}

// Point is a figure of one year; its class (a verdict) gives its colour
// and shape.
type Point struct {
	Year  int
	Value float64
	Class string
	Tip   string
	Link  string
}

// Series is one line of points, with the bands that go with it.
type Series struct {
	Name   string
	Color  string
	Points []Point
	Bands  []Band
}

// Class is a kind of point in the legend: a verdict.
type Class struct {
	Key, Name, Color string
	Shape            string // circle, diamond, triangle, cross, ring
}

// Time is a chart of years against values.
type Time struct {
	Title   string
	Unit    string // of the values: %, 亿元
	Series  []Series
	Classes []Class
	// From and To bound the years shown (0: the data's own span); the
	// page's zoom sets them and the axes are drawn again for the span.
	From, To int
}

// layout is a chart's geometry: a desk's, with the legend to the right of
// the plot, or a phone's, narrow, with the legend below it, so that its
// text stays readable at a phone's width instead of shrinking with it.
type layout struct {
	w, h, left, right, top, bottom int
	legendBelow                    bool
	labels                         int // year labels at most
}

var (
	desk  = layout{w: 760, h: 330, left: 56, right: 150, top: 34, bottom: 40, labels: 14}
	phone = layout{w: 360, h: 250, left: 44, right: 14, top: 34, bottom: 40, legendBelow: true, labels: 6}
)

// span is the years the chart shows.
func (t Time) span() (int, int, bool) {
	lo, hi := 0, 0
	see := func(y int) {
		if t.From != 0 && y < t.From || t.To != 0 && y > t.To {
			return
		}
		if lo == 0 || y < lo {
			lo = y
		}
		hi = max(hi, y)
	}
	for _, s := range t.Series {
		for _, p := range s.Points {
			see(p.Year)
		}
		for _, b := range s.Bands {
			see(b.Year)
		}
	}
	return lo, hi, lo != 0
}

// SVG draws the chart.
func (t Time) SVG() template.HTML { return t.draw(desk) }

// PhoneSVG draws the chart for a phone's width.
func (t Time) PhoneSVG() template.HTML { return t.draw(phone) }

func (t Time) draw(l layout) template.HTML {
	tw, th, tLeft, tRight, tTop, tBo := l.w, l.h, l.left, l.right, l.top, l.bottom
	y0, y1, ok := t.span()
	if !ok {
		return ""
	}
	inSpan := func(y int) bool { return y >= y0 && y <= y1 }
	// The value axis covers every point and every finite band bound.
	vlo, vhi := math.Inf(1), math.Inf(-1)
	see := func(v *float64) {
		if v != nil {
			vlo, vhi = math.Min(vlo, *v), math.Max(vhi, *v)
		}
	}
	for _, s := range t.Series {
		for _, p := range s.Points {
			if inSpan(p.Year) {
				v := p.Value
				see(&v)
			}
		}
		for _, b := range s.Bands {
			if inSpan(b.Year) {
				see(b.Lo)
				see(b.Hi)
				see(b.Mid)
			}
		}
	}
	if math.IsInf(vlo, 0) {
		return ""
	}
	pad := (vhi - vlo) * 0.15
	if pad == 0 {
		pad = math.Max(1, math.Abs(vhi)*0.1)
	}
	lo, hi := vlo-pad, vhi+pad
	if vlo >= 0 && lo < 0 {
		lo = 0
	}
	ticks := Ticks(lo, hi, 5)
	lo, hi = ticks[0], ticks[len(ticks)-1]
	slot := float64(tw-tLeft-tRight) / float64(y1-y0+1)
	x := func(y int) float64 { return float64(tLeft) + (float64(y-y0)+0.5)*slot }
	yv := func(v float64) float64 { return float64(tTop) + (hi-v)/(hi-lo)*float64(th-tTop-tBo) }
	plotTop, plotBottom := float64(tTop), float64(th-tBo)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">`, tw, th+legendHeight(t, l, inSpan), esc(t.Title))
	fmt.Fprintf(&b, `<text x="%d" y="20" font-size="14" font-weight="bold" fill="#464646">%s</text>`, tLeft, esc(t.Title))
	for _, v := range ticks {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#e0e6f1"/><text x="%d" y="%.1f" font-size="11" text-anchor="end" fill="#6e7079">%s</text>`,
			tLeft, tw-tRight, yv(v), yv(v), tLeft-6, yv(v)+4, Num(v)+t.Unit)
	}
	every := 1 // a label every year, or every 2, 5, 10 years on a long axis
	for _, e := range []int{1, 2, 5, 10, 20} {
		if every = e; (y1-y0+1)/e <= l.labels {
			break
		}
	}
	fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#6e7079"/>`, tLeft, tw-tRight, plotBottom, plotBottom)
	for y := y0; y <= y1; y++ {
		if (y-y0)%every == 0 {
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#6e7079"/><text x="%.1f" y="%.1f" font-size="11" text-anchor="middle" fill="#6e7079">%d</text>`,
				x(y), x(y), plotBottom, plotBottom+4, x(y), plotBottom+17, y)
		}
	}
	bw := math.Min(slot*0.55, 30)
	for i, s := range t.Series {
		fmt.Fprintf(&b, `<g class="series" data-series="%d">`, i)
		for _, band := range s.Bands {
			if !inSpan(band.Year) {
				continue
			}
			drawBand(&b, band, x(band.Year), bw, yv, plotTop, plotBottom, s.Color)
		}
		// A line joins consecutive years only: a missing year is a gap.
		pts := append([]Point(nil), s.Points...)
		sort.Slice(pts, func(i, j int) bool { return pts[i].Year < pts[j].Year })
		var run []string
		flush := func() {
			if len(run) > 1 {
				fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`, s.Color, strings.Join(run, " "))
			}
			run = run[:0]
		}
		prev := 0
		for _, p := range pts {
			if !inSpan(p.Year) {
				continue
			}
			if prev != 0 && p.Year != prev+1 {
				flush()
			}
			run = append(run, fmt.Sprintf("%.1f,%.1f", x(p.Year), yv(p.Value)))
			prev = p.Year
		}
		flush()
		for _, p := range pts {
			if !inSpan(p.Year) {
				continue
			}
			c := t.class(p.Class, s.Color)
			tip := p.Tip
			if tip == "" {
				tip = fmt.Sprintf("%s %d年：%s%s", s.Name, p.Year, Num(p.Value), t.Unit)
			}
			openTip(&b, p.Link, tip)
			marker(&b, c.Shape, x(p.Year), yv(p.Value), c.Color)
			closeTip(&b, p.Link)
		}
		b.WriteString(`</g>`)
	}
	// The legend: a series hides and shows on a click; the classes say
	// what colours and shapes mean. To the right of the plot on a desk,
	// below it in two columns on a phone.
	at := legendAt(l)
	for i, s := range t.Series {
		lx, ly := at.next(20)
		fmt.Fprintf(&b, `<g class="legend" data-series="%d" tabindex="0" role="button" aria-label="显示或隐藏 %s"><rect x="%d" y="%d" width="14" height="10" rx="2" fill="%s"/><text x="%d" y="%d" font-size="12" fill="#333">%s</text></g>`,
			i, esc(s.Name), lx, ly, s.Color, lx+20, ly+9, esc(s.Name))
	}
	usedClass, usedKind := legendUse(t, inSpan)
	at.gap()
	for _, c := range t.Classes {
		if !usedClass[c.Key] {
			continue
		}
		lx, ly := at.next(18)
		marker(&b, c.Shape, float64(lx+7), float64(ly+5), c.Color)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#333">%s</text>`, lx+20, ly+9, esc(c.Name))
	}
	at.gap()
	for _, k := range kindOrder {
		if !usedKind[k] {
			continue
		}
		lx, ly := at.next(18)
		switch k {
		case "range":
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="14" height="10" fill="#5470c6" fill-opacity="0.25" stroke="#5470c6"/>`, lx, ly)
		case "floor":
			fmt.Fprintf(&b, `<path d="M%d %d l7 -8 l7 8 z" fill="#5470c6" fill-opacity="0.5"/>`, lx, ly+10)
		case "ceiling":
			fmt.Fprintf(&b, `<path d="M%d %d l7 8 l7 -8 z" fill="#5470c6" fill-opacity="0.5"/>`, lx, ly+1)
		case "about":
			fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#5470c6"/><rect x="%d" y="%d" width="14" height="4" fill="#5470c6"/>`, lx+7, lx+7, ly-1, ly+11, lx, ly+3)
		case "point":
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="14" height="4" fill="#5470c6"/>`, lx, ly+3)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#333">%s</text>`, lx+20, ly+9, kindNames[k])
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// kindOrder is the order the legend explains the kinds of target in.
var kindOrder = []string{"range", "floor", "ceiling", "about", "point"}

// legendUse is what the chart shows, for the legend to explain only that:
// the verdicts met with and the kinds of target drawn.
func legendUse(t Time, inSpan func(int) bool) (map[string]bool, map[string]bool) {
	usedClass, usedKind := map[string]bool{}, map[string]bool{}
	for _, s := range t.Series {
		for _, p := range s.Points {
			usedClass[p.Class] = usedClass[p.Class] || inSpan(p.Year)
		}
		for _, band := range s.Bands {
			usedKind[band.Kind] = usedKind[band.Kind] || inSpan(band.Year)
		}
	}
	return usedClass, usedKind
}

// legendCursor places legend entries: down a column to the right of the
// plot, or row by row in two columns below it.
type legendCursor struct {
	l      layout
	x, y   int
	column int
}

func legendAt(l layout) *legendCursor {
	if l.legendBelow {
		return &legendCursor{l: l, x: l.left, y: l.h + 4}
	}
	return &legendCursor{l: l, x: l.w - l.right + 14, y: l.top}
}

// next is where the next entry goes; step is its height in a column.
func (c *legendCursor) next(step int) (int, int) {
	if !c.l.legendBelow {
		x, y := c.x, c.y
		c.y += step
		return x, y
	}
	x := c.l.left + c.column*(c.l.w-c.l.left)/2
	y := c.y
	if c.column = 1 - c.column; c.column == 0 {
		c.y += 18
	}
	return x, y
}

// gap sets the next group apart.
func (c *legendCursor) gap() {
	if !c.l.legendBelow {
		c.y += 6
	}
}

// legendHeight is the room a phone's legend takes below the plot.
func legendHeight(t Time, l layout, inSpan func(int) bool) int {
	if !l.legendBelow {
		return 0
	}
	usedClass, usedKind := legendUse(t, inSpan)
	n := len(t.Series)
	for _, c := range t.Classes {
		if usedClass[c.Key] {
			n++
		}
	}
	for _, k := range kindOrder {
		if usedKind[k] {
			n++
		}
	}
	return (n+1)/2*18 + 8
}

// kindNames are the kinds of target as the legend names them.
var kindNames = map[string]string{"range": "目标区间", "floor": "目标下限（以上）", "ceiling": "目标上限（以内）", "about": "目标及容差（左右）", "point": "目标值"}

func (t Time) class(key, color string) Class {
	for _, c := range t.Classes {
		if c.Key == key {
			return c
		}
	}
	return Class{Color: color, Shape: "circle"}
}

// drawBand draws a target: a filled band for a range, an open bar with an
// arrow for a floor or a ceiling, a marker with its tolerance for 左右, a
// dash for a single value.
func drawBand(b *strings.Builder, band Band, cx, w float64, yv func(float64) float64, top, bottom float64, color string) {
	openTip(b, band.Link, band.Tip)
	left := cx - w/2
	switch {
	case band.Kind == "range" && band.Lo != nil && band.Hi != nil:
		y1, y2 := yv(*band.Hi), yv(*band.Lo)
		fmt.Fprintf(b, `<rect class="band" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity="0.25" stroke="%s"/>`, left, y1, w, math.Max(y2-y1, 2), color, color)
	case band.Kind == "floor" && band.Lo != nil:
		y := yv(*band.Lo)
		fmt.Fprintf(b, `<rect class="band" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity="0.12"/>`, left, top, w, math.Max(y-top, 0), color)
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2.5"/>`, left, left+w, y, y, color)
		fmt.Fprintf(b, `<path d="M%.1f %.1f l%.1f -8 l%.1f 8 z" fill="%s" fill-opacity="0.5"/>`, cx-7, y-3, 7.0, 7.0, color)
	case band.Kind == "ceiling" && band.Hi != nil:
		y := yv(*band.Hi)
		fmt.Fprintf(b, `<rect class="band" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" fill-opacity="0.12"/>`, left, y, w, math.Max(bottom-y, 0), color)
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2.5"/>`, left, left+w, y, y, color)
		fmt.Fprintf(b, `<path d="M%.1f %.1f l%.1f 8 l%.1f -8 z" fill="%s" fill-opacity="0.5"/>`, cx-7, y+3, 7.0, 7.0, color)
	case band.Kind == "about" && band.Mid != nil:
		m := yv(*band.Mid)
		if band.Lo != nil && band.Hi != nil {
			y1, y2 := yv(*band.Hi), yv(*band.Lo)
			fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s"/><line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s"/><line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s"/>`,
				cx, cx, y1, y2, color, cx-5, cx+5, y1, y1, color, cx-5, cx+5, y2, y2, color)
		}
		fmt.Fprintf(b, `<rect class="band" x="%.1f" y="%.1f" width="%.1f" height="4" fill="%s"/>`, left, m-2, w, color)
	case band.Mid != nil:
		m := yv(*band.Mid)
		fmt.Fprintf(b, `<rect class="band" x="%.1f" y="%.1f" width="%.1f" height="4" fill="%s"/>`, left, m-2, w, color)
	}
	closeTip(b, band.Link)
}

// marker draws a point's shape; shapes tell verdicts apart on paper too.
func marker(b *strings.Builder, shape string, x, y float64, color string) {
	switch shape {
	case "diamond":
		fmt.Fprintf(b, `<path d="M%.1f %.1f l5.5 5.5 l-5.5 5.5 l-5.5 -5.5 z" fill="%s" stroke="#fff"/>`, x, y-5.5, color)
	case "triangle":
		fmt.Fprintf(b, `<path d="M%.1f %.1f l5.5 9.5 l-11 0 z" fill="%s" stroke="#fff"/>`, x, y-6, color)
	case "cross":
		fmt.Fprintf(b, `<path d="M%.1f %.1f l9 9 m0 -9 l-9 9" stroke="%s" stroke-width="3"/>`, x-4.5, y-4.5, color)
	case "ring":
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="4.5" fill="#fff" stroke="%s" stroke-width="2"/>`, x, y, color)
	default:
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="5" fill="%s" stroke="#fff"/>`, x, y, color)
	}
}

// openTip starts what a tooltip and a link wrap: the native title, which
// needs no script, and data-tip for the styled tooltip.
func openTip(b *strings.Builder, link, tip string) {
	if link != "" {
		fmt.Fprintf(b, `<a href="%s">`, esc(link))
	}
	fmt.Fprintf(b, `<g class="tip" data-tip="%s"><title>%s</title>`, esc(tip), esc(tip))
}

func closeTip(b *strings.Builder, link string) {
	b.WriteString(`</g>`)
	if link != "" {
		b.WriteString(`</a>`)
	}
}

func esc(s string) string { return html.EscapeString(s) }

// Rows are the chart's data as a table, for its download: one row per
// series and year, the target as read with its bounds, and the figure.
func (t Time) Rows() [][]string {
	rows := [][]string{{"系列", "年份", "目标", "目标下限", "目标上限", "数值", "单位", "出处"}}
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	for _, s := range t.Series {
		type row struct{ goal, lo, hi, value, from string }
		byYear := map[int]*row{}
		at := func(y int) *row {
			if byYear[y] == nil {
				byYear[y] = &row{}
			}
			return byYear[y]
		}
		for _, band := range s.Bands {
			r := at(band.Year)
			r.goal, r.lo, r.hi = band.Label, num(band.Lo), num(band.Hi)
			if band.Lo == nil && band.Hi == nil {
				r.lo = num(band.Mid)
				r.hi = r.lo
			}
		}
		for _, p := range s.Points {
			r := at(p.Year)
			v := p.Value
			r.value, r.from = num(&v), p.Tip
		}
		var years []int
		for y := range byYear {
			years = append(years, y)
		}
		sort.Ints(years)
		for _, y := range years {
			r := byYear[y]
			rows = append(rows, []string{s.Name, strconv.Itoa(y), r.goal, r.lo, r.hi, r.value, t.Unit, r.from})
		}
	}
	return rows
}
