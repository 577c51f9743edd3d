// Package serve gives people a web UI and scripts a JSON REST API over a
// report.Store. Reading is open unless the server is private; every write
// needs an account and is recorded with it.
package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"golang.org/x/text/language"

	"github.com/baogao/baogao/internal/analysis"
	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
	"github.com/baogao/baogao/internal/web"
)

// Options configure a server.
type Options struct {
	Private   bool  // reading needs an account too
	MaxUpload int64 // bytes per upload request; 0 means 50 MB
	Log       *slog.Logger
	Now       func() time.Time
	// PublicURL is the address people reach the server by; an https://
	// one makes session cookies Secure behind a proxy that ends TLS.
	PublicURL string
	// TrustProxy takes X-Forwarded-For and X-Forwarded-Proto from the
	// proxy in front as the client's address and scheme.
	TrustProxy bool
	// Weights are the office's 绩效考核 weights (nil: the default table).
	Weights *track.Weights
	// AnswerDays are the working days a unit has to answer a citizen's
	// question (0: 5).
	AnswerDays int
	// Mail is the SMTP server notices are sent through (nil: none).
	Mail *Mail
}

// Server serves one store.
type Server struct {
	st       report.Store
	opt      Options
	log      *slog.Logger
	tmpl     *template.Template
	mux      *http.ServeMux
	ingest   sync.Mutex // the ingester compares against what is stored: one at a time
	routes   []route
	handler  http.Handler
	cache    responseCache
	tasks    versioned[report.TaskFilter, []report.Task]
	boards   versioned[boardKey, *track.Board]
	analyses versioned[string, regionAnalyses]
	checks   versioned[string, []track.Check]
	// attention keeps each report's attention rates (a few numbers).
	attention versioned[int64, []analysis.Attention]
	cascades  versioned[string, *analysis.Cascade]
	counts    versioned[struct{}, report.Counts]
	limits    *limits
	mails     chan queuedMail // notices waiting to be mailed
}

type route struct {
	method, pattern string
	api             bool
	h               http.HandlerFunc
}

// New returns a server over st.
func New(st report.Store, opt Options) (*Server, error) {
	if opt.MaxUpload <= 0 {
		opt.MaxUpload = 50 << 20
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	tmpl, err := web.Templates(funcs)
	if err != nil {
		return nil, err
	}
	s := &Server{st: st, opt: opt, log: opt.Log, tmpl: tmpl, mux: http.NewServeMux(), limits: newLimits(), mails: make(chan queuedMail, 256)}
	if opt.Mail != nil {
		go s.sendMails()
		go s.sendMails()
	}
	// Listings in full (exports, bulletins, feeds) keep up to 200,000
	// folded tasks in all;
	// the others are small.
	s.tasks.max, s.tasks.weight = 200_000, func(ts []report.Task) int { return len(ts) }
	s.tasks.loads = make(chan struct{}, runtime.NumCPU()) // a listing loads on one core
	// The boards and unit tables keep 1,200,000 tasks in all, some 64
	// bytes each: every year of a national store.
	s.boards.max, s.boards.weight = 1_200_000, (*track.Board).Len
	s.boards.loads = s.tasks.loads
	s.analyses.max, s.checks.max, s.cascades.max, s.counts.max = 64, 256, 32, 1
	s.attention.max = 50_000 // reports, under 1 KB each
	s.apiRoutes()
	s.pageRoutes()
	s.participationRoutes()
	for _, rt := range s.routes {
		s.mux.HandleFunc(rt.method+" "+rt.pattern, rt.h)
	}
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", web.Static()))
	s.handler = s.recover(secureHeaders(s.logRequests(s.identify(s.audited(s.privacy(removeUploads(s.mux)))))))
	return s, nil
}

func (s *Server) handle(method, pattern string, api bool, h http.HandlerFunc) {
	s.routes = append(s.routes, route{method, pattern, api, h})
}

// Routes lists the routes the server answers, "METHOD /pattern".
func (s *Server) Routes(apiOnly bool) []string {
	var out []string
	for _, r := range s.routes {
		if !apiOnly || r.api {
			out = append(out, r.method+" "+r.pattern)
		}
	}
	return out
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// ListenAndServe serves on addr until ctx ends, then shuts down gracefully.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // uploads
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.log.Info("shutting down")
	return srv.Shutdown(shut)
}

// recover is a backstop: a panic in a handler becomes a 500, logged with
// its stack, and the server goes on.
func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.fail(w, r, fmt.Errorf("internal error"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(sw, r)
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", time.Since(start).Milliseconds())
	})
}

// privacy closes reading to anonymous visitors on a private server,
// leaving the sign-in page and static files open.
func (s *Server) privacy(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.opt.Private && userOf(r) == nil && r.URL.Path != "/login" && !hasPrefix(r.URL.Path, "/static/") {
			if !hasPrefix(r.URL.Path, "/api/") && r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, report.Errorf(report.Unauthenticated, "本站不公开：请先登录"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// statusOf is the one table from error kinds to HTTP statuses.
func statusOf(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	switch report.KindOf(err) {
	case report.NotFound:
		return http.StatusNotFound
	case report.Invalid:
		return http.StatusBadRequest
	case report.Conflict:
		return http.StatusConflict
	case report.Forbidden:
		return http.StatusForbidden
	case report.Unauthenticated:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// errorCode is a status as the stable word programs test for.
func errorCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "invalid"
	case http.StatusUnauthorized:
		return "unauthenticated"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not_found"
	case http.StatusConflict:
		return "conflict"
	case http.StatusRequestEntityTooLarge:
		return "too_large"
	case http.StatusTooManyRequests:
		return "busy"
	case http.StatusUnprocessableEntity:
		return "unprocessable"
	}
	return "internal"
}

// fail answers with an error: JSON for the API, a page for people.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := statusOf(err)
	var limited *tooMany
	if errors.As(err, &limited) {
		code = http.StatusTooManyRequests
		w.Header().Set("Retry-After", strconv.Itoa(retrySeconds(limited.retry)))
	}
	msg := report.Message(err, langOf(r))
	if code == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "服务器内部错误，已记录 (internal error)"
		if langOf(r) == "en" {
			msg = "internal error, logged"
		}
	}
	if hasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, code, apiError{errorBody{Status: code, Code: errorCode(code), Message: msg}})
		return
	}
	w.WriteHeader(code)
	s.render(w, r, "error", map[string]any{"Status": code, "Message": msg})
}

// langOf is the language a request asks its messages in: English when
// Accept-Language prefers it to Chinese, else Chinese.
func langOf(r *http.Request) string {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return "zh"
	}
	if _, i, _ := langMatcher.Match(tags...); i == 1 {
		return "en"
	}
	return "zh"
}

var langMatcher = language.NewMatcher([]language.Tag{language.Chinese, language.English})

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// intParam reads an optional integer query parameter.
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, report.Errorf(report.Invalid, "%s=%q：应为 %d 到 %d 的整数", name, v, lo, hi)
	}
	return n, nil
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, report.Errorf(report.Invalid, "%q 不是编号", r.PathValue("id"))
	}
	return id, nil
}

// ingestFile runs the pipeline on one uploaded file and stores it.
func (s *Server) ingestFile(ctx context.Context, name, uploader string, raw []byte) (pipeline.Outcome, int64, error) {
	p, err := pipeline.Process(fileOf(name, raw), pipeline.Options{})
	if err != nil {
		return "", 0, err
	}
	s.ingest.Lock()
	defer s.ingest.Unlock()
	in := &pipeline.Ingester{Store: s.st, Uploader: uploader}
	return in.Add(ctx, p)
}
