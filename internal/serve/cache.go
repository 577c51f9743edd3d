package serve

import (
	"bytes"
	"context"
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
}

func (c *versioned[K, V]) size(v V) int {
	if c.weight == nil {
		return 1
	}
	return max(1, c.weight(v))
}

func (c *versioned[K, V]) get(ctx context.Context, st report.Store, key K, load func() (V, error)) (V, error) {
	v, err := st.Version(ctx)
	if err != nil {
		return load()
	}
	c.mu.Lock()
	if got, ok := c.entries[key]; ok && c.version == v {
		c.mu.Unlock()
		return got, nil
	}
	c.mu.Unlock()
	got, err := load()
	if err != nil {
		return got, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v {
		c.version, c.entries, c.total = v, map[K]V{}, 0
	}
	n := c.size(got)
	if n > c.max {
		return got, nil // larger than the whole cache: served, not kept
	}
	if old, ok := c.entries[key]; ok {
		c.total -= c.size(old)
		delete(c.entries, key)
	}
	for k, old := range c.entries {
		if c.total+n <= c.max {
			break
		}
		delete(c.entries, k) // any one: the map's order is as good as chance
		c.total -= c.size(old)
	}
	c.entries[key] = got
	c.total += n
	return got, nil
}

// tasksOf reads the tasks of a filter, folded, through the cache.
func (s *Server) tasksOf(ctx context.Context, f report.TaskFilter) ([]report.Task, error) {
	return s.tasks.get(ctx, s.st, f, func() ([]report.Task, error) { return s.folded.load(ctx, s.st, f) })
}

// foldedTasks keeps folded tasks by ID, each with the head it was read at.
// A write lets the boards' lists go; a list read again loads and folds only
// the tasks whose heads moved (one, after an office's update) instead of
// every task of the year.
type foldedTasks struct {
	mu    sync.Mutex
	max   int // tasks kept; past it the cache starts afresh
	tasks map[int64]headedTask
}

type headedTask struct {
	head report.TaskHead
	task report.Task
}

// manyStale is how many changed tasks are read one by one; past it the
// whole list is read at once (a cold start, an import).
const manyStale = 64

func (c *foldedTasks) load(ctx context.Context, st report.Store, f report.TaskFilter) ([]report.Task, error) {
	heads, err := st.TaskHeads(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]report.Task, len(heads))
	var stale []int
	c.mu.Lock()
	for i, h := range heads {
		if got, ok := c.tasks[h.ID]; ok && got.head == h {
			out[i] = got.task
		} else {
			stale = append(stale, i)
		}
	}
	c.mu.Unlock()
	if len(stale) == 0 {
		return out, nil
	}
	fresh := make([]headedTask, 0, len(stale))
	if len(stale) > manyStale {
		all, err := track.LoadTasks(ctx, st, f)
		if err != nil {
			return nil, err
		}
		byID := make(map[int64]int, len(all))
		for i, t := range all {
			byID[t.ID] = i
		}
		for _, i := range stale {
			// Tasks are never deleted; one made after the heads were read
			// joins the list on the next read.
			if k, ok := byID[heads[i].ID]; ok {
				out[i] = all[k]
				fresh = append(fresh, headedTask{heads[i], all[k]})
			}
		}
	} else {
		for _, i := range stale {
			t, err := track.LoadTask(ctx, st, heads[i].ID)
			if err != nil {
				return nil, err
			}
			out[i] = *t
			fresh = append(fresh, headedTask{heads[i], *t})
		}
	}
	// A task read after its head may be newer than it: kept under the older
	// head, it is read again next time, never shown older than it is.
	c.mu.Lock()
	if c.tasks == nil || len(c.tasks)+len(fresh) > c.max {
		c.tasks = make(map[int64]headedTask, len(fresh))
	}
	for _, h := range fresh {
		c.tasks[h.head.ID] = h
	}
	c.mu.Unlock()
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
		if a.flags, err = analysis.Consistency(ctx, s.st, region); err != nil {
			return a, err
		}
		if a.revisions, err = analysis.Revisions(ctx, s.st, region); err != nil {
			return a, err
		}
		a.attentions, err = analysis.Attentions(ctx, s.st, report.ReportFilter{Region: region}, analysis.WordLists())
		return a, err
	})
}
