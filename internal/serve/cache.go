package serve

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/baogao/baogao/internal/analysis"
	"github.com/baogao/baogao/internal/extract"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// The response cache is bounded in entries and in bytes; when full it
// starts afresh. An answer larger than maxCachedEntry is not kept: it
// would crowd out the many small ones.
const (
	maxCached      = 4096
	maxCachedBytes = 64 << 20
	maxCachedEntry = 2 << 20
)

// responseCache keeps the JSON of read-only API answers until the store's
// version moves: reports and facts are read far more than written.
type responseCache struct {
	mu      sync.Mutex
	version string
	entries map[string][]byte
	bytes   int
}

// recorder captures a response so it can be cached, up to the size an
// entry may have: a larger one is passed on without a copy.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
	over   bool
}

func (r *recorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }
func (r *recorder) Write(b []byte) (int, error) {
	if !r.over && r.buf.Len()+len(b) <= maxCachedEntry {
		r.buf.Write(b)
	} else if !r.over {
		r.over = true
		r.buf = bytes.Buffer{}
	}
	return r.ResponseWriter.Write(b)
}

// cached serves h through the cache, keyed by the URL.
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.st.Version(r.Context())
		if err != nil {
			h(w, r)
			return
		}
		key := r.URL.Path + "?" + r.URL.RawQuery
		c := &s.cache
		c.mu.Lock()
		if c.version != v {
			c.version, c.entries, c.bytes = v, map[string][]byte{}, 0
		}
		body, ok := c.entries[key]
		c.mu.Unlock()
		if ok {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Write(body)
			return
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		h(rec, r)
		body = rec.buf.Bytes()
		if rec.status != http.StatusOK || rec.over || len(body) > maxCachedEntry {
			return
		}
		c.mu.Lock()
		if c.version == v {
			if len(c.entries) >= maxCached || c.bytes+len(body) > maxCachedBytes {
				c.entries, c.bytes = map[string][]byte{}, 0
			}
			if _, dup := c.entries[key]; !dup {
				c.entries[key] = body
				c.bytes += len(body)
			}
		}
		c.mu.Unlock()
	}
}

// versioned keeps what was computed from the store, by key, until the
// store's version moves; past max keys it lets one go (starting afresh
// would leave a board of 18 years cold on every visit). The boards keep
// their folded tasks in one (20,000 tasks read and folded take ~200 ms),
// the region and compare pages their analyses in another. Callers must
// not change what they get.
//
// When the version moves, what was kept becomes the previous generation:
// a loader may reuse its entry for the key (the boards refold only the
// tasks that changed), and the rest goes at the next move. Both
// generations count against max.
type versioned[K comparable, V any] struct {
	mu  sync.Mutex
	max int // entries, or the sum of their weights when weight is set
	// weight sizes an entry (the boards: its tasks), so that what an
	// anonymous visitor can make the server keep is bounded in memory,
	// not in entries of any size.
	weight  func(V) int
	total   int
	version string
	entries map[K]V
	prev    map[K]V // the generation before the version moved
	// Requests that miss on the same key at one version share one load,
	// and loads holds how many run at once (nil: no bound): a board of a
	// national store loads some 70,000 tasks, and requests for many of
	// them at once must not hold them all in memory together.
	loading map[K]*load[V]
	loads   chan struct{}
}

// load is a load in flight, for the requests that wait on it.
type load[V any] struct {
	version string
	done    chan struct{}
	v       V
	err     error
}

func (c *versioned[K, V]) size(v V) int {
	if c.weight == nil {
		return 1
	}
	return max(1, c.weight(v))
}

func (c *versioned[K, V]) get(ctx context.Context, st report.Store, key K, load func() (V, error)) (V, error) {
	return c.getReusing(ctx, st, key, func(V, bool) (V, error) { return load() })
}

// getReusing is get with a loader that is handed the previous
// generation's entry for the key, if there is one.
func (c *versioned[K, V]) getReusing(ctx context.Context, st report.Store, key K, loadFn func(prev V, ok bool) (V, error)) (V, error) {
	var none V
	v, err := st.Version(ctx)
	if err != nil {
		return loadFn(none, false)
	}
	c.mu.Lock()
	if c.version != v {
		c.version, c.prev, c.entries, c.total = v, c.entries, map[K]V{}, 0
		for _, old := range c.prev {
			c.total += c.size(old)
		}
	}
	if got, ok := c.entries[key]; ok {
		c.mu.Unlock()
		return got, nil
	}
	if l, ok := c.loading[key]; ok && l.version == v {
		c.mu.Unlock()
		select {
		case <-l.done:
		case <-ctx.Done():
			return none, ctx.Err()
		}
		if ctx.Err() == nil && (errors.Is(l.err, context.Canceled) || errors.Is(l.err, context.DeadlineExceeded)) {
			return c.getReusing(ctx, st, key, loadFn) // the request that loaded went away: load again
		}
		return l.v, l.err
	}
	l := &load[V]{version: v, done: make(chan struct{})}
	if c.loading == nil {
		c.loading = map[K]*load[V]{}
	}
	c.loading[key] = l
	prev, reuse := c.prev[key]
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		if c.loading[key] == l {
			delete(c.loading, key)
		}
		c.mu.Unlock()
		close(l.done)
	}()
	if c.loads != nil {
		select {
		case c.loads <- struct{}{}:
			defer func() { <-c.loads }()
		case <-ctx.Done():
			l.err = ctx.Err()
			return none, l.err
		}
	}
	got, err := loadFn(prev, reuse)
	l.v, l.err = got, err
	if err != nil {
		return got, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v {
		return got, nil // the store moved meanwhile: served, not kept
	}
	if old, ok := c.prev[key]; ok {
		c.total -= c.size(old)
		delete(c.prev, key)
	}
	n := c.size(got)
	if n > c.max {
		return got, nil // larger than the whole cache: served, not kept
	}
	if old, ok := c.entries[key]; ok {
		c.total -= c.size(old)
		delete(c.entries, key)
	}
	for _, gen := range []map[K]V{c.prev, c.entries} { // the older first
		for k, old := range gen {
			if c.total+n <= c.max {
				break
			}
			delete(gen, k) // any one: the map's order is as good as chance
			c.total -= c.size(old)
		}
	}
	c.entries[key] = got
	c.total += n
	return got, nil
}

// tasksOf reads the tasks of a filter, folded, through the cache. After a
// write, a listing read again loads and folds only the tasks whose heads
// moved (one, after an office's update), not every task of the year.
func (s *Server) tasksOf(ctx context.Context, f report.TaskFilter) ([]report.Task, error) {
	return s.tasks.getReusing(ctx, s.st, f, func(prev []report.Task, ok bool) ([]report.Task, error) {
		if !ok {
			return track.LoadTasks(ctx, s.st, f)
		}
		return refold(ctx, s.st, f, prev)
	})
}

// boardKey is a board's listing and who reads it: the public board is
// folded without the internal events.
type boardKey struct {
	f      report.TaskFilter
	public bool
}

// boardOf reads the board of a listing through the cache. After a write
// only the tasks whose heads moved are read and folded again.
func (s *Server) boardOf(ctx context.Context, k boardKey) (*track.Board, error) {
	return s.boards.getReusing(ctx, s.st, k, func(prev *track.Board, ok bool) (*track.Board, error) {
		if !ok {
			ts, err := track.LoadTasks(ctx, s.st, k.f)
			if err != nil {
				return nil, err
			}
			return track.NewBoard(audience(ts, k.public)), nil
		}
		heads, err := s.st.TaskHeads(ctx, k.f)
		if err != nil {
			return nil, err
		}
		return prev.Refold(heads, func(ids []int64) ([]report.Task, error) {
			ts, err := track.LoadTasksByID(ctx, s.st, ids)
			return audience(ts, k.public), err
		})
	})
}

// audience is tasks as the public record shows them, or as they are.
func audience(ts []report.Task, public bool) []report.Task {
	if public {
		for i := range ts {
			ts[i] = track.Public(ts[i])
		}
	}
	return ts
}

// headOf is what a loaded task's head was when it was read.
func headOf(t report.Task) report.TaskHead {
	h := report.TaskHead{ID: t.ID, Region: t.Region, RegionCode: t.RegionCode, Year: t.Year}
	if n := len(t.Events); n > 0 {
		h.LastEvent = t.Events[n-1].ID
	}
	return h
}

// refold brings a filter's folded tasks, as read before, up to the store:
// the tasks whose heads are unchanged are kept as they are, the others
// read again at once. A task read after its head may be newer than it; it
// is read again next time, and never shown older than it is. A task gone
// since its head was listed is left out.
func refold(ctx context.Context, st report.Store, f report.TaskFilter, prev []report.Task) ([]report.Task, error) {
	heads, err := st.TaskHeads(ctx, f)
	if err != nil {
		return nil, err
	}
	had := make(map[int64]int, len(prev))
	for i, t := range prev {
		had[t.ID] = i
	}
	var stale []int64
	for _, h := range heads {
		if k, ok := had[h.ID]; !ok || headOf(prev[k]) != h {
			stale = append(stale, h.ID)
		}
	}
	fresh, err := track.LoadTasksByID(ctx, st, stale)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]report.Task, len(fresh))
	for _, t := range fresh {
		byID[t.ID] = t
	}
	out := make([]report.Task, 0, len(heads))
	for _, h := range heads {
		if t, ok := byID[h.ID]; ok {
			out = append(out, t)
		} else if k, ok := had[h.ID]; ok && headOf(prev[k]) == h {
			out = append(out, prev[k])
		}
	}
	return out, nil
}

// countsOf sums up the record for the front page, through the cache: at
// a national scale counting the facts takes a moment.
func (s *Server) countsOf(ctx context.Context) (report.Counts, error) {
	return s.counts.get(ctx, s.st, struct{}{}, func() (report.Counts, error) { return s.st.Counts(ctx) })
}

// checksOf judges every target of a region through the cache: a region
// with hundreds of reports takes tens of milliseconds to judge.
func (s *Server) checksOf(ctx context.Context, region string) ([]track.Check, error) {
	return s.checks.get(ctx, s.st, region, func() ([]track.Check, error) {
		return track.Checks(ctx, s.st, region, 0, extract.Directions())
	})
}

// regionAnalyses are what the region and compare pages show beside the
// figures: levels against growth, restated figures, attention.
type regionAnalyses struct {
	flags      []analysis.Inconsistency
	revisions  []analysis.Revision
	attentions []analysis.Attention
}

// analysesOf computes a region's analyses through the cache: the
// attention indices read every report's text.
func (s *Server) analysesOf(ctx context.Context, region string) (regionAnalyses, error) {
	return s.analyses.get(ctx, s.st, region, func() (regionAnalyses, error) {
		var a regionAnalyses
		var err error
		// One read of the region's results for both analyses.
		achieved, err := s.st.Facts(ctx, report.FactFilter{Region: region, Kind: report.Achieved})
		if err != nil {
			return a, err
		}
		if a.flags, err = analysis.ConsistencyOf(ctx, s.st, achieved); err != nil {
			return a, err
		}
		if a.revisions, err = analysis.RevisionsOf(ctx, s.st, region, achieved); err != nil {
			return a, err
		}
		rs, err := s.st.Reports(ctx, report.ReportFilter{Region: region})
		if err != nil {
			return a, err
		}
		for _, r := range rs {
			as, err := s.attentionOf(ctx, r)
			if err != nil {
				return a, err
			}
			a.attentions = append(a.attentions, as...)
		}
		return a, nil
	})
}

// attentionOf is a report's attention rates through a cache of its own: a
// region's analyses are kept for few regions, and reading each report's
// text again was most of what a region page cost.
func (s *Server) attentionOf(ctx context.Context, r report.Report) ([]analysis.Attention, error) {
	return s.attention.get(ctx, s.st, r.ID, func() ([]analysis.Attention, error) {
		as, err := analysis.ReportAttention(ctx, s.st, r, analysis.WordLists())
		for i := range as {
			// The pages chart a list's rate a year; they show no counts by
			// word or section.
			as[i].Words, as[i].BySection = nil, nil
		}
		return as, err
	})
}
