package serve

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/analysis"
	"github.com/baogao/baogao/internal/chart"
	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/extract"
	"github.com/baogao/baogao/internal/identify"
	"github.com/baogao/baogao/internal/participate"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// fieldZH names the fields of task events for people.
var fieldZH = map[string]string{"text": "内容", "evidence": "证据", "lead_unit": "牵头单位", "co_units": "责任单位", "lead_official": "责任领导",
	"deadline": "完成时限", "name": "节点", "due": "日期", "done": "已完成", "from": "原状态", "to": "新状态", "reason": "原因",
	"verdict": "结论", "fact_id": "事实编号", "quote": "原文"}

var funcs = template.FuncMap{
	"sectionName": func(kind string) string {
		if s := report.SectionNames[kind]; s != "" {
			return s
		}
		return "正文"
	},
	"levelZH": report.Level.ZH,
	"kindZH":  report.Kind.ZH,
	"roleZH": func(r string) string {
		return map[string]string{"admin": "管理员", "editor": "编辑", "viewer": "只读", "citizen": "公众", "deputy": "代表"}[r]
	},
	"questionStatusZH": participate.QuestionStatusZH,
	"stageZH":          participate.StageZH,
	"internal":         track.Internal,
	"pct1":             func(v float64) string { return strconv.FormatFloat(v*100, 'f', 1, 64) + "%" },
	"statusZH":         track.StatusZH,
	"scheduleZH":       track.ScheduleZH,
	"missReasonZH": func(code string) string {
		for _, m := range track.MissReasons() {
			if m.Code == code {
				return m.Name
			}
		}
		return code
	},
	"pct":       func(v float64) float64 { return v * 100 },
	"verdictZH": track.VerdictZH,
	"dateZH": func(d string) string {
		if d == "" {
			return "-"
		}
		return track.DateZH(d)
	},
	"numbers": func(f report.Fact) string { return f.NumbersZH() },
	"signed":  func(v *float64) string { return chart.Signed(*v) },
	"num":     func(v *float64) string { return trimNum(*v) },
	"count":   countZH,
	"kindName": func(k report.FactKind) string {
		return map[report.FactKind]string{report.Target: "目标", report.Achieved: "实绩", report.Commitment: "承诺"}[k]
	},
	"deref":     func(v *float64) float64 { return *v },
	"join":      strings.Join,
	"inc":       func(i int) int { return i + 1 },
	"eventZH":   eventZH,
	"eventText": eventText,
}

// eventZH names a kind of task event in Chinese.
func eventZH(k string) string {
	return map[string]string{track.EvCreated: "建立", track.EvRequest: "申请", track.EvAssign: "分工", track.EvDeadline: "时限", track.EvMilestone: "节点", track.EvStatus: "状态",
		track.EvProgress: "进展", track.EvVerdict: "结论", track.EvSuggest: "建议", track.EvRating: "评分"}[k]
}

// eventText says what a task event holds, its fields named in Chinese.
func eventText(e report.Event) string {
	keys := make([]string, 0, len(e.Data))
	for k := range e.Data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var p []string
	for _, k := range keys {
		if v := e.Data[k]; v != "" && k != "internal" { // internal is shown as a mark of its own
			if zh, ok := fieldZH[k]; ok {
				k = zh
			}
			switch v {
			case track.NotStarted, track.InProgress, track.Done, track.Dropped:
				v = track.StatusZH(v)
			case track.Met, track.Exceeded, track.Missed, track.NoResult, track.NotComparable:
				v = track.VerdictZH(v)
			}
			p = append(p, k+"："+v)
		}
	}
	return strings.Join(p, "；")
}

type pageData struct {
	Query   string // the search box's text
	Title   string
	User    *report.User
	Session *report.Session
	Data    any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	title := map[string]string{"reports": "报告库", "report": "报告", "region": "地区", "compare": "地区比较", "tasks": "任务督办", "task": "任务", "units": "单位晾晒", "login": "登录", "error": "出错了", "search": "全文检索", "cascade": "目标分解", "export": "研究数据", "review": "事实审核", "bulletin": "督查通报",
		"register": "注册", "questions": "网络问政", "rounds": "民生实事票决", "suggestions": "建议提案办理"}[name]
	if m, ok := data.(map[string]any); ok {
		if t, ok := m["PageTitle"].(string); ok && t != "" {
			title = t
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.tmpl.ExecuteTemplate(w, name, pageData{Query: r.URL.Query().Get("q"), Title: title, User: userOf(r), Session: sessionOf(r), Data: data}); err != nil {
		s.log.Error("render", "page", name, "err", err)
	}
}

func (s *Server) pageRoutes() {
	s.handle("GET", "/{$}", false, s.pageReports)
	s.handle("GET", "/reports/{id}", false, s.oneOfFew(s.limits.reports, "读取报告", s.pageReport))
	s.handle("GET", "/regions/{code}", false, s.pageRegion)
	s.handle("GET", "/compare", false, s.pageCompare)
	s.handle("GET", "/cascade", false, s.pageCascade)
	s.handle("GET", "/export", false, s.pageExport)
	s.handle("GET", "/review", false, s.pageReview)
	s.handle("POST", "/review/{id}", false, s.formReview)
	s.handle("GET", "/tasks", false, s.pageTasks)
	s.handle("GET", "/tasks/report", false, s.pageBulletin)
	s.handle("GET", "/tasks/{id}", false, s.pageTask)
	s.handle("POST", "/tasks/{id}", false, s.rateLimited(s.limits.uploads, "上传", s.formTask))
	s.handle("GET", "/units", false, s.pageUnits)
	s.handle("GET", "/search", false, s.pageSearch)
	s.handle("GET", "/login", false, s.pageLogin)
	s.handle("POST", "/login", false, s.formLogin)
	s.handle("POST", "/logout", false, s.formLogout)
}

func (s *Server) pageReports(w http.ResponseWriter, r *http.Request) {
	year, err := intParam(r, "year", 0, 0, 3000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := intParam(r, "page", 1, 1, 1_000_000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	const per = 100
	q := r.URL.Query()
	rs, err := s.st.Reports(r.Context(), report.ReportFilter{Region: q.Get("region"), Level: report.Level(q.Get("level")), Year: year, Limit: per + 1, Offset: (p - 1) * per})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	next := 0
	if len(rs) > per {
		rs, next = rs[:per], p+1
	}
	more := url.Values{"region": {q.Get("region")}, "level": {q.Get("level")}, "page": {strconv.Itoa(next)}}
	if year != 0 {
		more.Set("year", strconv.Itoa(year))
	}
	counts, err := s.countsOf(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type opt struct{ Value, Name string }
	s.render(w, r, "reports", map[string]any{"Counts": counts, "Reports": rs, "Region": q.Get("region"), "Level": q.Get("level"), "Year": year, "Next": next, "NextURL": template.URL("/?" + more.Encode()),
		"Levels": []opt{{"national", "国家"}, {"province", "省级"}, {"city", "地市级"}, {"district", "区"}, {"county", "县级"}}})
}

// segment is a run of text, highlighted when it is a fact's evidence.
type segment struct {
	Text string
	Fact *factView
	Hit  bool // inside the passage a search hit points to
	Mark bool // the first run of that passage: the anchor #hit
}

// markHit marks the runs of segs (which cover text from its start) that
// fall between the cleaned-text offsets from and to, splitting the runs
// that straddle its ends.
func markHit(segs []segment, from, to int) []segment {
	var out []segment
	pos, first := 0, true
	for _, sg := range segs {
		a, b := pos, pos+len(sg.Text)
		pos = b
		if b <= from || a >= to || sg.Fact != nil {
			if sg.Fact != nil && a < to && b > from {
				sg.Hit, sg.Mark, first = true, first, false
			}
			out = append(out, sg)
			continue
		}
		cut := func(x int) int { // a rune boundary inside the run
			x = min(max(x, a), b) - a
			for x > 0 && x < len(sg.Text) && !utf8.RuneStart(sg.Text[x]) {
				x--
			}
			return x
		}
		i, j := cut(from), cut(to)
		if i > 0 {
			out = append(out, segment{Text: sg.Text[:i]})
		}
		out = append(out, segment{Text: sg.Text[i:j], Hit: true, Mark: first})
		first = false
		if j < len(sg.Text) {
			out = append(out, segment{Text: sg.Text[j:]})
		}
	}
	return out
}

type factView struct {
	ID        int64
	Kind      string
	Canonical string
	Detail    string // plain text shown beside the report
}

func viewOf(f report.Fact) *factView {
	v := &factView{ID: f.ID, Kind: string(f.Kind)}
	if f.Canonical != nil {
		v.Canonical = *f.Canonical
	}
	year := ""
	if f.Year != nil {
		year = strconv.Itoa(*f.Year) + "年"
	} else if len(f.SpanYears) == 2 {
		year = fmt.Sprintf("%d—%d年", f.SpanYears[0], f.SpanYears[1])
	}
	kind := map[report.FactKind]string{report.Target: "目标", report.Achieved: "完成", report.Commitment: "承诺"}[f.Kind]
	action := ""
	if f.Action != nil {
		action = "动作：" + *f.Action + "\n"
	}
	est := ""
	if f.Estimated {
		est = "（预计）"
	}
	v.Detail = fmt.Sprintf("%s%s %s\n指标：%s\n%s数值：%s\n原文：%s\n字节：%d—%d", kind, est, year, f.Indicator, action, f.NumbersZH(), f.Quote, f.Start, f.End)
	return v
}

// highlightClean cuts a source's cleaned text into runs, marking the runs
// that facts' evidence (raw byte spans) covers.
func highlightClean(src report.Source, facts []report.Fact) []segment {
	t, err := clean.DecodeOffsets(src.Clean, src.Offsets)
	if err != nil {
		return []segment{{Text: src.Clean}}
	}
	sort.Slice(facts, func(i, j int) bool { return facts[i].Start < facts[j].Start })
	var out []segment
	text := src.Clean
	pos, fi := 0, 0
	for pos < len(text) {
		for fi < len(facts) && facts[fi].End <= rawStartAt(t, pos) {
			fi++
		}
		if fi < len(facts) {
			f := facts[fi]
			a, b := cleanSpan(t, f.Start, f.End, pos)
			if a >= pos && b > a {
				out = append(out, segment{Text: text[pos:a]}, segment{Text: text[a:b], Fact: viewOf(f)})
				pos = b
				fi++
				continue
			}
			fi++
			continue
		}
		out = append(out, segment{Text: text[pos:]})
		break
	}
	return out
}

func rawStartAt(t clean.Text, i int) int {
	a, _ := t.RawSpan(i, i+1)
	return a
}

// cleanSpan finds the cleaned bytes whose raw spans lie in [rs, re),
// searching from byte from.
func cleanSpan(t clean.Text, rs, re, from int) (int, int) {
	a, b := -1, -1
	s := t.String()
	for i := from; i < len(s); {
		n := 1
		for i+n < len(s) && s[i+n]&0xC0 == 0x80 {
			n++
		}
		x, y := t.RawSpan(i, i+n)
		if x >= re {
			break
		}
		if x >= rs && y <= re && s[i] != '\n' {
			if a < 0 {
				a = i
			}
			b = i + n
		}
		i += n
	}
	return a, b
}

// highlightRaw cuts the original bytes at the facts' spans, decoding each
// piece in the source's encoding.
func highlightRaw(src report.Source, facts []report.Fact) []segment {
	raw := src.Evidence()
	enc := src.Encoding
	if src.Layer != nil {
		enc = "utf-8"
	}
	sort.Slice(facts, func(i, j int) bool { return facts[i].Start < facts[j].Start })
	var out []segment
	pos := 0
	for _, f := range facts {
		if f.Start < pos || f.End > len(raw) {
			continue
		}
		out = append(out, segment{Text: clean.DecodeAs(raw[pos:f.Start], enc)}, segment{Text: clean.DecodeAs(raw[f.Start:f.End], enc), Fact: viewOf(f)})
		pos = f.End
	}
	return append(out, segment{Text: clean.DecodeAs(raw[pos:], enc)})
}

func (s *Server) pageReport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.st.Report(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	facts, err := s.st.Facts(r.Context(), report.FactFilter{ReportID: id})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	raw := r.URL.Query().Get("view") == "raw"
	counts := map[string]int{}
	bySource := map[int64][]report.Fact{}
	for _, f := range facts {
		counts[string(f.Kind)]++
		bySource[f.SourceID] = append(bySource[f.SourceID], f)
	}
	type textView struct {
		Name     string
		Segments []segment
	}
	var texts []textView
	var outline []string
	for _, src := range rep.Sources {
		fs := bySource[src.ID]
		if len(fs) == 0 && len(texts) > 0 {
			continue // another copy of the report: its text repeats the first
		}
		v := textView{Name: src.Path}
		if raw {
			v.Segments = highlightRaw(src, fs)
		} else {
			v.Segments = highlightClean(src, fs)
			// A search hit: ?source=ID&hit=START-END (cleaned-text bytes).
			if sid, _ := strconv.ParseInt(r.URL.Query().Get("source"), 10, 64); sid == src.ID {
				a, b, ok := strings.Cut(r.URL.Query().Get("hit"), "-")
				from, err1 := strconv.Atoi(a)
				to, err2 := strconv.Atoi(b)
				if ok && err1 == nil && err2 == nil && 0 <= from && from < to && to <= len(src.Clean) {
					v.Segments = markHit(v.Segments, from, to)
				}
			}
		}
		texts = append(texts, v)
		for _, sec := range src.Sections {
			outline = append(outline, report.SectionNames[sec.Kind]+"："+sec.Title)
		}
	}
	s.render(w, r, "report", map[string]any{"PageTitle": rep.Identity.Heading(), "Report": rep, "Facts": facts, "Counts": counts, "Texts": texts, "Outline": outline, "Raw": raw})
}

// mainIndicators are charted on a region's page.
var mainIndicators = []string{"gdp", "general_budget_revenue", "fixed_asset_investment", "retail_sales", "urban_income", "rural_income"}

func (s *Server) pageRegion(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	name := code
	if d, ok := identify.ByCode(code, 0); ok {
		name = d.FullName()
	}
	if code == identify.NationalCode {
		name = "全国"
	}
	rs, err := s.st.Reports(r.Context(), report.ReportFilter{Region: code})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Identity.Year < rs[j].Identity.Year })
	from, to, err := yearSpan(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	checks, err := s.checksOf(r.Context(), code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var charts []template.HTML
	higher := extract.Directions()
	lo, hi := 0, 0 // the years the charts could show, for the zoom
	for _, id := range mainIndicators {
		var these []track.Check
		for _, c := range checks {
			if c.Target.Canonical == nil || *c.Target.Canonical != id || c.Target.Year == nil || len(c.Target.SpanYears) > 0 || c.Compared != "growth" {
				continue
			}
			these = append(these, c)
			if y := *c.Target.Year; lo == 0 || y < lo {
				lo = y
			}
			hi = max(hi, *c.Target.Year)
		}
		if len(these) < 2 {
			continue
		}
		charts = append(charts, targetChart(indicatorName(id)+"增速：目标与实际", these, higher[id], from, to))
	}
	// What researchers check by hand: levels against stated growth, figures
	// stated twice differently, and the attention the reports give.
	an, err := s.analysesOf(r.Context(), code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var attention template.HTML
	if len(rs) > 1 {
		byList := map[string]map[int]float64{}
		var order []string
		for _, a := range an.attentions {
			if byList[a.List] == nil {
				byList[a.List] = map[int]float64{}
				order = append(order, a.List)
			}
			byList[a.List][a.Year] = a.Per10k
		}
		var ss []series
		for _, l := range order {
			ss = append(ss, series{l, byList[l]})
		}
		attention = lineFigure("关注度：词表用词每万字次数", "", ss, from, to)
	}
	s.render(w, r, "region", map[string]any{"Code": code, "Name": name, "Reports": rs, "Checks": checks, "Charts": charts,
		"Flags": an.flags, "Revisions": an.revisions, "Attention": attention, "Zoom": zoomLinks(r, lo, hi, from, to)})
}

func (s *Server) pageCompare(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, to, err := yearSpan(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	indicator, kind := q.Get("indicator"), q.Get("kind")
	if indicator == "" {
		indicator = "gdp"
	}
	if kind != "target" {
		kind = "achieved"
	}
	data := map[string]any{"Regions": q.Get("regions"), "Indicator": indicator, "Kind": kind, "From": from, "To": to, "Indicators": extract.Indicators()}
	var regions []string
	for _, x := range strings.FieldsFunc(q.Get("regions"), func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' }) {
		regions = append(regions, x)
	}
	if len(regions) > 12 {
		s.fail(w, r, report.Errorf(report.Invalid, "一次最多比较 12 个地区"))
		return
	}
	if len(regions) > 0 {
		var ss []series
		years := map[int]bool{}
		labels := map[string]map[int]string{} // region → year → the figure as written: 4.5–5%, ≥6%
		latest := map[string]report.Fact{}
		higher := extract.Directions()[indicator]
		for _, region := range regions {
			facts, err := s.st.Facts(r.Context(), report.FactFilter{Region: region, Kind: report.FactKind(kind), Indicator: indicator})
			if err != nil {
				s.fail(w, r, err)
				return
			}
			pts := map[int]float64{}
			labels[region] = map[int]string{}
			for _, f := range facts {
				// Annual figures only: a span's 年均 rate is not a year's.
				if f.Year == nil || len(f.SpanYears) > 0 || (from != 0 && *f.Year < from) || (to != 0 && *f.Year > to) {
					continue
				}
				if _, dup := pts[*f.Year]; dup {
					continue
				}
				v, label, ok := growthOf(f, higher)
				if !ok {
					continue
				}
				pts[*f.Year], labels[region][*f.Year] = v, label
				years[*f.Year] = true
				if l, ok := latest[region]; !ok || *l.Year < *f.Year {
					latest[region] = f
				}
			}
			ss = append(ss, series{region, pts})
		}
		var ys []int
		for y := range years {
			ys = append(ys, y)
		}
		sort.Ints(ys)
		// A single year is a ranking, not a line: bars, highest first.
		if len(ys) > 1 {
			data["Chart"] = lineFigure(indicatorName(indicator)+"增速（"+map[string]string{"target": "目标", "achieved": "实际"}[kind]+"）", "%", ss, from, to)
		}
		if len(ys) > 0 {
			data["Ranked"] = s.rankedLatest(r.Context(), indicator, kind, regions, latest, higher)
		}
		var rows [][]string
		for _, y := range ys {
			row := []string{strconv.Itoa(y)}
			for _, region := range regions {
				if l, ok := labels[region][y]; ok {
					row = append(row, l)
				} else {
					row = append(row, "-")
				}
			}
			rows = append(rows, row)
		}
		data["Rows"], data["Names"] = rows, regions
		// The regions' attention to the environment, and their consistency
		// flags, beside the indicator.
		var as []series
		var flags []analysis.Inconsistency
		env := analysis.WordLists()[0].Name
		for _, region := range regions {
			an, err := s.analysesOf(r.Context(), region)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			pts := map[int]float64{}
			for _, a := range an.attentions {
				if a.List == env {
					pts[a.Year] = a.Per10k
				}
			}
			as = append(as, series{region, pts})
			flags = append(flags, an.flags...)
		}
		data["Attention"] = lineFigure("关注度："+env+"词每万字次数", "", as, from, to)
		data["Flags"] = flags
	}
	if len(regions) == 0 {
		// A first visit: the latest year's GDP targets of all regions that
		// have one, ranked, and an example of a comparison to start from.
		c, err := s.cascadeFor(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data["Default"], data["DefaultChart"] = c, cascadeChart(c)
	}
	s.render(w, r, "compare", data)
}

func (s *Server) pageTasks(w http.ResponseWriter, r *http.Request) {
	b, rows, err := s.boardFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year, _ := intParam(r, "year", 0, 0, 3000)
	p, err := intParam(r, "page", 1, 1, 1_000_000)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	classes := map[string]int{}
	now := s.opt.Now()
	for _, i := range rows {
		classes[b.Schedule(i, now).Class]++
	}
	overdue := classes[track.Late] // a task is late on the calendar when it is overdue, and only then
	const per = 100
	from := min((p-1)*per, len(rows))
	to := min(from+per, len(rows))
	ts, err := s.boardTasks(r, b, rows[from:to])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	next := url.Values{}
	for k, v := range q {
		next[k] = v
	}
	next.Set("page", strconv.Itoa(p+1))
	prev := url.Values{}
	for k, v := range q {
		prev[k] = v
	}
	prev.Set("page", strconv.Itoa(p-1))
	s.render(w, r, "tasks", map[string]any{"Tasks": ts, "Total": len(rows), "From": from + 1, "To": to, "Overdue": overdue, "Classes": classes,
		"Region": q.Get("region"), "Year": year, "Unit": q.Get("unit"), "Status": q.Get("status"), "Schedule": q.Get("schedule"),
		"Statuses":  []string{track.NotStarted, track.InProgress, track.Done, track.Overdue, track.Dropped},
		"Schedules": []string{track.Ahead, track.OnPace, track.Behind, track.Finished, track.Late},
		"NextURL":   template.URL("/tasks?" + next.Encode()), "PrevURL": template.URL("/tasks?" + prev.Encode()), "HasNext": to < len(rows), "HasPrev": p > 1})
}

func (s *Server) pageTask(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := track.LoadTask(r.Context(), s.st, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := userOf(r)
	if !participate.Staff(u) {
		*t = track.Public(*t)
	}
	qs, err := s.questions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	qs = slices.DeleteFunc(qs, func(q participate.Question) bool { return q.Subject != "task" || q.SubjectID != id || !q.Visible(u) })
	following := false
	if u != nil {
		ids, err := s.st.Follows(r.Context(), u.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		following = slices.Contains(ids, id)
	}
	s.render(w, r, "task", map[string]any{"Task": t, "Questions": qs, "Following": following, "Staff": participate.Staff(u), "Writer": canWrite(u) == nil, "Status": track.Current(t.State, s.opt.Now()), "Schedule": track.ScheduleOf(*t, s.opt.Now()),
		"Statuses": []string{track.NotStarted, track.InProgress, track.Done, track.Dropped},
		"Verdicts": []string{track.Met, track.Exceeded, track.Missed, track.NoResult, track.NotComparable, track.Unverifiable}, "MissReasons": track.MissReasons()})
}

func (s *Server) formTask(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Refused before the body is read: an anonymous upload costs nothing.
	if err := canWrite(userOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUpload)
	if err := r.ParseMultipartForm(1 << 20); err != nil && err != http.ErrNotMultipart {
		s.fail(w, r, report.Errorf(report.Invalid, "表单无法读取：%v", err))
		return
	}
	if err := checkCSRF(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostFormValue
	u := track.Update{Status: f("status"), Reason: f("reason"), LeadUnit: f("lead_unit"), CoUnits: f("co_units"), Deadline: f("deadline"),
		Milestone: f("milestone"), Progress: f("progress"), Evidence: f("evidence"), Verdict: f("verdict"), Request: f("request"), MissReason: f("miss_reason"), Rating: f("rating"),
		Internal: f("internal") != ""}
	// The account's right to this change is checked before its file is
	// kept: a refused write stores nothing.
	t, err := track.LoadTask(r.Context(), s.st, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := track.Permit(userOf(r), t, u); err != nil {
		s.fail(w, r, err)
		return
	}
	sha, err := s.evidenceFile(r, "evidence_file")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u.EvidenceFile = sha
	if _, err := s.updateTask(r, id, u); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/tasks/%d", id), http.StatusSeeOther)
}

func (s *Server) pageUnits(w http.ResponseWriter, r *http.Request) {
	t, err := s.unitTable(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year, _ := intParam(r, "year", 0, 0, 3000)
	s.render(w, r, "units", map[string]any{"Units": t.Units, "Performance": t.Performance, "Region": r.URL.Query().Get("region"), "Year": year})
}

// unitTable is the 晾晒 and 绩效考核 of the tasks a request selects.
func (s *Server) unitTable(r *http.Request) (unitTableJSON, error) {
	b, rows, err := s.boardFor(r)
	if err != nil {
		return unitTableJSON{}, err
	}
	weights := s.opt.Weights
	if weights == nil {
		d := track.DefaultWeights()
		weights = &d
	}
	now := s.opt.Now()
	return unitTableJSON{b.Units(rows, now), b.Performances(rows, now, *weights), *weights}, nil
}

// apiUnits answers the unit table as JSON.
func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) {
	t, err := s.unitTable(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

func (s *Server) pageLogin(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "login", map[string]any{"Next": localPath(r.URL.Query().Get("next"))})
}

// localPath keeps a path on this site ("/tasks/3"), for the page to go
// back to after signing in; anything else is "/".
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

func (s *Server) formLogin(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.fail(w, r, report.Errorf(report.Forbidden, "登录表单须从本站提交"))
		return
	}
	addr := s.clientAddr(r)
	now := s.opt.Now()
	if ok, wait := s.limits.login.take(addr, now); !ok {
		s.fail(w, r, &tooMany{"登录尝试", wait})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, report.Errorf(report.Invalid, "表单无法读取"))
		return
	}
	name, pw := r.PostForm.Get("name"), r.PostForm.Get("password")
	if wait := s.limits.lockout.wait(name, now); wait > 0 {
		s.log.Warn("sign in refused: locked", "user", name, "addr", addr)
		s.fail(w, r, &tooMany{"该账号登录失败次数过多，登录", wait})
		return
	}
	u, err := s.st.UserByName(r.Context(), name)
	hash := unknownUserHash()
	if err == nil {
		hash = u.Password
	}
	// An unknown name costs the same hash as a known one, so that the
	// answer's time does not tell which names exist.
	if !CheckPassword(hash, pw) || err != nil {
		s.limits.lockout.failed(name, now)
		s.log.Warn("sign in failed", "user", name, "addr", addr)
		w.WriteHeader(http.StatusUnauthorized)
		s.render(w, r, "login", map[string]any{"Error": "用户名或密码不对。", "Next": localPath(r.PostForm.Get("next"))})
		return
	}
	s.limits.lockout.succeeded(name)
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("sign in", "user", u.Name)
	http.Redirect(w, r, localPath(r.PostForm.Get("next")), http.StatusSeeOther)
}

func (s *Server) formLogout(w http.ResponseWriter, r *http.Request) {
	if err := checkCSRF(r); err != nil {
		s.fail(w, r, err)
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.st.DeleteSession(r.Context(), HashToken(c.Value))
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1, Expires: time.Unix(0, 0)})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
