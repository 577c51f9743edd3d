package serve

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/baogao/baogao/internal/chart"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/search"
)

// hitView is a search hit as the results page shows it.
type hitView struct {
	report.SearchHit
	Snippet []segment // the passage around the hit, the terms marked
	Link    string    // the report at the passage
}

// searchRequest reads the query and filters of a search request.
func searchRequest(r *http.Request, defLimit int) (report.SearchQuery, search.Parsed, error) {
	q := r.URL.Query()
	limit, err := intParam(r, "limit", defLimit, 1, 200)
	if err != nil {
		return report.SearchQuery{}, search.Parsed{}, err
	}
	offset, err := intParam(r, "offset", 0, 0, 100_000)
	if err != nil {
		return report.SearchQuery{}, search.Parsed{}, err
	}
	if len(q.Get("q")) > 400 {
		return report.SearchQuery{}, search.Parsed{}, report.Errorf(report.Invalid, "检索式过长（最多400字节）")
	}
	sq, parsed, err := search.Request(q.Get("q"), q.Get("region"), q.Get("level"), q.Get("year"), q.Get("section"), q.Get("kind"), limit)
	sq.Offset = offset
	return sq, parsed, err
}

// doSearch reads a search request and runs it.
func (s *Server) doSearch(r *http.Request) (report.SearchQuery, search.Parsed, *report.SearchResult, error) {
	sq, parsed, err := searchRequest(r, 20)
	if err != nil {
		return sq, parsed, nil, err
	}
	res, err := s.st.Search(r.Context(), sq)
	return sq, parsed, res, err
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	_, parsed, res, err := s.doSearch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := searchResponse{res.Total, res.Capped, res.ByYear, res.ByRegion, []search.Hit{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, search.Present(h, parsed.Terms, 160))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	data := map[string]any{"Q": q.Get("q"), "Region": q.Get("region"), "Year": q.Get("year")}
	if q.Get("q") == "" {
		s.render(w, r, "search", data)
		return
	}
	sq, parsed, res, err := s.doSearch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var hits []hitView
	for _, h := range res.Hits {
		p := search.Present(h, parsed.Terms, 120)
		var segs []segment
		last := 0
		for _, sp := range p.Highlights {
			segs = append(segs, segment{Text: p.Snippet[last:sp[0]]}, segment{Text: p.Snippet[sp[0]:sp[1]], Hit: true})
			last = sp[1]
		}
		segs = append(segs, segment{Text: p.Snippet[last:]})
		link := "/reports/" + strconv.FormatInt(h.ReportID, 10) + "?" + url.Values{"source": {strconv.FormatInt(h.SourceID, 10)}, "hit": {strconv.Itoa(h.Start) + "-" + strconv.Itoa(h.End)}}.Encode() + "#hit"
		hits = append(hits, hitView{SearchHit: h, Snippet: segs, Link: link})
	}
	type count struct {
		Name string
		N    int
	}
	var regions []count
	for name, n := range res.ByRegion {
		regions = append(regions, count{name, n})
	}
	sort.Slice(regions, func(i, j int) bool {
		return regions[i].N > regions[j].N || regions[i].N == regions[j].N && regions[i].Name < regions[j].Name
	})
	if len(regions) > 15 {
		regions = regions[:15]
	}
	next := ""
	if sq.Offset+len(hits) < res.Total {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("offset", strconv.Itoa(sq.Offset+len(hits)))
		next = "/search?" + v.Encode()
	}
	data["Hits"], data["Total"], data["Capped"], data["Regions"], data["Next"], data["From"] = hits, res.Total, res.Capped, regions, next, sq.Offset+1
	title := "“" + strings.Trim(q.Get("q"), `"“” `) + "”逐年出现次数"
	rows := [][]string{{"年份", "出现次数"}}
	for y := range res.ByYear {
		rows = append(rows, []string{strconv.Itoa(y), strconv.Itoa(res.ByYear[y])})
	}
	sort.Slice(rows[1:], func(i, j int) bool { return rows[1+i][0] < rows[1+j][0] })
	data["Chart"] = figure(chart.YearBars(title, res.ByYear), chart.YearBarsPhone(title, res.ByYear), title, rows)
	s.render(w, r, "search", data)
}
