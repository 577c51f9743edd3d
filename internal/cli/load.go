package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func init() {
	register(command{"load", "a load generator: GET paths of a running server and report requests/s and latency", runLoad})
}

func runLoad(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("load", env)
	base := fs.String("url", "http://127.0.0.1:8080", "the server")
	n := fs.Int("n", 20000, "requests in all")
	c := fs.Int("c", 32, "requests in flight")
	limit := fs.Duration("max", time.Minute, "stop after this long")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageErr("give paths to request in turn, such as /api/v1/facts?kind=target")
	}
	ctx, cancel := context.WithTimeout(ctx, *limit)
	defer cancel()
	tr := &http.Transport{MaxIdleConns: *c, MaxIdleConnsPerHost: *c}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var next, errors, non2xx atomic.Int64
	lat := make([][]time.Duration, *c)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < *c; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(*n) {
					return
				}
				url := strings.TrimRight(*base, "/") + paths[int(i)%len(paths)]
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
		return fmt.Errorf("no request completed (%d errors)", errors.Load())
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	q := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	fmt.Fprintf(env.Stdout, "%d requests in %.2fs, %d in flight: %.0f requests/s\n", len(all), elapsed.Seconds(), *c, float64(len(all))/elapsed.Seconds())
	fmt.Fprintf(env.Stdout, "latency p50 %s, p90 %s, p99 %s, max %s\n", q(0.5).Round(time.Microsecond), q(0.9).Round(time.Microsecond), q(0.99).Round(time.Microsecond), all[len(all)-1].Round(time.Microsecond))
	fmt.Fprintf(env.Stdout, "errors %d, non-2xx %d\n", errors.Load(), non2xx.Load())
	if errors.Load() > 0 || non2xx.Load() > 0 {
		return errSilent
	}
	return nil
}
