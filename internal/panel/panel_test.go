package panel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/evaluate"
	"github.com/baogao/baogao/internal/extract"
	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
	"github.com/baogao/baogao/internal/track"
)

const corpus = "../../../shared/corpus/"

// hailaerAndNational builds the panel of 海拉尔区 2012–2019 and the
// national reports 2009–2018 from the corpus.
func hailaerAndNational(t *testing.T) (*Panel, []report.Fact) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var paths []string
	for i := 1; i <= 19; i++ {
		m, _ := filepath.Glob(fmt.Sprintf("%s%03d_*.txt", corpus, i))
		paths = append(paths, m...)
	}
	if len(paths) != 19 {
		t.Fatalf("%d corpus files", len(paths))
	}
	pipeline.Run(ctx, st, paths, pipeline.Options{}, nil, func(p string, err error) { t.Errorf("%s: %v", p, err) })
	p, err := Build(ctx, st, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	gold, err := evaluate.ReadGoldFile("../../../shared/gold/corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var keep []report.Fact
	for _, g := range gold {
		if slices.ContainsFunc(paths, func(p string) bool { return filepath.Base(p) == g.File }) {
			keep = append(keep, g)
		}
	}
	return p, keep
}

func targetFact(r Row) report.Fact {
	return report.Fact{File: r.TargetFile, Kind: report.Target, Year: &r.Year, Value: r.TargetValue, Unit: ptr(r.TargetUnit), Growth: r.TargetGrowth, ChangePP: r.TargetChangePP, Low: r.TargetLow, High: r.TargetHigh}
}

func resultFact(r Row) report.Fact {
	return report.Fact{File: r.ResultFile, Kind: report.Achieved, Year: &r.Year, Value: r.ResultValue, Unit: ptr(r.ResultUnit), Growth: r.ResultGrowth, ChangePP: r.ResultChangePP}
}

func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// TestPanelAgainstGold: every gold target of the 19 reports is a row;
// each GDP target's result is the gold result a later report states for
// its year, its verdict is the one the gold pair gives, and the codes are
// those of the division.
func TestPanelAgainstGold(t *testing.T) {
	p, gold := hailaerAndNational(t)
	targets, found := 0, 0
	for _, g := range gold {
		if g.Kind != report.Target || g.Year == nil || !evaluate.Scorable(g) {
			continue
		}
		targets++
		if slices.ContainsFunc(p.Rows, func(r Row) bool { return evaluate.Matches(g, targetFact(r)) }) {
			found++
		} else {
			t.Logf("gold target not in the panel: %s %d %s %q", g.File, *g.Year, g.Indicator, g.Quote)
		}
	}
	if targets < 60 || float64(found) < 0.95*float64(targets) {
		t.Errorf("%d of %d gold targets are panel rows", found, targets)
	}
	t.Logf("%d of %d gold targets are panel rows", found, targets)

	isGDP := func(f report.Fact) bool {
		return strings.HasSuffix(f.Indicator, "生产总值") && !strings.Contains(f.Indicator, "人均")
	}
	higher := extract.Directions()
	gdpRows, withResult := 0, 0
	for _, r := range p.Rows {
		if r.Canonical != "gdp" {
			continue
		}
		gdpRows++
		switch {
		case strings.Contains(r.TargetFile, "hailaer"):
			if r.RegionCode != "150702" || r.RegionCodeNow != "150702" || r.ParentCode != "150700" || r.ParentRegion != "内蒙古自治区呼伦贝尔市" || r.Level != string(report.LevelDistrict) {
				t.Errorf("海拉尔区 codes: %s %s %s %s %s", r.RegionCode, r.RegionCodeNow, r.ParentCode, r.ParentRegion, r.Level)
			}
		case strings.Contains(r.TargetFile, "national"):
			if r.RegionCode != "100000" || r.ParentCode != "" || r.Level != string(report.LevelNational) {
				t.Errorf("national codes: %s %s %s", r.RegionCode, r.ParentCode, r.Level)
			}
		}
		// The gold result for the year, from any later report.
		var goldResult *report.Fact
		for i, g := range gold {
			if g.Kind == report.Achieved && g.Year != nil && *g.Year == r.Year && isGDP(g) && g.Growth != nil &&
				strings.Contains(g.File, strings.Split(r.TargetFile, "_")[2]) {
				goldResult = &gold[i]
				break
			}
		}
		if goldResult == nil {
			continue
		}
		withResult++
		if r.ResultFactID == 0 || !evaluate.Matches(*goldResult, resultFact(r)) {
			t.Errorf("%s %d: result %v %q, gold %v in %s %q", r.Region, r.Year, deref64(r.ResultGrowth), r.ResultQuote, *goldResult.Growth, goldResult.File, goldResult.Quote)
			continue
		}
		var goldTarget *report.Fact
		for i, g := range gold {
			if evaluate.Scorable(g) && isGDP(g) && evaluate.Matches(g, targetFact(r)) {
				goldTarget = &gold[i]
			}
		}
		if goldTarget == nil {
			t.Errorf("%s %d: the GDP target %q is not a gold target", r.Region, r.Year, r.TargetQuote)
			continue
		}
		gt, gr := *goldTarget, *goldResult
		gt.Canonical, gr.Canonical = ptr("gdp"), ptr("gdp")
		if want := track.Judge(gt, &gr, track.Direction(gt.Canonical, higher)).Verdict; r.Verdict != want {
			t.Errorf("%s %d: verdict %s, the gold pair gives %s", r.Region, r.Year, r.Verdict, want)
		}
	}
	if gdpRows < 15 || withResult < 12 {
		t.Errorf("%d GDP rows, %d with a gold result to check", gdpRows, withResult)
	}
	t.Logf("%d GDP rows, %d results and verdicts checked against the gold", gdpRows, withResult)
}

func deref64(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// TestPanelFormats writes the panel in every format and layout and reads
// each back; the Parquet file is read by hyparquet (npm), a reader written
// apart from the writer, when $BAOGAO_HYPARQUET names its node_modules.
func TestPanelFormats(t *testing.T) {
	p, _ := hailaerAndNational(t)
	dir := t.TempDir()
	for _, format := range Formats {
		for _, layout := range Layouts {
			var buf bytes.Buffer
			err := Write(&buf, p, format, layout)
			if format == "parquet" && layout == "wide" {
				if report.KindOf(err) != report.Invalid {
					t.Errorf("wide parquet: %v", err)
				}
				continue
			}
			if err != nil || buf.Len() == 0 {
				t.Fatalf("%s %s: %v (%d bytes)", format, layout, err, buf.Len())
			}
			os.WriteFile(filepath.Join(dir, layout+"."+format), buf.Bytes(), 0o644)
		}
	}
	lines := strings.Split(strings.TrimSpace(readFile(t, filepath.Join(dir, "long.jsonl"))), "\n")
	if len(lines) != len(p.Rows) {
		t.Errorf("%d JSON lines for %d rows", len(lines), len(p.Rows))
	}
	var first Row
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.TargetFactID != p.Rows[0].TargetFactID {
		t.Errorf("first JSON line %v: %+v", err, first)
	}

	modules := os.Getenv("BAOGAO_HYPARQUET")
	if modules == "" {
		t.Skip("未设置 BAOGAO_HYPARQUET（hyparquet 的 node_modules），跳过独立的 Parquet 读取；.ci/run 会安装它")
	}
	script := `import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'
const file = await asyncBufferFromFile(process.argv[2])
const rows = await parquetReadObjects({ file })
const num = v => typeof v === 'bigint' ? Number(v) : v
console.log(JSON.stringify(rows.map(r => [r.region_code, num(r.year), r.canonical, r.target_growth_pct ?? null, r.verdict, num(r.target_fact_id), r.target_sha256])))`
	js := filepath.Join(modules, "..", "read-panel.mjs")
	if err := os.WriteFile(js, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("node", js, filepath.Join(dir, "long.parquet")).CombinedOutput()
	if err != nil {
		t.Fatalf("hyparquet: %v\n%s", err, out)
	}
	var got [][]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got) != len(p.Rows) {
		t.Fatalf("hyparquet read %d rows, %d written", len(got), len(p.Rows))
	}
	for i, r := range p.Rows {
		want := []any{r.RegionCode, float64(r.Year), r.Canonical, deref64(r.TargetGrowth), r.Verdict, float64(r.TargetFactID), r.TargetSHA256}
		gotRow, _ := json.Marshal(got[i])
		wantRow, _ := json.Marshal(want)
		if !bytes.Equal(gotRow, wantRow) {
			t.Fatalf("row %d: hyparquet read %s, written %s", i, gotRow, wantRow)
		}
	}
	t.Logf("hyparquet read all %d rows back as written", len(got))
}

func readFile(t *testing.T, p string) string {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCodebook: every column is documented, counts add up, and the
// provenance names the inputs and the lexicons.
func TestCodebook(t *testing.T) {
	p, _ := hailaerAndNational(t)
	cb := NewCodebook(p, "parquet", "long", "", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	for _, c := range cb.Columns {
		if c.Name == "" || c.Doc == "" || c.Type == "" {
			t.Errorf("column %+v undocumented", c)
		}
	}
	total := 0
	for _, n := range cb.Counts.Verdicts {
		total += n
	}
	if total != len(p.Rows) || cb.Counts.Rows != len(p.Rows) || cb.Counts.Regions != 2 || cb.Counts.YearFrom != 2010 || cb.Counts.YearTo != 2022 {
		t.Errorf("counts %+v for %d rows", cb.Counts, len(p.Rows))
	}
	if len(cb.Provenance.Inputs) < 18 || len(cb.Provenance.Lexicons) != 64 || cb.Provenance.Made != "2026-12-01T00:00:00Z" {
		t.Errorf("provenance %+v", cb.Provenance)
	}
	md := cb.Markdown()
	for _, c := range cb.Columns {
		if !strings.Contains(md, "`"+c.Name+"`") {
			t.Errorf("the Markdown codebook lacks %s", c.Name)
		}
	}
}

// TestWording: each cue of data/wording.tsv classes its example.
func TestWording(t *testing.T) {
	if len(wordingCues) < 8 {
		t.Fatalf("%d cues", len(wordingCues))
	}
	for _, c := range wordingCues {
		if got := Wording("", c.example); got != c.wording {
			t.Errorf("%s: %q classed %q, want %q", c.word, c.example, got, c.wording)
		}
	}
	if got := Wording("", "地区生产总值增长6.5%"); got != "" {
		t.Errorf("a bare target is %q", got)
	}
}

// TestPanelFollowsReviews: a corrected target's numbers and verdict come
// from the correction, a rejected result leaves the row without one, a
// rejected target leaves the panel, and each row says what was reviewed.
func TestPanelFollowsReviews(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	paths, _ := filepath.Glob(corpus + "01[2-9]_hailaer_*.txt")
	pipeline.Run(ctx, st, paths, pipeline.Options{}, nil, func(p string, err error) { t.Error(p, err) })
	before, err := Build(ctx, st, Filter{Indicator: "gdp"})
	if err != nil {
		t.Fatal(err)
	}
	var withResult []Row
	for _, r := range before.Rows {
		if r.ResultFactID != 0 {
			withResult = append(withResult, r)
		}
	}
	if len(withResult) < 3 {
		t.Fatalf("%d GDP rows with results", len(withResult))
	}
	a, b, c := withResult[0], withResult[1], withResult[2]
	facts, _ := st.Facts(ctx, report.FactFilter{ReportID: a.TargetReportID, Kind: report.Target})
	var target report.Fact
	for _, f := range facts {
		if f.ID == a.TargetFactID {
			target = f
		}
	}
	high := 99.0
	target.Growth, target.Qualifier = &high, "以上"
	for _, rv := range []report.Review{
		{FactID: a.TargetFactID, Action: report.Correct, Fact: &target, By: "研究员"},
		{FactID: b.ResultFactID, Action: report.Reject, By: "研究员"},
		{FactID: c.TargetFactID, Action: report.Reject, By: "研究员"},
	} {
		if err := st.AddReview(ctx, &rv); err != nil {
			t.Fatal(err)
		}
	}
	after, _ := Build(ctx, st, Filter{Indicator: "gdp"})
	if len(after.Rows) != len(before.Rows)-1 {
		t.Errorf("%d rows after rejecting a target, %d before", len(after.Rows), len(before.Rows))
	}
	for _, r := range after.Rows {
		switch r.TargetFactID {
		case a.TargetFactID:
			if r.TargetGrowth == nil || *r.TargetGrowth != 99 || r.Verdict != track.Missed || r.TargetReview != report.Correct {
				t.Errorf("the corrected target: %v %s %q", r.TargetGrowth, r.Verdict, r.TargetReview)
			}
		case b.TargetFactID:
			if r.ResultFactID != 0 || r.Verdict != track.NoResult || r.ResultReview != report.Reject {
				t.Errorf("the row whose result was rejected: %d %s %q", r.ResultFactID, r.Verdict, r.ResultReview)
			}
		case c.TargetFactID:
			t.Error("a rejected target is in the panel")
		}
	}
}
