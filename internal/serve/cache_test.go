package serve

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCacheLoadsOnce: requests that miss on one key share one load; loads
// of different keys run at most as many at once as the bound lets; a load
// whose request went away is done again for the ones that wait.
func TestCacheLoadsOnce(t *testing.T) {
	f := newFixture(t, Options{})
	c := versioned[int, int]{max: 100}
	var calls atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	got := make([]int, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.get(ctx, f.st, 1, func() (int, error) { calls.Add(1); <-release; return 42, nil })
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		}()
	}
	time.Sleep(50 * time.Millisecond) // all eight are waiting by now
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("%d loads for one key", calls.Load())
	}
	for _, v := range got {
		if v != 42 {
			t.Errorf("got %v", got)
			break
		}
	}

	bounded := versioned[int, int]{max: 100, loads: make(chan struct{}, 2)}
	var running, most atomic.Int32
	for k := 0; k < 6; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bounded.get(ctx, f.st, k, func() (int, error) {
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(20 * time.Millisecond)
				running.Add(-1)
				return k, nil
			})
		}()
	}
	wg.Wait()
	if most.Load() > 2 || len(bounded.entries) != 6 {
		t.Errorf("%d loads at once (bound 2), %d kept", most.Load(), len(bounded.entries))
	}

	again := versioned[int, int]{max: 100}
	gone, cancel := context.WithCancel(ctx)
	started := make(chan struct{})
	go again.get(gone, f.st, 1, func() (int, error) { close(started); <-gone.Done(); return 0, gone.Err() })
	<-started
	done := make(chan int)
	go func() {
		v, err := again.get(ctx, f.st, 1, func() (int, error) { return 7, nil })
		if err != nil {
			t.Error(err)
		}
		done <- v
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	if v := <-done; v != 7 {
		t.Errorf("after the loading request went away: %d", v)
	}
}
