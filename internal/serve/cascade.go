package serve

import (
	"bytes"
	"fmt"
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
// cascadeFor reads the cascade a request asks for, through the cache: the
// latest year of an indicator is found among all its targets.
func (s *Server) cascadeFor(r *http.Request) (*analysis.Cascade, error) {
	key := r.URL.Query().Get("indicator") + "|" + r.URL.Query().Get("year")
	return s.cascades.get(r.Context(), s.st, key, func() (*analysis.Cascade, error) { return s.buildCascade(r) })
}

func (s *Server) buildCascade(r *http.Request) (*analysis.Cascade, error) {
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
