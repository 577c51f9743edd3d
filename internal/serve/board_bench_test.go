package serve

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
)

// BenchmarkBoards times the task board (first page, and filtered by
// 序时进度) and the unit table over 20,000 tasks of 20 units: as offices
// look at them between updates (the folded tasks cached), and right after
// a write, when every task is read and folded again.
func BenchmarkBoards(b *testing.B) {
	st, srv := benchServer(b)
	ts, _ := st.Tasks(ctx, report.TaskFilter{ReportID: 1})
	b.Run("after a write: /units", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			tk, _ := st.Task(ctx, ts[0].ID)
			b.StopTimer()
			st.AppendEvents(ctx, []report.EventBatch{{TaskID: tk.ID, AfterSeq: tk.Events[len(tk.Events)-1].Seq, Events: []report.Event{{Actor: "县第0局", Kind: "progress", Data: map[string]string{"text": fmt.Sprint(i)}}}}})
			b.StartTimer()
			resp, err := http.Get(srv.URL + "/units?year=2024")
			if err != nil || resp.StatusCode != 200 {
				b.Fatalf("%v %v", err, resp)
			}
			resp.Body.Close()
		}
	})
	for _, path := range []string{"/tasks?year=2024", "/tasks?year=2024&schedule=behind&page=3", "/units?year=2024", "/api/v1/tasks?year=2024&per_page=100"} {
		b.Run(path, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				resp, err := http.Get(srv.URL + path)
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("%s: %v %v", path, err, resp)
				}
				resp.Body.Close()
			}
		})
	}
}

func benchServer(b *testing.B) (*sqlite.Store, *httptest.Server) {
	b.Helper()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	addCountyReports(b, st, 200)
	ts, _ := st.Tasks(ctx, report.TaskFilter{})
	var batches []report.EventBatch
	for i, t := range ts {
		batches = append(batches, report.EventBatch{TaskID: t.ID, AfterSeq: 1, Events: []report.Event{{Actor: "督查室", Kind: "assign", Data: map[string]string{"lead_unit": fmt.Sprintf("县第%d局", i%20)}}}})
	}
	if err := st.AppendEvents(ctx, batches); err != nil {
		b.Fatal(err)
	}
	s, err := New(st, Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	b.Cleanup(func() { srv.Close(); st.Close() })
	return st, srv
}

// addCountyReports stores n county reports of 2024, each with 100
// commitments (so 100 tasks), in regions 900000, 900001…
func addCountyReports(tb testing.TB, st *sqlite.Store, n int) []*report.Report {
	tb.Helper()
	y := 2024
	var out []*report.Report
	for r := 0; r < n; r++ {
		text := fmt.Sprintf("青禾县%d政府工作报告", r)
		rep := &report.Report{Identity: report.Identity{Region: "某省青禾县", RegionCode: fmt.Sprintf("9%05d", r), Level: report.LevelCounty, Year: 2024, PlanFrom: 2024, PlanTo: 2024},
			Sources: []report.Source{{Path: fmt.Sprintf("r%d.txt", r), SHA256: fmt.Sprint(r), Raw: []byte(text), Clean: text, Offsets: clean.EncodeOffsets(clean.Identity(text)), NoIndex: true}}}
		var facts []report.Fact
		for c := 0; c < 100; c++ {
			v := float64(c)
			facts = append(facts, report.Fact{Kind: report.Commitment, Indicator: fmt.Sprintf("任务%d", c), Value: &v, Year: &y, Quote: fmt.Sprintf("新建任务%d", c), SourceID: -1})
		}
		if err := st.AddReport(ctx, rep, facts); err != nil {
			tb.Fatal(err)
		}
		out = append(out, rep)
	}
	return out
}
