package serve

import (
	"bytes"
	"net/http"
	"sync"
)

// maxCached bounds the response cache; when full it starts afresh.
const maxCached = 4096

// responseCache keeps the JSON of read-only API answers until the store's
// version moves: reports and facts are read far more than written.
type responseCache struct {
	mu      sync.Mutex
	version string
	entries map[string][]byte
}

// recorder captures a response so it can be cached.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (r *recorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }
func (r *recorder) Write(b []byte) (int, error) {
	r.buf.Write(b)
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
			c.version, c.entries = v, map[string][]byte{}
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
		if rec.status != http.StatusOK {
			return
		}
		c.mu.Lock()
		if c.version == v {
			if len(c.entries) >= maxCached {
				c.entries = map[string][]byte{}
			}
			c.entries[key] = rec.buf.Bytes()
		}
		c.mu.Unlock()
	}
}
