// Package panel builds the research dataset papers hand-code today: one
// row per region × year × target, with the result the next report states
// for that year, the verdict and the gap, the division codes, and the
// quotes and byte offsets of both facts in files named by their SHA-256.
package panel

import (
	"bufio"
	"context"
	_ "embed"
	"sort"
	"strings"

	"github.com/baogao/baogao/internal/extract"
	"github.com/baogao/baogao/internal/identify"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// Row is one target and its outcome. The tags name the column (json and
// parquet alike), its unit and what it holds; the codebook is read from
// them, so that a column cannot go undocumented.
type Row struct {
	Region        string `json:"region" parquet:"region" doc:"地区全称，如报告所写并经行政区划核对 (region as identified)"`
	RegionCode    string `json:"region_code" parquet:"region_code" doc:"报告年份时有效的行政区划代码 (division code valid in the report's year)"`
	RegionCodeNow string `json:"region_code_now" parquet:"region_code_now" doc:"该区划今天所用的代码：沿撤并后的新代码追到现在 (today's successor code)"`
	Level         string `json:"level" parquet:"level" doc:"national, province, city, district, county"`
	ParentRegion  string `json:"parent_region" parquet:"parent_region" doc:"上一级区划名称 (the division one level up)"`
	ParentCode    string `json:"parent_code" parquet:"parent_code" doc:"上一级区划代码"`
	Year          int    `json:"year" parquet:"year" unit:"年" doc:"目标所针对的年份（报告的计划年） (the year the target is for)"`

	Indicator string `json:"indicator" parquet:"indicator" doc:"指标，如原文所写 (indicator as written)"`
	Canonical string `json:"canonical" parquet:"canonical" doc:"规范指标编号，如 gdp；无则为空 (lexicon id, empty if none)"`

	TargetValue    *float64 `json:"target_value" parquet:"target_value,optional" unit:"target_unit" doc:"目标数值，按原文单位未换算 (value as written)"`
	TargetUnit     string   `json:"target_unit" parquet:"target_unit" doc:"目标数值的单位，如 亿元、%"`
	TargetGrowth   *float64 `json:"target_growth_pct" parquet:"target_growth_pct,optional" unit:"%" doc:"目标增长率 (growth target in percent)"`
	TargetChangePP *float64 `json:"target_change_pp" parquet:"target_change_pp,optional" unit:"百分点" doc:"目标变化，百分点"`
	TargetLow      *float64 `json:"target_low" parquet:"target_low,optional" doc:"区间目标下限（增长区间为 %，否则为 target_unit）"`
	TargetHigh     *float64 `json:"target_high" parquet:"target_high,optional" doc:"区间目标上限"`
	Qualifier      string   `json:"qualifier" parquet:"qualifier" doc:"限定词：左右、以上、以内、以下、力争、突破、不低于，或空"`
	Wording        string   `json:"wording" parquet:"wording" doc:"hard（确保、不低于、以上、以内、以下、突破）或 soft（力争、争取、左右、预期），见 data/wording.tsv；都没有为空"`
	Goal           string   `json:"goal" parquet:"goal" doc:"目标读作区间，如 ≥6、6–6.5、≈3±0.5"`
	TargetQuote    string   `json:"target_quote" parquet:"target_quote" doc:"原文中陈述目标的最短片段 (verbatim quote)"`
	TargetFile     string   `json:"target_file" parquet:"target_file" doc:"目标所在文件名"`
	TargetSHA256   string   `json:"target_sha256" parquet:"target_sha256" doc:"目标所在文件原始字节的 SHA-256"`
	TargetStart    int      `json:"target_start" parquet:"target_start" unit:"字节" doc:"引文在原始文件中的起始字节"`
	TargetEnd      int      `json:"target_end" parquet:"target_end" unit:"字节" doc:"引文在原始文件中的结束字节（不含）"`
	TargetFactID   int64    `json:"target_fact_id" parquet:"target_fact_id" doc:"目标事实编号"`
	TargetReportID int64    `json:"target_report_id" parquet:"target_report_id" doc:"目标所在报告编号"`

	ResultValue     *float64 `json:"result_value" parquet:"result_value,optional" unit:"result_unit" doc:"下一年报告所述实绩数值"`
	ResultUnit      string   `json:"result_unit" parquet:"result_unit" doc:"实绩数值单位"`
	ResultGrowth    *float64 `json:"result_growth_pct" parquet:"result_growth_pct,optional" unit:"%" doc:"实绩增长率"`
	ResultChangePP  *float64 `json:"result_change_pp" parquet:"result_change_pp,optional" unit:"百分点" doc:"实绩变化，百分点"`
	ResultEstimated bool     `json:"result_estimated" parquet:"result_estimated" doc:"实绩是否为预计数（原文有“预计”）"`
	ResultQuote     string   `json:"result_quote" parquet:"result_quote" doc:"原文中陈述实绩的最短片段；无实绩为空"`
	ResultFile      string   `json:"result_file" parquet:"result_file" doc:"实绩所在文件名"`
	ResultSHA256    string   `json:"result_sha256" parquet:"result_sha256" doc:"实绩所在文件原始字节的 SHA-256"`
	ResultStart     int      `json:"result_start" parquet:"result_start" unit:"字节" doc:"实绩引文起始字节（无实绩为 0）"`
	ResultEnd       int      `json:"result_end" parquet:"result_end" unit:"字节" doc:"实绩引文结束字节"`
	ResultFactID    int64    `json:"result_fact_id" parquet:"result_fact_id" doc:"实绩事实编号（无为 0）"`
	ResultReportID  int64    `json:"result_report_id" parquet:"result_report_id" doc:"实绩所在报告编号（无为 0）"`

	Compared string   `json:"compared" parquet:"compared" doc:"比较的是 growth、value 还是 share"`
	Actual   *float64 `json:"actual" parquet:"actual,optional" unit:"gap_unit" doc:"实绩，换算到目标的单位"`
	Gap      *float64 `json:"gap" parquet:"gap,optional" unit:"gap_unit" doc:"实绩减去目标最近的界"`
	GapUnit  string   `json:"gap_unit" parquet:"gap_unit" doc:"gap 的单位：个百分点或目标单位"`
	Verdict  string   `json:"verdict" parquet:"verdict" doc:"met 完成、exceeded 超额、missed 未完成、no_result 无实绩、not_comparable 不可比"`
	Why      string   `json:"why" parquet:"why" doc:"不可比或无实绩的原因"`

	TargetReview string `json:"target_review" parquet:"target_review" doc:"人工审核目标的结论：confirm 确认、correct 更正（本行已用更正后的数）；空为未审核"`
	ResultReview string `json:"result_review" parquet:"result_review" doc:"人工审核实绩的结论：confirm、correct，或 reject（已弃用该实绩）；空为未审核"`
}

// Filter narrows a panel; zero fields take everything.
type Filter struct {
	Levels           []report.Level
	Region           string // a name (substring) or a code
	YearFrom, YearTo int
	Indicator        string // a lexicon id (gdp) or a substring of the indicator
}

func (f Filter) keeps(r report.Report) bool {
	y := r.Identity.PlanFrom
	if y == 0 {
		y = r.Identity.Year
	}
	if f.YearFrom != 0 && y < f.YearFrom || f.YearTo != 0 && y > f.YearTo {
		return false
	}
	if len(f.Levels) == 0 {
		return true
	}
	for _, l := range f.Levels {
		if l == r.Identity.Level {
			return true
		}
	}
	return false
}

// Panel is the rows of a build and what they were built from.
type Panel struct {
	Rows []Row
	// Inputs are the SHA-256 of every file a row points to, sorted.
	Inputs []string
}

// Build reads the panel from the store: the targets of every report the
// filter keeps, each checked against the result stated for its year.
func Build(ctx context.Context, st report.Store, f Filter) (*Panel, error) {
	rs, err := st.Reports(ctx, report.ReportFilter{Region: f.Region})
	if err != nil {
		return nil, err
	}
	files := map[int64]report.Source{} // source id → meta
	for _, r := range rs {
		for _, s := range r.Sources {
			files[s.ID] = s
		}
	}
	higher := extract.Directions()
	reviews, err := st.Reviews(ctx, 0)
	if err != nil {
		return nil, err
	}
	latest := report.Latest(reviews)
	type key struct {
		region string
		year   int
	}
	done := map[key]bool{}
	achievedOf := map[string][]report.Fact{} // a region's results, read once for all its years
	p := &Panel{}
	inputs := map[string]bool{}
	for _, r := range rs {
		if !f.keeps(r) {
			continue
		}
		region := r.Identity.RegionCode
		if region == "" {
			region = r.Identity.Region
		}
		targets, err := st.Facts(ctx, report.FactFilter{ReportID: r.ID, Kind: report.Target})
		if err != nil {
			return nil, err
		}
		years := map[int]bool{}
		for _, t := range targets {
			if t.Year != nil {
				years[*t.Year] = true
			}
		}
		for y := range years {
			k := key{region, y}
			if done[k] || region == "" {
				continue
			}
			done[k] = true
			checks, err := checksOf(ctx, st, region, y, higher, achievedOf)
			if err != nil {
				return nil, err
			}
			for _, c := range checks {
				c, targetReview, resultReview, keep := reviewed(c, latest, higher)
				if !keep || f.Indicator != "" && !matches(c.Target, f.Indicator) {
					continue
				}
				row := newRow(r.Identity, c, files)
				row.TargetReview, row.ResultReview = targetReview, resultReview
				p.Rows = append(p.Rows, row)
				inputs[row.TargetSHA256] = true
				if row.ResultSHA256 != "" {
					inputs[row.ResultSHA256] = true
				}
			}
		}
	}
	sort.SliceStable(p.Rows, func(i, j int) bool {
		a, b := p.Rows[i], p.Rows[j]
		if a.RegionCode != b.RegionCode {
			return a.RegionCode < b.RegionCode
		}
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		return a.TargetFactID < b.TargetFactID
	})
	for h := range inputs {
		if h != "" {
			p.Inputs = append(p.Inputs, h)
		}
	}
	sort.Strings(p.Inputs)
	return p, nil
}

// checksOf is track.Checks for a region's year, with the region's
// achieved facts read once for all its years.
func checksOf(ctx context.Context, st report.Store, region string, year int, higher map[string]bool, achievedOf map[string][]report.Fact) ([]track.Check, error) {
	targets, err := st.Facts(ctx, report.FactFilter{Region: region, Kind: report.Target, Year: year})
	if err != nil {
		return nil, err
	}
	achieved, ok := achievedOf[region]
	if !ok {
		if achieved, err = st.Facts(ctx, report.FactFilter{Region: region, Kind: report.Achieved}); err != nil {
			return nil, err
		}
		achievedOf[region] = achieved
	}
	return track.Judged(targets, achieved, higher), nil
}

// reviewed applies people's reviews to a check: a rejected target leaves
// the panel, a rejected result leaves its row, a correction replaces the
// numbers, and the verdict is judged again on what people vouched for.
func reviewed(c track.Check, latest map[int64]report.Review, higher map[string]bool) (track.Check, string, string, bool) {
	t, res := c.Target, c.Result
	var tr, rr string
	changed := false
	if rv, ok := latest[t.ID]; ok {
		tr = rv.Action
		nt, keep := report.Reviewed(t, rv)
		if !keep {
			return c, tr, "", false
		}
		t, changed = nt, changed || rv.Action == report.Correct
	}
	if res != nil {
		if rv, ok := latest[res.ID]; ok {
			rr = rv.Action
			if nr, keep := report.Reviewed(*res, rv); !keep {
				res, changed = nil, true
			} else if rv.Action == report.Correct {
				res, changed = &nr, true
			}
		}
	}
	if changed {
		c = track.Judge(t, res, track.Direction(t.Canonical, higher))
	}
	return c, tr, rr, true
}

func matches(t report.Fact, ind string) bool {
	if t.Canonical != nil && *t.Canonical == ind {
		return true
	}
	return strings.Contains(t.Indicator, ind)
}

func newRow(id report.Identity, c track.Check, files map[int64]report.Source) Row {
	t := c.Target
	row := Row{
		Region: id.Region, RegionCode: id.RegionCode, Level: string(id.Level),
		Indicator: t.Indicator, Canonical: deref(t.Canonical),
		TargetValue: t.Value, TargetUnit: deref(t.Unit), TargetGrowth: t.Growth, TargetChangePP: t.ChangePP, TargetLow: t.Low, TargetHigh: t.High,
		Qualifier: t.Qualifier, Wording: Wording(t.Qualifier, t.Quote), Goal: c.Goal,
		TargetQuote: t.Quote, TargetStart: t.Start, TargetEnd: t.End, TargetFactID: t.ID, TargetReportID: t.ReportID,
		Compared: c.Compared, Actual: c.Actual, Gap: c.Gap, GapUnit: c.GapUnit, Verdict: c.Verdict, Why: c.Why,
	}
	if t.Year != nil {
		row.Year = *t.Year
	}
	if s, ok := files[t.SourceID]; ok {
		row.TargetFile, row.TargetSHA256 = baseName(s.Path), s.SHA256
	}
	if id.RegionCode != "" {
		row.RegionCodeNow = identify.CurrentCode(id.RegionCode, row.Year)
		if d, ok := identify.Parent(id.RegionCode, row.Year); ok {
			row.ParentRegion, row.ParentCode = d.FullName(), d.Code
			if d.Code == identify.NationalCode {
				row.ParentRegion = "全国"
			}
		}
	}
	if res := c.Result; res != nil {
		row.ResultValue, row.ResultUnit, row.ResultGrowth, row.ResultChangePP = res.Value, deref(res.Unit), res.Growth, res.ChangePP
		row.ResultEstimated, row.ResultQuote = res.Estimated, res.Quote
		row.ResultStart, row.ResultEnd, row.ResultFactID, row.ResultReportID = res.Start, res.End, res.ID, res.ReportID
		if s, ok := files[res.SourceID]; ok {
			row.ResultFile, row.ResultSHA256 = baseName(s.Path), s.SHA256
		}
	}
	return row
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

//go:embed data/wording.tsv
var wordingTSV string

type cue struct{ word, wording, example string }

// wordingCues are read from data/wording.tsv, hard cues first.
var wordingCues = func() []cue {
	var hard, soft []cue
	sc := bufio.NewScanner(strings.NewReader(wordingTSV))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			panic("wording.tsv: " + line)
		}
		c := cue{f[0], f[1], f[2]}
		if c.wording == "hard" {
			hard = append(hard, c)
		} else {
			soft = append(soft, c)
		}
	}
	return append(hard, soft...)
}()

// Wording classes a target as hard or soft by its qualifier and the words
// of its quote, the coding researchers do by hand; "" when neither shows.
func Wording(qualifier, quote string) string {
	for _, c := range wordingCues {
		if qualifier == c.word || strings.Contains(quote, c.word) {
			return c.wording
		}
	}
	return ""
}
