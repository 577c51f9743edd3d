package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/identify"
	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/search"
)

func init() {
	register(command{"bench", "性能测量：由样本报告变出语料（--make），计时导入，或一次测出各环节与比值（--report）", runBench})
}

func runBench(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("bench", env)
	makeDir := fs.String("make", "", "由参数给出的报告变出一份测试语料，写入此文件夹")
	n := fs.Int("n", 2000, "要变出的报告份数")
	regionCount := fs.Int("regions", 8, "与 --make 同用：报告分布的地区数（全国语料有数千个；多于 8 个时取自行政区划表）")
	workers := fs.Int("workers", 0, "并行处理的文件数（0：每核一个）")
	searches := fs.Bool("search", false, "对 --db 给出的数据库计时检索")
	full := fs.Bool("report", false, "一次测出语料的各环节（读取下限、研究者的流程、extract、bench、ingest、数据库大小）并给出比值")
	peer := fs.String("peer", "", "与 --report 同用：在同一批文件上计时的研究者流程（../shared/bench/peer_pipeline.py）")
	pages := fs.Bool("pages", false, "与 --report 同用：对导入后的库起服务，压测各类页面")
	asJSON := fs.Bool("json", false, "与 --report 同用：以 JSON 输出")
	profile := profileFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	stop, err := profile()
	if err != nil {
		return err
	}
	defer stop()
	if *searches {
		return benchSearch(ctx, env, *db)
	}
	if len(pos) == 0 {
		return usageErr("请给出报告文件或文件夹")
	}
	if *full {
		w := *workers
		if w <= 0 {
			w = runtime.NumCPU()
		}
		return runBenchReport(ctx, env, pos, w, *peer, *pages, *asJSON)
	}
	if *makeDir != "" {
		made, bytes, err := makeCorpus(pos, *makeDir, *n, benchRegions(*regionCount))
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已写出 %d 份报告（%.1f MB）到 %s\n", made, float64(bytes)/(1<<20), *makeDir)
		return nil
	}
	if *db == "baogao.db" {
		tmp, err := os.MkdirTemp("", "baogao-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*db = filepath.Join(tmp, "bench.db")
	}
	st, err := createStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	failed := 0
	w := *workers
	if w <= 0 {
		w = runtime.NumCPU()
	}
	s := pipeline.Run(ctx, st, pos, pipeline.Options{Workers: w}, nil, func(path string, err error) {
		failed++
		fmt.Fprintf(env.Stderr, "%s: %v\n", path, err)
	})
	sec := s.Elapsed.Seconds()
	mb := float64(s.Bytes) / (1 << 20)
	fmt.Fprintf(env.Stdout, "%d 个文件（新报告 %d 份、副本 %d 份、分页 %d 页、失败 %d 个），%.1f MB，用时 %.2f 秒，%d 个工作线程\n",
		s.Files, s.New, s.Copies, s.Pages, s.Failed, mb, sec, w)
	fmt.Fprintf(env.Stdout, "吞吐 %.1f MB/s、每秒 %.0f 份；每核 %.1f MB/s、每秒 %.0f 份\n",
		mb/sec, float64(s.Files)/sec, mb/sec/float64(w), float64(s.Files)/sec/float64(w))
	fmt.Fprintf(env.Stdout, "内存峰值（VmHWM）%s\n", peakRSS())
	if failed > 0 {
		return errSilent
	}
	return nil
}

// peakRSS reads the process's peak resident memory from /proc.
func peakRSS() string {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	return "unknown"
}

// benchRegions are the regions a bench corpus is spread over: the eight
// of the first corpora, or n divisions in use since 2010 (cities and
// counties whose full name is theirs alone), taken evenly across the
// table.
func benchRegions(n int) []string {
	first := []string{"盐城市亭湖区", "苏州市", "舟山市普陀区", "宁波市镇海区", "呼伦贝尔市海拉尔区", "长沙县", "武汉市", "衡阳市"}
	if n <= len(first) {
		return first[:max(n, 1)]
	}
	count := map[string]int{}
	var pool []identify.Division
	for _, d := range identify.Divisions() {
		count[d.Name]++
		// In use over all the years a made report may name (2010 on): a
		// report of a division before it existed is no report of it.
		if d.To == 0 && d.From <= 2010 && (d.Rank == "地级" || d.Rank == "县级") {
			pool = append(pool, d)
		}
	}
	var out []string
	for _, d := range pool {
		if count[d.Name] == 1 {
			out = append(out, d.FullName())
		}
	}
	if n >= len(out) {
		return out
	}
	picked := make([]string, n)
	for i := range picked {
		picked[i] = out[i*len(out)/n]
	}
	return picked
}

// makeCorpus writes n reports, each a title, a delivery line and about
// eighty paragraphs drawn from all the given reports, numbers nudged:
// distinct enough that near-duplicate detection keeps them apart, real
// enough that every stage has its usual work.
func makeCorpus(paths []string, dir string, n int, regions []string) (int, int64, error) {
	var paras []string
	ingest.Walk(paths, ingest.Options{}, func(f ingest.File) {
		for _, p := range strings.Split(string(f.Raw), "\n") {
			// Body paragraphs only: another report's title, delivery line
			// (——2009年3月5日在第十一届全国人民代表大会…) or speaker (我代表
			//国务院) would name another region and year than the made
			// report's own.
			t := strings.TrimSpace(p)
			if len([]rune(t)) >= 20 && !strings.HasPrefix(t, "——") && !strings.Contains(t, "政府工作报告") && !strings.Contains(t, "代表大会第") && !strings.Contains(t, "我代表") {
				paras = append(paras, p)
			}
		}
	}, func(string, error) {})
	if len(paras) < 10 {
		return 0, 0, report.Errorf(report.Invalid, "%v 中的文字太少，不够变出语料", paths)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, 0, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var total int64
	for i := 0; i < n; i++ {
		year := 2010 + i%15
		region := regions[i%len(regions)]
		var b strings.Builder
		fmt.Fprintf(&b, "%d年%s政府工作报告\n——%d年1月%d日在%s第十届人民代表大会第%d次会议上\n各位代表：\n", year, region, year, 1+i%28, region, 1+i%5)
		for k := 0; k < 80; k++ {
			b.WriteString(nudgeNumbers(paras[rng.IntN(len(paras))], rng))
			b.WriteByte('\n')
		}
		body := b.String()
		total += int64(len(body))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("bench_%05d.txt", i)), []byte(body), 0o644); err != nil {
			return i, total, err
		}
	}
	return n, total, nil
}

func nudgeNumbers(s string, rng *rand.Rand) string {
	return strings.Map(func(r rune) rune {
		if r >= '1' && r <= '9' && rng.IntN(3) == 0 {
			return '1' + rune(rng.IntN(9))
		}
		return r
	}, s)
}

// benchQueries are searches people make, timed by bench --search.
var benchQueries = []string{"低空经济", "新质生产力", "托育", `"老旧小区改造"`, "营商环境", "乡村振兴", "一带一路", "碳达峰 碳中和", "数字经济",
	"民营经济", "养老 -床位", "托育 OR 婴幼儿", "6.5%", "城镇新增就业", "简单", "处理", "地區生產總值", "河长制", "扫黑除恶", "新能源汽车",
	"跨境电商", "粤港澳大湾区", "长三角", "专项债", "减税降费", "共同富裕", "四好农村路", "生态环境", "义务教育", "疫情防控"}

// benchSearch times each query of benchQueries over db, without filters
// and with a year span and a level, and prints the percentiles.
func benchSearch(ctx context.Context, env Env, db string) error {
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	rs, err := st.Reports(ctx, report.ReportFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return report.Errorf(report.Invalid, "数据库 %s 中没有报告", db)
	}
	run := func(name string, filter func(*report.SearchQuery)) error {
		var times []time.Duration
		hits := 0
		for round := 0; round < 5; round++ {
			for _, q := range benchQueries {
				sq, _, err := search.Request(q, "", "", "", "", "", 20)
				if err != nil {
					return err
				}
				filter(&sq)
				start := time.Now()
				res, err := st.Search(ctx, sq)
				if err != nil {
					return err
				}
				times = append(times, time.Since(start))
				hits += res.Total
			}
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		pct := func(p float64) time.Duration { return times[int(p*float64(len(times)-1))] }
		fmt.Fprintf(env.Stdout, "%s: %d searches, p50 %.1f ms, p95 %.1f ms, max %.1f ms, %d hits in all\n", name, len(times),
			ms(pct(0.5)), ms(pct(0.95)), ms(times[len(times)-1]), hits/5)
		return nil
	}
	if err := run("检索（无筛选）", func(*report.SearchQuery) {}); err != nil {
		return err
	}
	return run("检索（年份2019-2023、地市级）", func(q *report.SearchQuery) { q.YearFrom, q.YearTo, q.Level = 2019, 2023, report.LevelCity })
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
