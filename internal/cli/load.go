package cli

import (
	"context"
	"fmt"
	"github.com/baogao/baogao/internal/report"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func init() {
	register(command{"load", "压测：对运行中的服务器轮流请求给出的路径，报告每秒请求数与延迟（load generator）", runLoad})
}

func runLoad(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("load", env)
	base := fs.String("url", "http://127.0.0.1:8080", "服务器地址")
	n := fs.Int("n", 20000, "请求总数")
	c := fs.Int("c", 32, "同时在途的请求数")
	limit := fs.Duration("max", time.Minute, "最长运行时间")
	asJSON := fs.Bool("json", false, "以 JSON 输出结果")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageErr("请给出要轮流请求的路径，如 /api/v1/facts?kind=target")
	}
	res, err := loadRun(ctx, *base, paths, *n, *c, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := jsonLines(env.Stdout, []loadResult{res}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(env.Stdout, "%d 个请求，用时 %.2f 秒，同时在途 %d：每秒 %.0f 个请求\n", res.Requests, res.Seconds, *c, res.PerSecond)
		fmt.Fprintf(env.Stdout, "延迟 p50 %.1fms、p90 %.1fms、p95 %.1fms、p99 %.1fms、最长 %.1fms\n", res.P50, res.P90, res.P95, res.P99, res.Max)
		fmt.Fprintf(env.Stdout, "出错 %d，非 2xx 应答 %d\n", res.Errors, res.Non2xx)
	}
	if res.Errors > 0 || res.Non2xx > 0 {
		return errSilent
	}
	return nil
}

// loadResult is what a load run measured; latencies in milliseconds.
type loadResult struct {
	Requests  int     `json:"requests"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"requests_per_second"`
	P50       float64 `json:"p50_ms"`
	P90       float64 `json:"p90_ms"`
	P95       float64 `json:"p95_ms"`
	P99       float64 `json:"p99_ms"`
	Max       float64 `json:"max_ms"`
	Errors    int64   `json:"errors"`
	Non2xx    int64   `json:"non_2xx"`
}

// loadRun GETs paths of the server at base in turn, n requests in all
// with c in flight, for at most limit.
func loadRun(ctx context.Context, base string, paths []string, n, c int, limit time.Duration) (loadResult, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	tr := &http.Transport{MaxIdleConns: c, MaxIdleConnsPerHost: c}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var next, errors, non2xx atomic.Int64
	lat := make([][]time.Duration, c)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				url := strings.TrimRight(base, "/") + paths[int(i)%len(paths)]
				t0 := time.Now()
				req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						errors.Add(1)
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode/100 != 2 {
					non2xx.Add(1)
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	if len(all) == 0 {
		return loadResult{}, report.Errorf(report.Internal, "没有一个请求完成（出错 %d 个）", errors.Load())
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	q := func(p float64) float64 { return ms(all[min(len(all)-1, int(p*float64(len(all))))]) }
	return loadResult{Requests: len(all), Seconds: elapsed.Seconds(), PerSecond: float64(len(all)) / elapsed.Seconds(),
		P50: q(0.5), P90: q(0.9), P95: q(0.95), P99: q(0.99), Max: q(1), Errors: errors.Load(), Non2xx: non2xx.Load()}, nil
}
