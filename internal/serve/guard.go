package serve

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// contentSecurity allows the project's own script and styles and nothing
// inline but styles (charts are SVG with style attributes), and no framing.
const contentSecurity = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secureHeaders sets the security headers on every response.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurity)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// removeUploads deletes the temporary files a multipart body was spooled
// to once the handler is done, whether it took the upload or refused it.
// The server does this only for the request it made, not for the copy
// with the account in its context that handlers see.
func removeUploads(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if r.MultipartForm != nil {
				r.MultipartForm.RemoveAll()
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// tooMany is a refusal for going over a rate limit.
type tooMany struct {
	what  string
	retry time.Duration
}

func (e *tooMany) Error() string {
	return fmt.Sprintf("%s过于频繁，请 %d 秒后再试", e.what, retrySeconds(e.retry))
}

func retrySeconds(d time.Duration) int { return max(1, int(math.Ceil(d.Seconds()))) }

// limiter is a token bucket per key (an address or an account): rate
// tokens a second, up to burst. It keeps at most maxKeys buckets, so that
// a client making up keys cannot grow it without bound; when full, it
// forgets the buckets that have refilled.
type limiter struct {
	rate, burst float64
	mu          sync.Mutex
	buckets     map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

const maxKeys = 20000

func newLimiter(perMinute, burst int) *limiter {
	return &limiter{rate: float64(perMinute) / 60, burst: float64(burst), buckets: map[string]*bucket{}}
}

// take spends a token of key's bucket, or says how long until one is there.
func (l *limiter) take(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxKeys {
			l.forgetFull(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// forgetFull drops the buckets that have refilled (they would start full
// anyway); if none has, it starts afresh rather than grow.
func (l *limiter) forgetFull(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxKeys {
		l.buckets = map[string]*bucket{}
	}
}

// limits are the rate limits of one server.
type limits struct {
	login   *limiter // sign-in attempts per address
	uploads *limiter // uploads per account (anonymous ones are refused unread)
	exports *limiter // heavy exports per address
	// What the public writes: questions, proposals and ballots per
	// account and per address (one address may hold many accounts), and
	// registrations per address.
	ask, askAddr *limiter
	register     *limiter
	heavy        chan struct{}
	reports      chan struct{} // report pages and answers in the making: each holds a whole report
	lockout      lockout
}

func newLimits() *limits {
	return &limits{
		login:    newLimiter(20, 10),
		uploads:  newLimiter(600, 120),
		exports:  newLimiter(6, 3),
		ask:      newLimiter(1, 10),
		askAddr:  newLimiter(5, 30),
		register: newLimiter(1, 5),
		heavy:    make(chan struct{}, 2),
		reports:  make(chan struct{}, 4*runtime.NumCPU()),
		lockout:  lockout{failures: map[string]*failures{}},
	}
}

// clientAddr is the address a request came from: the peer, or with a
// trusted proxy in front the last address it added to X-Forwarded-For.
func (s *Server) clientAddr(r *http.Request) string {
	if s.opt.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// secureRequest tells whether the browser reached the server over HTTPS,
// directly, through a trusted proxy, or by the public address.
func (s *Server) secureRequest(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.opt.PublicURL, "https://") ||
		s.opt.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// rateLimited wraps a handler with a limit keyed by the client's address,
// or its account when signed in.
func (s *Server) rateLimited(l *limiter, what string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := "addr:" + s.clientAddr(r)
		if u := userOf(r); u != nil {
			key = "user:" + strconv.FormatInt(u.ID, 10)
		}
		if ok, wait := l.take(key, s.opt.Now()); !ok {
			s.fail(w, r, &tooMany{what, wait})
			return
		}
		h(w, r)
	}
}

// publicWrite limits what the public writes both per account and per
// address; anonymous requests pass on to be refused unread.
func (s *Server) publicWrite(what string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := userOf(r)
		if u == nil {
			h(w, r)
			return
		}
		now := s.opt.Now()
		if ok, wait := s.limits.ask.take("user:"+strconv.FormatInt(u.ID, 10), now); !ok {
			s.fail(w, r, &tooMany{what, wait})
			return
		}
		if ok, wait := s.limits.askAddr.take("addr:"+s.clientAddr(r), now); !ok {
			s.fail(w, r, &tooMany{what, wait})
			return
		}
		h(w, r)
	}
}

// heavyExport lets a few exports run at once, each client within its
// rate; the others are told to come back.
func (s *Server) heavyExport(h http.HandlerFunc) http.HandlerFunc {
	limited := s.rateLimited(s.limits.exports, "导出", h)
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.limits.heavy <- struct{}{}:
			defer func() { <-s.limits.heavy }()
			limited(w, r)
		default:
			s.fail(w, r, &tooMany{"同时进行的导出", 5 * time.Second})
		}
	}
}

// oneOfFew runs h when one of the slots is free, waiting a while for one:
// memory then stays bounded however many readers come at once, and a
// reader who waited too long is told when to come back.
func (s *Server) oneOfFew(slots chan struct{}, what string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		wait := time.NewTimer(10 * time.Second)
		defer wait.Stop()
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
			h(w, r)
		case <-wait.C:
			s.fail(w, r, &tooMany{what, 5 * time.Second})
		case <-r.Context().Done():
		}
	}
}

// lockout slows down guessing one account's password: after a few
// failures in a row each further attempt waits twice as long, up to a
// quarter of an hour, whatever the address.
type lockout struct {
	mu       sync.Mutex
	failures map[string]*failures
}

type failures struct {
	n     int
	until time.Time
}

const (
	freeFailures = 5
	maxLockout   = 15 * time.Minute
)

// wait says how long the account must wait before its next attempt.
func (l *lockout) wait(name string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f, ok := l.failures[name]; ok && now.Before(f.until) {
		return f.until.Sub(now)
	}
	return 0
}

func (l *lockout) failed(name string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.failures[name]
	if !ok {
		if len(l.failures) >= maxKeys {
			l.failures = map[string]*failures{}
		}
		f = &failures{}
		l.failures[name] = f
	}
	f.n++
	if f.n > freeFailures {
		d := time.Second << min(f.n-freeFailures-1, 20)
		f.until = now.Add(min(d, maxLockout))
	}
}

func (l *lockout) succeeded(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, name)
}

// sameOrigin refuses a form posted from another site: a browser names the
// page's origin, and a login made from a stranger's page would sign the
// visitor in as the stranger.
func sameOrigin(r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true // scripts and older browsers send none
	}
	i := strings.Index(origin, "://")
	return i >= 0 && strings.EqualFold(origin[i+3:], r.Host)
}
