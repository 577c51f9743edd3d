package track_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
	"github.com/baogao/baogao/internal/track"
)

// seedStore fills a store with regions × years of reports: each report
// holds targets, the achieved figures answering last year's targets, and
// commitments (which become tasks).
func seedStore(b *testing.B, regions, years, targetsPer, commitmentsPer int) *sqlite.Store {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	f := func(v float64) *float64 { return &v }
	pct, zhang := "%", "张"
	for r := 0; r < regions; r++ {
		code := fmt.Sprintf("9%05d", r)
		for y := 0; y < years; y++ {
			year := 2010 + y
			var facts []report.Fact
			for k := 0; k < targetsPer; k++ {
				ind := fmt.Sprintf("指标%d", k)
				py, ty := year-1, year
				facts = append(facts,
					report.Fact{Kind: report.Target, Indicator: ind, Year: &ty, Growth: f(6 + float64(k%3)), Qualifier: "左右", SourceID: -1},
					report.Fact{Kind: report.Achieved, Indicator: ind, Year: &py, Growth: f(5 + float64(k%5)), Unit: &pct, SourceID: -1})
			}
			for k := 0; k < commitmentsPer; k++ {
				act, ty := "新建", year
				facts = append(facts, report.Fact{Kind: report.Commitment, Indicator: fmt.Sprintf("设施%d", k), Action: &act, Year: &ty, Value: f(float64(k)), Unit: &zhang, SourceID: -1})
			}
			rep := &report.Report{Identity: report.Identity{Region: "区" + code, RegionCode: code, Year: year, PlanTo: year},
				Sources: []report.Source{{SHA256: fmt.Sprint(code, year), Raw: []byte("x"), Offsets: []byte{}, MinHash: []uint32{}}}}
			if err := st.AddReport(ctx, rep, facts); err != nil {
				b.Fatal(err)
			}
		}
	}
	return st
}

// BenchmarkVerdicts50k judges 50,000 targets read from the store against
// the achieved figures of the following year.
func BenchmarkVerdicts50k(b *testing.B) {
	st := seedStore(b, 100, 10, 50, 0)
	defer st.Close()
	ctx := context.Background()
	for b.Loop() {
		targets, _ := st.Facts(ctx, report.FactFilter{Kind: report.Target})
		achieved, _ := st.Facts(ctx, report.FactFilter{Kind: report.Achieved})
		results := track.Pair(targets, achieved)
		n := 0
		for i, t := range targets {
			if track.Judge(t, results[i], true).Verdict != track.NoResult {
				n++
			}
		}
		if len(targets) != 50000 || n == 0 {
			b.Fatalf("%d targets, %d judged", len(targets), n)
		}
	}
}

// BenchmarkTaskStatus200k derives the status of 200,000 tasks from their
// events in the store, and ranks their units.
func BenchmarkTaskStatus200k(b *testing.B) {
	st := seedStore(b, 200, 10, 0, 100)
	defer st.Close()
	ctx := context.Background()
	now := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		tasks, err := st.Tasks(ctx, report.TaskFilter{})
		if err != nil {
			b.Fatal(err)
		}
		overdue := 0
		for i := range tasks {
			tasks[i].State = track.Fold(tasks[i].Events, track.EndOfYear(tasks[i].Year))
			if track.Current(tasks[i].State, now) == track.Overdue {
				overdue++
			}
		}
		track.Units(tasks, now)
		if len(tasks) != 200000 || overdue == 0 {
			b.Fatalf("%d tasks, %d overdue", len(tasks), overdue)
		}
	}
}
