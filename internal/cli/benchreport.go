package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"

	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/serve"
	"github.com/baogao/baogao/internal/store"
	"github.com/baogao/baogao/internal/track"
)

// benchReport is what bench --report measures on one corpus in one run:
// each stage's wall time, and the ratios the project is held to.
type benchReport struct {
	Files    int     `json:"files"`
	MB       float64 `json:"mb"`
	Workers  int     `json:"workers"`
	FloorSec float64 `json:"floor_seconds"` // read every file and check its UTF-8
	// The researcher's pipeline on the same files (python, jieba, OpenCC),
	// when it can run here; PeerSkipped says why not.
	PeerSec     float64 `json:"peer_seconds,omitempty"`
	PeerSkipped string  `json:"peer_skipped,omitempty"`
	ExtractSec  float64 `json:"extract_seconds"` // facts of every file, printed as JSON Lines
	BenchSec    float64 `json:"bench_seconds"`   // stored, no evidence pass
	IngestSec   float64 `json:"ingest_seconds"`  // stored, then the evidence pass
	Proposals   int     `json:"proposals"`
	DBBytes     int64   `json:"db_bytes"`
	RawBytes    int64   `json:"raw_bytes"`
	PeakRSS     string  `json:"peak_rss"`
	// Ratios: how many times the peer's time, the stage's share of the
	// floor's throughput, ingest against bench, the store against raw.
	ExtractVsPeer float64            `json:"extract_vs_peer,omitempty"`
	IngestVsPeer  float64            `json:"ingest_vs_peer,omitempty"`
	IngestVsBench float64            `json:"ingest_vs_bench"`
	ExtractFloor  float64            `json:"extract_share_of_floor"`
	DBVsRaw       float64            `json:"db_vs_raw"`
	Pages         map[string]pageRun `json:"pages,omitempty"`
}

// pageRun is a load run on one kind of page of the ingested store.
type pageRun struct {
	Paths int `json:"paths"` // distinct URLs requested in turn
	loadResult
}

// runBenchReport measures every stage on the corpus under paths and
// prints the report; each store is made afresh in a temporary folder.
func runBenchReport(ctx context.Context, env Env, paths []string, workers int, peer string, pages bool, asJSON bool) error {
	tmp, err := os.MkdirTemp("", "baogao-report-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	say := func(format string, a ...any) {
		if !asJSON {
			fmt.Fprintf(env.Stderr, format+"\n", a...)
		}
	}
	rep := benchReport{Workers: workers}

	say("下限：读出每个文件并校验 UTF-8…")
	start := time.Now()
	ingest.Walk(paths, ingest.Options{}, func(f ingest.File) {
		rep.Files++
		rep.RawBytes += int64(len(f.Raw))
		utf8.Valid(f.Raw)
	}, func(string, error) {})
	rep.FloorSec = time.Since(start).Seconds()
	rep.MB = float64(rep.RawBytes) / 1e6
	if rep.Files == 0 {
		return usageErr("%v 中没有报告文件", paths)
	}

	if peer != "" {
		say("研究者的流程（%s）…", peer)
		rep.PeerSec, rep.PeerSkipped = runPeer(ctx, peer, paths)
	} else {
		rep.PeerSkipped = "未给出 --peer"
	}

	say("extract…")
	start = time.Now()
	w := bufio.NewWriter(io.Discard)
	enc := gojson.NewEncoder(w) // as the extract command prints
	failed := 0
	undoGC := readingGC() // as the extract command reads
	pipeline.ProcessAll(paths, pipeline.Options{Workers: workers, FactsOnly: true}, func(_ string, p *pipeline.Processed, err error) {
		if err != nil {
			failed++
			return
		}
		for _, f := range p.Facts {
			enc.Encode(f)
		}
	})
	w.Flush()
	undoGC()
	rep.ExtractSec = time.Since(start).Seconds()

	say("bench（只存储）…")
	if rep.BenchSec, _, err = timedIngest(ctx, filepath.Join(tmp, "bench.db"), paths, workers, false); err != nil {
		return err
	}
	say("ingest（存储并提出佐证建议）…")
	db := filepath.Join(tmp, "ingest.db")
	if rep.IngestSec, rep.Proposals, err = timedIngest(ctx, db, paths, workers, true); err != nil {
		return err
	}
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(db + suffix); err == nil {
			rep.DBBytes += fi.Size()
		}
	}
	if pages {
		say("页面压测…")
		if rep.Pages, err = loadPages(ctx, db); err != nil {
			return err
		}
	}
	rep.PeakRSS = peakRSS()
	if rep.PeerSec > 0 {
		rep.ExtractVsPeer = rep.PeerSec / rep.ExtractSec
		rep.IngestVsPeer = rep.PeerSec / rep.IngestSec
	}
	rep.IngestVsBench = rep.IngestSec / rep.BenchSec
	rep.ExtractFloor = rep.FloorSec / rep.ExtractSec
	rep.DBVsRaw = float64(rep.DBBytes) / float64(rep.RawBytes)
	if asJSON {
		return jsonLines(env.Stdout, []benchReport{rep})
	}
	printBenchReport(env.Stdout, rep)
	if failed > 0 {
		fmt.Fprintf(env.Stdout, "有 %d 个文件读不出\n", failed)
		return errSilent
	}
	return nil
}

// timedIngest stores the corpus in a new database, with the evidence pass
// when suggest is set, and returns the wall time and the proposals made.
func timedIngest(ctx context.Context, db string, paths []string, workers int, suggest bool) (float64, int, error) {
	st, err := store.Open(ctx, db)
	if err != nil {
		return 0, 0, err
	}
	defer st.Close()
	start := time.Now()
	s := pipeline.Run(ctx, st, paths, pipeline.Options{Workers: workers}, nil, func(string, error) {})
	n := 0
	if suggest {
		if n, err = track.SuggestAfter(ctx, st, s.Touched); err != nil {
			return 0, 0, err
		}
	}
	return time.Since(start).Seconds(), n, nil
}

// runPeer times the researcher's python pipeline on the same files, or
// says why it cannot run here.
func runPeer(ctx context.Context, script string, paths []string) (float64, string) {
	if _, err := os.Stat(script); err != nil {
		return 0, "没有 " + script
	}
	// The python on the PATH may be one of its own (pyenv) without
	// Debian's jieba: take the first that has it.
	python := ""
	for _, name := range []string{"python3", "/usr/bin/python3"} {
		if p, err := exec.LookPath(name); err == nil && exec.CommandContext(ctx, p, "-c", "import jieba").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		return 0, "没有装了 jieba 的 python3（apt-get install python3-jieba opencc）"
	}
	if _, err := exec.LookPath("opencc"); err != nil {
		return 0, "没有 opencc 命令（apt-get install opencc）"
	}
	if fi, err := os.Stat(paths[0]); len(paths) != 1 || err != nil || !fi.IsDir() {
		return 0, "研究者的流程只读一个文件夹：请只给出一个文件夹"
	}
	start := time.Now()
	cmd := exec.CommandContext(ctx, python, script, paths[0])
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Sprintf("研究者的流程失败：%v %s", err, strings.TrimSpace(string(out)))
	}
	return time.Since(start).Seconds(), ""
}

// pageRequests scales the requests of each page kind (a test makes fewer).
var pageRequests = 1.0

// loadPages serves the store on a loopback port and loads each kind of
// page: the library, reports, regions, the compare page, the task board,
// the unit table, and the facts API on URLs that differ every request,
// so that none is answered from the cache.
func loadPages(ctx context.Context, db string) (map[string]pageRun, error) {
	st, err := store.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	srv, err := serve.New(st, serve.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	rs, err := st.Reports(ctx, report.ReportFilter{})
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, report.Errorf(report.NotFound, "库中没有报告")
	}
	var reports, regions, tasks, units []string
	seenCode, seenYear := map[string]bool{}, map[int]bool{}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 200; i++ {
		reports = append(reports, fmt.Sprintf("/reports/%d", rs[rng.IntN(len(rs))].ID))
	}
	for _, r := range rs {
		if c := r.Identity.RegionCode; c != "" && !seenCode[c] {
			seenCode[c] = true
			regions = append(regions, "/regions/"+c)
		}
		if y := r.Identity.PlanTo; y != 0 && !seenYear[y] {
			seenYear[y] = true
			tasks = append(tasks, fmt.Sprintf("/tasks?year=%d", y))
			units = append(units, fmt.Sprintf("/units?year=%d", y))
		}
	}
	var facts []string
	for i := 0; i < 4000; i++ {
		kind := []string{"target", "achieved", "commitment"}[i%3]
		facts = append(facts, fmt.Sprintf("/api/v1/facts?kind=%s&after=%d&per_page=50", kind, rng.IntN(len(rs)*90)))
	}
	kinds := []struct {
		name  string
		paths []string
		n     int
	}{
		{"library", []string{"/", "/?page=2", "/?page=7", "/?region=市", "/?year=2018"}, 400},
		{"report", reports, 400},
		{"region", regions, 200},
		{"compare", []string{"/compare", "/compare?indicator=gdp", "/compare?indicator=general_budget_revenue"}, 200},
		{"task_board", tasks, 200},
		{"unit_table", units, 200},
		{"facts_api", facts, 4000},
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan net.Addr, 1)
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe(ctx, "127.0.0.1:0", func(a net.Addr) { ready <- a }) }()
	var base string
	select {
	case a := <-ready:
		base = "http://" + a.String()
	case err := <-errc:
		return nil, err
	}
	out := map[string]pageRun{}
	for _, k := range kinds {
		// A first pass fills what the server keeps between writes, as it
		// is once it has been up a moment; then the timed run.
		if _, err := loadRun(ctx, base, k.paths, max(1, int(float64(len(k.paths))*pageRequests)), 4, 5*time.Minute); err != nil {
			return nil, fmt.Errorf("%s: %w", k.name, err)
		}
		res, err := loadRun(ctx, base, k.paths, max(1, int(float64(k.n)*pageRequests)), 2*runtime.NumCPU(), 5*time.Minute)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k.name, err)
		}
		out[k.name] = pageRun{len(k.paths), res}
	}
	return out, nil
}

// pageNames are the page kinds as the report prints them.
var pageNames = map[string]string{"library": "报告库", "report": "报告页", "region": "地区页", "compare": "比较页",
	"task_board": "任务台账", "unit_table": "单位晾晒表", "facts_api": "事实接口"}

func printBenchReport(w io.Writer, r benchReport) {
	fmt.Fprintf(w, "语料 %d 个文件，%.1f MB，%d 个工作线程\n", r.Files, r.MB, r.Workers)
	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-displayWidth(s))) }
	row := func(name string, sec float64, note string) {
		fmt.Fprintf(w, "  %s %8.2f 秒  %7.1f MB/s  %s\n", pad(name, 26), sec, r.MB/sec, note)
	}
	row("下限（读出并校验 UTF-8）", r.FloorSec, "")
	if r.PeerSec > 0 {
		row("研究者的流程", r.PeerSec, "")
	} else {
		fmt.Fprintf(w, "  %s 未运行：%s\n", pad("研究者的流程", 26), r.PeerSkipped)
	}
	row("extract", r.ExtractSec, fmt.Sprintf("下限吞吐的 %.1f%%", 100*r.ExtractFloor))
	row("bench（只存储）", r.BenchSec, "")
	row("ingest（含佐证建议）", r.IngestSec, fmt.Sprintf("佐证建议 %d 项", r.Proposals))
	fmt.Fprintln(w, "比值")
	if r.PeerSec > 0 {
		fmt.Fprintf(w, "  extract 是研究者流程的 %.1f 倍（目标 ≥ 30）\n", r.ExtractVsPeer)
		fmt.Fprintf(w, "  ingest 是研究者流程的 %.1f 倍（目标 ≥ 20）\n", r.IngestVsPeer)
	}
	fmt.Fprintf(w, "  ingest 用时是 bench 的 %.2f 倍（目标 ≤ 1.2）\n", r.IngestVsBench)
	fmt.Fprintf(w, "  数据库 %.1f MB，是原始字节的 %.2f 倍（目标 ≤ 2.5）\n", float64(r.DBBytes)/1e6, r.DBVsRaw)
	fmt.Fprintf(w, "  内存峰值 %s\n", r.PeakRSS)
	if len(r.Pages) > 0 {
		fmt.Fprintln(w, "页面（每类先预热一轮，目标 p95 < 100ms；事实接口每次换一个网址，目标 ≥ 2000 次/秒、p99 < 50ms）")
		for _, k := range []string{"library", "report", "region", "compare", "task_board", "unit_table", "facts_api"} {
			p, ok := r.Pages[k]
			if !ok {
				continue
			}
			fmt.Fprintf(w, "  %s %4d 个网址  %6.0f 次/秒  p50 %6.1fms  p95 %6.1fms  p99 %6.1fms  出错 %d\n", pad(pageNames[k], 12), p.Paths, p.PerSecond, p.P50, p.P95, p.P99, p.Errors+p.Non2xx)
		}
	}
}
