package serve

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"sort"
	"strings"
)

type series struct {
	name   string
	color  string
	points map[int]float64 // year → value
}

// lineChart draws years against values as an SVG line chart, in the
// ECharts palette, on the server: no script, no network.
func lineChart(title string, ss []series) template.HTML {
	const w, h, left, right, top, bottom = 720, 300, 48, 110, 30, 36
	years := map[int]bool{}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		for y, v := range s.points {
			years[y] = true
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if len(years) == 0 {
		return ""
	}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	if lo == hi {
		lo, hi = lo-1, hi+1
	}
	pad := (hi - lo) * 0.1
	lo, hi = math.Min(0, lo-pad), hi+pad
	x := func(y int) float64 {
		if len(ys) == 1 {
			return left + (w-left-right)/2
		}
		i := sort.SearchInts(ys, y)
		return left + float64(i)*(w-left-right)/float64(len(ys)-1)
	}
	yv := func(v float64) float64 { return top + (hi-v)/(hi-lo)*(h-top-bottom) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s">`, w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="%d" y="18" font-size="14" font-weight="bold">%s</text>`, left, html.EscapeString(title))
	for i := 0; i <= 4; i++ {
		v := lo + (hi-lo)*float64(i)/4
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#e0e6f1"/><text x="%d" y="%.1f" font-size="11" text-anchor="end" fill="#6e7079">%.1f</text>`,
			left, w-right, yv(v), yv(v), left-6, yv(v)+4, v)
	}
	for _, y := range ys {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="#6e7079">%d</text>`, x(y), h-bottom+18, y)
	}
	for i, s := range ss {
		var pts []string
		for _, y := range ys {
			if v, ok := s.points[y]; ok {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(y), yv(v)))
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s %d：%g</title></circle>`, x(y), yv(v), s.color, html.EscapeString(s.name), y, v)
			}
		}
		if len(pts) > 1 {
			fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`, s.color, strings.Join(pts, " "))
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d" font-size="12">%s</text>`,
			w-right+12, top+i*20, s.color, w-right+30, top+i*20+11, html.EscapeString(s.name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// barChart draws counts per year as an SVG bar chart, every year of the
// span on the axis (a missing year is a gap, not a bridge).
func barChart(title string, counts map[int]int) template.HTML {
	if len(counts) == 0 {
		return ""
	}
	lo, hi, top := 0, 0, 0
	for y, n := range counts {
		if lo == 0 || y < lo {
			lo = y
		}
		hi = max(hi, y)
		top = max(top, n)
	}
	if lo == 0 { // only hits of reports without a year
		return ""
	}
	const w, h, left, bottom, head = 640, 180, 36, 28, 24
	years := hi - lo + 1
	bw := float64(w-left-10) / float64(years)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s">`, w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="%d" y="16" font-size="13">%s</text>`, left, html.EscapeString(title))
	plot := float64(h - bottom - head)
	for y := lo; y <= hi; y++ {
		x := float64(left) + float64(y-lo)*bw
		n := counts[y]
		bh := plot * float64(n) / float64(max(top, 1))
		bar := min(bw*0.7, 36)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#5470c6"><title>%d年：%d处</title></rect>`, x+(bw-bar)/2, float64(h-bottom)-bh, bar, bh, y, n)
		if n > 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle">%d</text>`, x+bw/2, float64(h-bottom)-bh-3, n)
		}
		if years <= 16 || (y-lo)%2 == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" text-anchor="middle">%d</text>`, x+bw/2, h-bottom+16, y)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
