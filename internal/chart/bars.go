package chart

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"
)

// Bar is one region's figure in a ranked chart: a value, or a range from
// Lo to Hi, or a floor (以上), with the target of the region above it.
type Bar struct {
	Name   string
	Value  float64  // what the bar is ranked by: the floor of a range
	Lo, Hi *float64 // a range as written
	Kind   string   // range, floor, ceiling, about, point
	Parent *float64 // the parent region's target, drawn as a line
	Tip    string
	Link   string
}

// Ranked is bars ranked highest first, as offices rank regions, with the
// parent's target as a dashed line across each bar's row.
type Ranked struct {
	Title, Unit string
	Bars        []Bar
}

// SVG draws the ranked bars.
func (r Ranked) SVG() template.HTML { return r.draw(130, 520, 110) }

// PhoneSVG draws the ranked bars for a phone's width.
func (r Ranked) PhoneSVG() template.HTML { return r.draw(96, 200, 64) }

// draw draws the bars with room for names on the left, the bars, and
// their labels on the right.
func (r Ranked) draw(left, width, labels int) template.HTML {
	if len(r.Bars) == 0 {
		return ""
	}
	bars := append([]Bar(nil), r.Bars...)
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].Value > bars[j].Value })
	top, bottom := 0.0, 0.0
	for _, b := range bars {
		top, bottom = math.Max(top, b.Value), math.Min(bottom, b.Value)
		if b.Hi != nil {
			top = math.Max(top, *b.Hi)
		}
		if b.Parent != nil {
			top = math.Max(top, *b.Parent)
		}
	}
	ticks := Ticks(bottom, top*1.1, 6)
	lo, hi := ticks[0], ticks[len(ticks)-1]
	const row, head = 24, 30
	height := head + len(bars)*row + 30
	x := func(v float64) float64 { return float64(left) + (v-lo)/(hi-lo)*float64(width) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">`, left+width+labels, height, esc(r.Title))
	fmt.Fprintf(&b, `<text x="10" y="18" font-size="14" font-weight="bold" fill="#464646">%s</text>`, esc(r.Title))
	for _, v := range ticks {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#e0e6f1"/><text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="#6e7079">%s</text>`,
			x(v), head, x(v), height-25, x(v), height-10, Num(v)+r.Unit)
	}
	parents := false
	for i, br := range bars {
		y := head + i*row
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#333">%s</text>`, left-6, y+14, esc(br.Name))
		openTip(&b, br.Link, br.Tip)
		from := x(math.Max(lo, 0))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="16" fill="#5470c6" fill-opacity="0.35"/>`, math.Min(from, x(br.Value)), y+3, math.Abs(x(br.Value)-from))
		label := Num(br.Value)
		end := x(br.Value)
		switch {
		case br.Lo != nil && br.Hi != nil && *br.Hi > *br.Lo:
			fmt.Fprintf(&b, `<rect class="band" x="%.1f" y="%d" width="%.1f" height="16" fill="#5470c6"/>`, x(*br.Lo), y+3, x(*br.Hi)-x(*br.Lo))
			label, end = Num(*br.Lo)+"–"+Num(*br.Hi), x(*br.Hi)
		case br.Kind == "floor":
			fmt.Fprintf(&b, `<path d="M%.1f %d l9 8 l-9 8 z" fill="#5470c6"/>`, end, y+3)
			label, end = "≥"+label, end+10
		default:
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="3" height="16" fill="#5470c6"/>`, end-1.5, y+3)
		}
		if br.Kind == "about" {
			label = "约" + label
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" fill="#333">%s%s</text>`, end+5, y+15, label, esc(r.Unit))
		closeTip(&b, br.Link)
		if br.Parent != nil {
			parents = true
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ee6666" stroke-width="2" stroke-dasharray="4 2"><title>上级目标 %s%s</title></line>`,
				x(*br.Parent), y, x(*br.Parent), y+22, Num(*br.Parent), esc(r.Unit))
		}
	}
	if parents {
		fmt.Fprintf(&b, `<line x1="%d" y1="12" x2="%d" y2="24" stroke="#ee6666" stroke-width="2" stroke-dasharray="4 2"/><text x="%d" y="22" font-size="12" fill="#333">上级目标</text>`,
			left+width-70, left+width-70, left+width-62)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Rows are the ranked chart's data, for its download.
func (r Ranked) Rows() [][]string {
	rows := [][]string{{"地区", "目标", "下限", "上限", "上级目标", "单位"}}
	for _, br := range r.Bars {
		row := []string{br.Name, Num(br.Value), "", "", "", r.Unit}
		if br.Lo != nil {
			row[2] = Num(*br.Lo)
		}
		if br.Hi != nil {
			row[3] = Num(*br.Hi)
		}
		if br.Parent != nil {
			row[4] = Num(*br.Parent)
		}
		rows = append(rows, row)
	}
	return rows
}

// YearBars draws counts per year, every year of the span on the axis (a
// year without any is a gap, not skipped).
func YearBars(title string, counts map[int]int) template.HTML {
	return yearBars(title, counts, 640, 16)
}

// YearBarsPhone draws counts per year for a phone's width.
func YearBarsPhone(title string, counts map[int]int) template.HTML {
	return yearBars(title, counts, 360, 7)
}

func yearBars(title string, counts map[int]int, w, labels int) template.HTML {
	lo, hi, most := 0, 0, 0
	for y, n := range counts {
		if y == 0 {
			continue
		}
		if lo == 0 || y < lo {
			lo = y
		}
		hi, most = max(hi, y), max(most, n)
	}
	if lo == 0 {
		return ""
	}
	const h, left, bottom, head = 190, 40, 28, 28
	years := hi - lo + 1
	bw := float64(w-left-10) / float64(years)
	ticks := Ticks(0, float64(most), 4)
	top := ticks[len(ticks)-1]
	plot := float64(h - bottom - head)
	yv := func(v float64) float64 { return float64(h-bottom) - plot*v/top }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, h, esc(title))
	fmt.Fprintf(&b, `<text x="%d" y="16" font-size="13" fill="#464646">%s</text>`, left, esc(title))
	for _, v := range ticks {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#e0e6f1"/><text x="%d" y="%.1f" font-size="10" text-anchor="end" fill="#6e7079">%s</text>`,
			left, w-10, yv(v), yv(v), left-4, yv(v)+3, Num(v))
	}
	every := 1
	for _, e := range []int{1, 2, 5, 10} {
		if every = e; years/e <= labels {
			break
		}
	}
	for y := lo; y <= hi; y++ {
		x := float64(left) + float64(y-lo)*bw
		n := counts[y]
		bar := math.Min(bw*0.7, 36)
		tip := fmt.Sprintf("%d年：%d处", y, n)
		fmt.Fprintf(&b, `<g class="tip" data-tip="%s"><title>%s</title><rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#5470c6"/></g>`, tip, tip, x+(bw-bar)/2, yv(float64(n)), bar, float64(h-bottom)-yv(float64(n)))
		if n > 0 && bw >= 18 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle">%d</text>`, x+bw/2, yv(float64(n))-3, n)
		}
		if (y-lo)%every == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="#6e7079">%d</text>`, x+bw/2, h-bottom+16, y)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
