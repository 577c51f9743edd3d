package serve

import (
	"bytes"
	"context"
	"net/http"
	"sync"

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

// taskCache keeps the tasks of the boards, folded, until the store's
// version moves: a board of 20,000 tasks reads and folds every event,
// and offices look at the same boards all day between updates.
type taskCache struct {
	mu      sync.Mutex
	version string
	entries map[report.TaskFilter][]report.Task
}

// maxTaskFilters bounds the filters kept; past it the cache starts afresh.
const maxTaskFilters = 16

// load returns the tasks of a filter, from the cache while the store has
// not changed. Callers must not change the tasks.
func (c *taskCache) load(ctx context.Context, st report.Store, f report.TaskFilter) ([]report.Task, error) {
	v, err := st.Version(ctx)
	if err != nil {
		return track.LoadTasks(ctx, st, f)
	}
	c.mu.Lock()
	if c.version == v {
		if ts, ok := c.entries[f]; ok {
			c.mu.Unlock()
			return ts, nil
		}
	}
	c.mu.Unlock()
	ts, err := track.LoadTasks(ctx, st, f)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v || len(c.entries) >= maxTaskFilters {
		c.version, c.entries = v, map[report.TaskFilter][]report.Task{}
	}
	c.entries[f] = ts
	return ts, nil
}
