package serve

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/baogao/baogao/internal/analysis"
	"github.com/baogao/baogao/internal/export"
	"github.com/baogao/baogao/internal/extract"
	"github.com/baogao/baogao/internal/panel"
	"github.com/baogao/baogao/internal/report"
)

// pageCascade shows one indicator's targets for a year down the levels
// of government, each beside its parent's, with the amplification.
func (s *Server) pageCascade(w http.ResponseWriter, r *http.Request) {
	c, err := s.cascadeFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "cascade", map[string]any{"Cascade": c, "Chart": cascadeChart(c), "Indicators": extract.Indicators()})
}

// apiCascade answers the cascade as JSON, or with ?format=csv|xlsx as a
// table for a spreadsheet.
func (s *Server) apiCascade(w http.ResponseWriter, r *http.Request) {
	c, err := s.cascadeFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "" {
		writeJSON(w, http.StatusOK, c)
		return
	}
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return trimNum(*v)
	}
	rows := [][]string{{"级别", "地区", "行政区划代码", "目标", "限定", "下限", "上限", "目标数", "上级", "上级代码", "上级目标数", "加码", "原文", "事实编号", "报告编号"}}
	for _, st := range c.Steps {
		rows = append(rows, []string{st.Level.ZH(), st.Region, st.RegionCode, st.Goal, st.Qualifier, num(st.Low), num(st.High), num(st.Point),
			st.ParentRegion, st.ParentCode, num(st.ParentPoint), num(st.Amplified), st.Quote, strconv.FormatInt(st.FactID, 10), strconv.FormatInt(st.ReportID, 10)})
	}
	s.sendTable(w, r, fmt.Sprintf("目标分解-%s-%d", c.Indicator, c.Year), export.Slice(rows))
}

// cascadeFor reads ?indicator=gdp&year=2026; without a year, the latest
// year with a target of the indicator.
func (s *Server) cascadeFor(r *http.Request) (*analysis.Cascade, error) {
	ind := r.URL.Query().Get("indicator")
	if ind == "" {
		ind = "gdp"
	}
	if !isLexiconID(ind) {
		return nil, report.Errorf(report.Invalid, "indicator=%q：请给规范指标编号，如 gdp", ind)
	}
	year, err := intParam(r, "year", 0, 0, 3000)
	if err != nil {
		return nil, err
	}
	if year == 0 {
		fs, err := s.st.Facts(r.Context(), report.FactFilter{Kind: report.Target, Indicator: ind})
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			if f.Year != nil && *f.Year > year {
				year = *f.Year
			}
		}
	}
	return analysis.BuildCascade(r.Context(), s.st, ind, year)
}

func isLexiconID(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz_0123456789") == ""
}

// cascadeChart draws the targets as ranked bars, a range as a band from
// its low to its high, with each parent's target as a dashed line.
func cascadeChart(c *analysis.Cascade) template.HTML {
	type bar struct {
		name          string
		lo, hi, point float64
		parent        *float64
	}
	var bars []bar
	top := 0.0
	for _, st := range c.Steps {
		if st.Point == nil {
			continue
		}
		b := bar{name: shortRegion(st.Region), point: *st.Point, lo: *st.Point, hi: *st.Point, parent: st.ParentPoint}
		if st.Low != nil && st.High != nil {
			b.lo, b.hi = *st.Low, *st.High
		}
		bars = append(bars, b)
		top = math.Max(top, b.hi)
		if b.parent != nil {
			top = math.Max(top, *b.parent)
		}
	}
	if len(bars) == 0 {
		return ""
	}
	// Ranked, highest first, as offices rank regions.
	for i := 1; i < len(bars); i++ {
		for j := i; j > 0 && bars[j].point > bars[j-1].point; j-- {
			bars[j], bars[j-1] = bars[j-1], bars[j]
		}
	}
	step := niceStep(top / 5)
	axis := math.Ceil(top/step) * step
	const left, width, row = 120, 520, 22
	height := len(bars)*row + 40
	x := func(v float64) float64 { return left + v/axis*width }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%d年 %s 目标">`, left+width+60, height, c.Year, c.Indicator)
	for v := 0.0; v <= axis+1e-9; v += step {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="10" x2="%.1f" y2="%d" stroke="#e0e6f1"/><text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="#6e7079">%s</text>`,
			x(v), x(v), height-25, x(v), height-10, trimNum(v))
	}
	for i, br := range bars {
		y := 14 + i*row
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#333">%s</text>`, left-6, y+12, template.HTMLEscapeString(br.name))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="14" fill="#5470c6" opacity="0.35"><title>%s：%s</title></rect>`, left, y+2, x(br.lo)-left, template.HTMLEscapeString(br.name), trimNum(br.point))
		if br.hi > br.lo {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="14" fill="#5470c6"><title>区间 %s–%s</title></rect>`, x(br.lo), y+2, x(br.hi)-x(br.lo), trimNum(br.lo), trimNum(br.hi))
		} else {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="3" height="14" fill="#5470c6"/>`, x(br.point)-1.5, y+2)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" fill="#333">%s</text>`, x(br.hi)+6, y+13, trimNum(br.point))
		if br.parent != nil {
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ee6666" stroke-width="2" stroke-dasharray="4 2"><title>上级目标 %s</title></line>`, x(*br.parent), y, x(*br.parent), y+18, trimNum(*br.parent))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// niceStep rounds a tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// shortRegion drops the province from a city or county's name for a
// chart's label.
func shortRegion(name string) string {
	for _, suffix := range []string{"省", "自治区", "市"} {
		if i := strings.Index(name, suffix); i > 0 && i+len(suffix) < len(name) {
			return name[i+len(suffix):]
		}
	}
	return name
}

// apiExportPanel sends the research panel, or with ?codebook=md|json its
// codebook, for the filters given.
func (s *Server) apiExportPanel(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format, layout := q.Get("format"), q.Get("layout")
	if format == "" {
		format = "csv"
	}
	if layout == "" {
		layout = "long"
	}
	if !slices.Contains(panel.Formats, format) || !slices.Contains(panel.Layouts, layout) {
		s.fail(w, r, report.Errorf(report.Invalid, "format=%q layout=%q：format 可选 %s，layout 可选 long、wide", format, layout, strings.Join(panel.Formats, "、")))
		return
	}
	f := panel.Filter{Region: q.Get("region"), Indicator: q.Get("indicator")}
	for _, l := range strings.FieldsFunc(q.Get("level"), func(r rune) bool { return r == ',' || r == '，' }) {
		f.Levels = append(f.Levels, report.Level(strings.TrimSpace(l)))
	}
	if y := q.Get("years"); y != "" {
		a, b, span := strings.Cut(y, "-")
		from, err1 := strconv.Atoi(a)
		to, err2 := from, error(nil)
		if span {
			to, err2 = strconv.Atoi(b)
		}
		if err1 != nil || err2 != nil || to < from || from < 1949 || to > 2100 {
			s.fail(w, r, report.Errorf(report.Invalid, "years=%q：写作 2012-2019 或 2020", y))
			return
		}
		f.YearFrom, f.YearTo = from, to
	}
	p, err := panel.Build(r.Context(), s.st, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cb := panel.NewCodebook(p, format, layout, r.URL.RawQuery, s.opt.Now())
	switch q.Get("codebook") {
	case "json":
		writeJSON(w, http.StatusOK, cb)
		return
	case "md":
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		w.Write([]byte(cb.Markdown()))
		return
	case "":
	default:
		s.fail(w, r, report.Errorf(report.Invalid, "codebook=%q：可选 md 或 json", q.Get("codebook")))
		return
	}
	var buf bytes.Buffer
	if err := panel.Write(&buf, p, format, layout); err != nil {
		s.fail(w, r, err)
		return
	}
	ctype := map[string]string{"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"parquet": "application/vnd.apache.parquet", "jsonl": "application/x-ndjson; charset=utf-8"}[format]
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="panel-`+layout+`.`+format+`"`)
	w.Write(buf.Bytes())
}

// pageExport is the form that builds a panel export's address.
func (s *Server) pageExport(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "export", map[string]any{"Formats": panel.Formats, "Indicators": extract.Indicators(), "Columns": panel.Columns()})
}
