package serve

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

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

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	sq, parsed, err := searchRequest(r, 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.st.Search(r.Context(), sq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type hitJSON struct {
		report.SearchHit
		Snippet    string   `json:"snippet"`
		Highlights [][2]int `json:"highlights"`
	}
	out := struct {
		Total    int            `json:"total"`
		Capped   bool           `json:"capped"`
		ByYear   map[int]int    `json:"by_year"`
		ByRegion map[string]int `json:"by_region"`
		Hits     []hitJSON      `json:"hits"`
	}{res.Total, res.Capped, res.ByYear, res.ByRegion, []hitJSON{}}
	for _, h := range res.Hits {
		snip, hl := search.Snippet(h.Text, search.Highlight(h.Text, parsed.Terms), 160)
		out.Hits = append(out.Hits, hitJSON{h, snip, hl})
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
	sq, parsed, err := searchRequest(r, 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.st.Search(r.Context(), sq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var hits []hitView
	for _, h := range res.Hits {
		snip, hl := search.Snippet(h.Text, search.Highlight(h.Text, parsed.Terms), 120)
		var segs []segment
		last := 0
		for _, sp := range hl {
			segs = append(segs, segment{Text: snip[last:sp[0]]}, segment{Text: snip[sp[0]:sp[1]], Hit: true})
			last = sp[1]
		}
		segs = append(segs, segment{Text: snip[last:]})
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
	data["Chart"] = barChart("“"+strings.Trim(q.Get("q"), `"“” `)+"”逐年出现次数", res.ByYear)
	s.render(w, r, "search", data)
}
