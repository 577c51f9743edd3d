package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/report"
)

// TestResearchPages: the cascade and the panel through the API and their
// pages, with their codebook; bad parameters are 400 with a reason.
func TestResearchPages(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	for _, s := range []string{"001", "002", "003"} {
		f.upload(t, admin, seedPath(t, s))
	}
	code, body := f.do(t, "GET", "/api/v1/cascade?indicator=gdp&year=2020", "", nil, "")
	var c struct {
		Year  int `json:"year"`
		Steps []struct {
			RegionCode string   `json:"region_code"`
			Point      *float64 `json:"point"`
		} `json:"steps"`
	}
	if code != 200 || json.Unmarshal(body, &c) != nil || c.Year != 2020 || len(c.Steps) == 0 || c.Steps[0].Point == nil {
		t.Errorf("cascade API: %d %s", code, body)
	}
	if code, body := f.do(t, "GET", "/cascade?indicator=gdp&year=2020", "", nil, ""); code != 200 || !strings.Contains(string(body), "<svg") || !strings.Contains(string(body), "加码") {
		t.Errorf("cascade page: %d %.300s", code, body)
	}
	if code, body := f.do(t, "GET", "/api/v1/cascade?indicator=gdp&year=2020&format=csv", "", nil, ""); code != 200 || !strings.Contains(string(body), "加码") || !strings.Contains(string(body), "320902") {
		t.Errorf("cascade CSV: %d %.200s", code, body)
	}
	if code, body := f.do(t, "GET", "/compare?regions=320902,320500&indicator=gdp", "", nil, ""); code != 200 || !strings.Contains(string(body), "关注度") {
		t.Errorf("compare page: %d", code)
	}
	if code, body := f.do(t, "GET", "/compare", "", nil, ""); code != 200 || !strings.Contains(string(body), "层层分解") || !strings.Contains(string(body), "<svg") {
		t.Errorf("the compare page's first view: %d", code)
	}
	if code, body := f.do(t, "GET", "/regions/320902", "", nil, ""); code != 200 || !strings.Contains(string(body), "总量与增速一致性") {
		t.Errorf("region page: %d", code)
	}
	if code, _ := f.do(t, "GET", "/api/v1/cascade?indicator=GDP%27--", "", nil, ""); code != http.StatusBadRequest {
		t.Errorf("a bad indicator: %d", code)
	}

	code, body = f.do(t, "GET", "/api/v1/exports/panel?format=jsonl", "", nil, "")
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	var row map[string]any
	if code != 200 || len(lines) == 0 || json.Unmarshal([]byte(lines[0]), &row) != nil || row["target_sha256"] == "" || row["region_code"] == nil {
		t.Errorf("panel jsonl: %d %.300s", code, body)
	}
	code, body = f.do(t, "GET", "/api/v1/exports/panel?format=parquet&codebook=json", "", nil, "")
	var cb struct {
		Columns []struct{ Name string } `json:"columns"`
		Counts  struct{ Rows int }      `json:"counts"`
	}
	if code != 200 || json.Unmarshal(body, &cb) != nil || cb.Counts.Rows != len(lines) || len(cb.Columns) < 40 {
		t.Errorf("codebook: %d %.300s", code, body)
	}
	if code, body := f.do(t, "GET", "/api/v1/exports/panel?format=parquet", "", nil, ""); code != 200 || !strings.HasPrefix(string(body), "PAR1") {
		t.Errorf("parquet: %d %.20q", code, body)
	}
	if code, body := f.do(t, "GET", "/export", "", nil, ""); code != 200 || !strings.Contains(string(body), "target_sha256") {
		t.Errorf("export page: %d", code)
	}
	// A fresh server: the exports above spent this address's allowance.
	f = newFixture(t, Options{})
	for _, bad := range []string{"format=sav", "layout=tall", "years=2020-2010"} {
		if code, _ := f.do(t, "GET", "/api/v1/exports/panel?"+bad, "", nil, ""); code != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, code)
		}
	}
}

// TestReviewAPIAndPage: the queue page lists doubtful facts; a correction
// through the API is kept with its account and shows in the panel export.
func TestReviewAPIAndPage(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	f.upload(t, admin, seedPath(t, "001"))
	f.upload(t, admin, seedPath(t, "002"))
	if rs, _ := f.st.Reports(ctx, report.ReportFilter{}); len(rs) != 2 || rs[0].Sources[0].Uploader != "admin" {
		t.Errorf("an upload does not record its account: %+v", rs)
	}
	if code, body := f.do(t, "GET", "/review", "", nil, ""); code != 200 || !strings.Contains(string(body), "疑点") {
		t.Errorf("review page: %d", code)
	}
	code, body := f.do(t, "GET", "/api/v1/exports/panel?format=jsonl", "", nil, "")
	var row struct {
		TargetFactID int64 `json:"target_fact_id"`
	}
	if code != 200 || json.Unmarshal([]byte(strings.SplitN(string(body), "\n", 2)[0]), &row) != nil || row.TargetFactID == 0 {
		t.Fatalf("panel: %d %.200s", code, body)
	}
	path := "/api/v1/facts/" + itoa(int(row.TargetFactID)) + "/review"
	if code, body := f.do(t, "POST", path, f.token(t, "edu"), strings.NewReader(`{"action":"correct","set":{"growth_pct":"9.9"},"note":"原文为9.9%"}`), "application/json"); code != 200 || !strings.Contains(string(body), `"by":"edu"`) {
		t.Fatalf("correct: %d %s", code, body)
	}
	for _, bad := range []string{`{"action":"approve"}`, `{"action":"confirm","set":{"value":"1"}}`, `{"action":"correct","set":{"colour":"red"}}`, `{`} {
		if code, _ := f.do(t, "POST", path, admin, strings.NewReader(bad), "application/json"); code != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, code)
		}
	}
	_, body = f.do(t, "GET", "/api/v1/exports/panel?format=jsonl", "", nil, "")
	var first map[string]any
	json.Unmarshal([]byte(strings.SplitN(string(body), "\n", 2)[0]), &first)
	if first["target_review"] != "correct" || first["target_growth_pct"] != 9.9 {
		t.Errorf("the panel after the correction: %v %v", first["target_review"], first["target_growth_pct"])
	}
}

// TestAnalysesFollowTheStore: a region's analyses are kept between
// writes and computed again after one.
func TestAnalysesFollowTheStore(t *testing.T) {
	f := newFixture(t, Options{})
	admin := f.token(t, "admin")
	f.upload(t, admin, "../../../shared/corpus/016_hailaer_district_2016.txt")
	a1, err := f.s.analysesOf(ctx, "150702")
	if err != nil || len(a1.attentions) == 0 {
		t.Fatalf("%v %d", err, len(a1.attentions))
	}
	if a2, _ := f.s.analysesOf(ctx, "150702"); &a2.attentions[0] != &a1.attentions[0] {
		t.Error("the analyses were computed again with nothing written")
	}
	f.upload(t, admin, "../../../shared/corpus/019_hailaer_district_2019.txt")
	if a3, _ := f.s.analysesOf(ctx, "150702"); len(a3.attentions) <= len(a1.attentions) {
		t.Errorf("after a new report: %d attention rows, %d before", len(a3.attentions), len(a1.attentions))
	}
}

// TestCacheBounds: the version-keyed cache keeps at most its weight,
// lets one entry go when full rather than all, serves but does not keep
// what is larger than itself, and starts afresh when the store moves,
// offering a loader the entry it had before.
func TestCacheBounds(t *testing.T) {
	f := newFixture(t, Options{})
	c := versioned[int, []int]{max: 10, weight: func(v []int) int { return len(v) }}
	loads := 0
	get := func(k, n int) {
		t.Helper()
		if _, err := c.get(ctx, f.st, k, func() ([]int, error) { loads++; return make([]int, n), nil }); err != nil {
			t.Fatal(err)
		}
	}
	get(1, 4)
	get(2, 4)
	get(1, 4)
	if loads != 2 || c.total != 8 {
		t.Fatalf("loads %d, total %d", loads, c.total)
	}
	get(3, 4) // over the bound: one of the two goes, not both
	if len(c.entries) != 2 || c.total != 8 {
		t.Errorf("after a third: %d entries, total %d", len(c.entries), c.total)
	}
	get(4, 11) // larger than the whole cache
	if _, kept := c.entries[4]; kept || c.total > c.max {
		t.Errorf("an entry larger than the cache was kept (total %d)", c.total)
	}
	if code, msg := f.upload(t, f.token(t, "admin"), "../../examples/reports/qinghe_2024.txt"); code != 200 {
		t.Fatalf("upload: %d %s", code, msg)
	}
	loads = 0
	var offered []int
	if _, err := c.getReusing(ctx, f.st, 3, func(prev []int, ok bool) ([]int, error) {
		loads++
		offered = prev
		return make([]int, 4), nil
	}); err != nil {
		t.Fatal(err)
	}
	if loads != 1 || len(c.entries) != 1 || len(offered) != 4 {
		t.Errorf("after the store moved: loads %d, %d entries, offered %v", loads, len(c.entries), offered)
	}
	if c.total > c.max {
		t.Errorf("the two generations hold %d, more than %d", c.total, c.max)
	}
}

// TestFrontPageCounts: the library opens on what the record holds, and
// the counts follow the store.
func TestFrontPageCounts(t *testing.T) {
	f := newFixture(t, Options{})
	if _, page := f.do(t, "GET", "/", "", nil, ""); strings.Contains(string(page), `id="counts"`) {
		t.Error("counts on an empty record")
	}
	admin := f.token(t, "admin")
	for _, name := range []string{"qinghe_2023.txt", "qinghe_2024.txt"} {
		if code, msg := f.upload(t, admin, "../../examples/reports/"+name); code != 200 {
			t.Fatalf("upload: %d %s", code, msg)
		}
	}
	_, page := f.do(t, "GET", "/", "", nil, "")
	c, _ := f.st.Counts(ctx)
	want := fmt.Sprintf("已收录报告 <strong>2</strong> 份（文件 %d 个）", c.Sources)
	if !strings.Contains(string(page), want) || !strings.Contains(string(page), fmt.Sprintf("%d 条承诺", c.Commitments)) || c.Commitments == 0 {
		t.Errorf("front page lacks %q:\n%s", want, page)
	}
	for n, want := range map[int]string{7: "7", 12345: "12,345", 99999: "99,999", 1105044: "110.5万"} {
		if got := countZH(n); got != want {
			t.Errorf("countZH(%d) = %s, want %s", n, got, want)
		}
	}
}
