package serve

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/export"
	"github.com/baogao/baogao/internal/report"
)

// TestSecurityHeaders: pages, API answers, static files and errors all
// carry the headers.
func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t, Options{})
	for _, path := range []string{"/", "/api/v1/reports", "/static/app.js", "/reports/99999", "/login"} {
		resp, err := http.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") || strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self' 'unsafe-inline'") ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}

// TestUploadsLeaveNoTempFiles: a multipart body spooled to disk is
// removed whether the upload was refused or taken.
func TestUploadsLeaveNoTempFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	f := newFixture(t, Options{MaxUpload: 64 << 20})
	body := func(field string, size int) (*bytes.Buffer, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("progress", "现场照片")
		w, _ := mw.CreateFormFile(field, "现场照片.png")
		w.Write(bytes.Repeat([]byte("照"), size/3))
		mw.Close()
		return &buf, mw.FormDataContentType()
	}
	left := func() []string {
		m, _ := filepath.Glob(filepath.Join(tmp, "multipart-*"))
		return m
	}
	admin := f.token(t, "admin")
	cases := []struct {
		name, path, token, field string
		size, want               int
	}{
		{"anonymous form", "/tasks/1", "", "evidence_file", 12 << 20, http.StatusUnauthorized},
		{"anonymous API", "/api/v1/evidence", "", "file", 12 << 20, http.StatusUnauthorized},
		{"accepted evidence", "/api/v1/evidence", admin, "file", 12 << 20, http.StatusOK},
		{"accepted, then refused for a missing task", "/tasks/99999", admin, "evidence_file", 12 << 20, http.StatusNotFound},
	}
	for _, c := range cases {
		b, ct := body(c.field, c.size)
		code, msg := f.do(t, "POST", c.path, c.token, b, ct)
		if code != c.want && !(c.want == http.StatusOK && code == http.StatusCreated) {
			t.Errorf("%s: %d %s", c.name, code, msg)
		}
		if m := left(); len(m) != 0 {
			t.Errorf("%s: %d temporary files left: %v", c.name, len(m), m)
		}
	}
}

// TestLoginLimits: a sign-in from another site is refused, an address
// that keeps trying is slowed down with 429 and Retry-After, an account
// that keeps failing is locked for a while even with the right password,
// and an unknown name costs as much time as a known one. Each part comes
// from an address of its own (through a trusted proxy's header).
func TestLoginLimits(t *testing.T) {
	f := newFixture(t, Options{TrustProxy: true})
	post := func(addr, name, pw string, hdr map[string]string) *http.Response {
		req, _ := http.NewRequest("POST", f.srv.URL+"/login", strings.NewReader(url.Values{"name": {name}, "password": {pw}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", addr)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post("10.0.0.1", "admin", "password-admin", map[string]string{"Origin": "http://evil.example"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin sign-in: %d", resp.StatusCode)
	}
	if resp := post("10.0.0.1", "admin", "password-admin", map[string]string{"Origin": f.srv.URL}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("same-origin sign-in: %d", resp.StatusCode)
	}

	median := func(addr, name string) time.Duration {
		var ds []time.Duration
		for i := 0; i < 5; i++ {
			start := time.Now()
			if resp := post(addr, name, "wrong-password", nil); resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("%s: %d", name, resp.StatusCode)
			}
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		return ds[2]
	}
	known, unknown := median("10.0.0.2", "reader"), median("10.0.0.3", "nobody-here")
	if unknown < known/2 {
		t.Errorf("an unknown name answers in %v, a known one in %v: the time tells them apart", unknown, known)
	}

	// reader has failed five times: a sixth is answered, then the account
	// is locked, from any address, the right password included.
	if resp := post("10.0.0.4", "reader", "wrong-password", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("sixth failure: %d", resp.StatusCode)
	}
	if resp := post("10.0.0.5", "reader", "password-reader", nil); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("a locked account with the right password: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}

	// One address guessing many accounts is slowed down after its burst.
	codes := map[int]int{}
	var retry string
	for i := 0; i < 12; i++ {
		resp := post("10.0.0.6", "user"+itoa(i), "guess", nil)
		codes[resp.StatusCode]++
		if resp.StatusCode == http.StatusTooManyRequests {
			retry = resp.Header.Get("Retry-After")
		}
	}
	if codes[http.StatusUnauthorized] != 10 || codes[http.StatusTooManyRequests] != 2 || retry == "" {
		t.Errorf("12 sign-ins from one address: %v, Retry-After %q", codes, retry)
	}
}

// TestSecureCookie: the session cookie is Secure when the public address
// is https, or a trusted proxy says the browser used https.
func TestSecureCookie(t *testing.T) {
	cases := []struct {
		opt    Options
		header string
		want   bool
	}{
		{Options{}, "", false},
		{Options{}, "https", false}, // an untrusted header is ignored
		{Options{TrustProxy: true}, "https", true},
		{Options{PublicURL: "https://baogao.example.gov.cn"}, "", true},
	}
	for _, c := range cases {
		f := newFixture(t, c.opt)
		req, _ := http.NewRequest("POST", f.srv.URL+"/login", strings.NewReader("name=admin&password=password-admin"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if c.header != "" {
			req.Header.Set("X-Forwarded-Proto", c.header)
		}
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cs := resp.Cookies()
		if len(cs) != 1 || cs[0].Secure != c.want {
			t.Errorf("%+v %q: cookies %v, want Secure=%v", c.opt, c.header, cs, c.want)
		}
	}
}

// TestExportLimit: an address that exports again and again is told to wait.
func TestExportLimit(t *testing.T) {
	f := newFixture(t, Options{})
	var codes []int
	for i := 0; i < 5; i++ {
		code, _ := f.do(t, "GET", "/api/v1/exports/facts?format=csv", "", nil, "")
		codes = append(codes, code)
	}
	if codes[0] != http.StatusOK || codes[len(codes)-1] != http.StatusTooManyRequests {
		t.Errorf("five exports in a row: %v", codes)
	}
}

// TestCacheBoundedInBytes: answers too large to cache are served but not
// kept, and the cache never holds more than its byte bound.
func TestCacheBoundedInBytes(t *testing.T) {
	f := newFixture(t, Options{})
	big := strings.Repeat("长", maxCachedEntry/3+1) // over the entry bound
	h := f.s.cached(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("big") != "" {
			w.Write([]byte(big))
			return
		}
		w.Write(bytes.Repeat([]byte("x"), 1<<20+len(r.URL.RawQuery)))
	})
	for i := 0; i < 200; i++ {
		q := "n=" + itoa(i)
		if i%10 == 0 {
			q = "big=1&" + q
		}
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequest("GET", "/api/v1/facts?"+q, nil))
		if i%10 == 0 && rec.Body.Len() != len(big) {
			t.Fatalf("a large answer was cut: %d bytes", rec.Body.Len())
		}
		f.s.cache.mu.Lock()
		n, held := f.s.cache.bytes, 0
		for _, b := range f.s.cache.entries {
			held += len(b)
			if len(b) > maxCachedEntry {
				t.Errorf("an entry of %d bytes is kept", len(b))
			}
		}
		f.s.cache.mu.Unlock()
		if n != held || n > maxCachedBytes {
			t.Fatalf("after %d answers the cache counts %d bytes, holds %d (bound %d)", i+1, n, held, maxCachedBytes)
		}
	}
}

// TestReportReadsBounded: however many readers come at once, no more
// report answers are made at a time than there are slots.
func TestReportReadsBounded(t *testing.T) {
	f := newFixture(t, Options{})
	slots := make(chan struct{}, 2)
	var mu sync.Mutex
	in, most := 0, 0
	h := f.s.oneOfFew(slots, "读取报告", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		in++
		most = max(most, in)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		in--
		mu.Unlock()
	})
	var wg sync.WaitGroup
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			h(rec, httptest.NewRequest("GET", "/reports/1", nil))
			if rec.Code != http.StatusOK {
				t.Errorf("a reader who waited its turn: %d", rec.Code)
			}
		}()
	}
	wg.Wait()
	if most != 2 {
		t.Errorf("%d answers made at once, want 2", most)
	}
}

// TestFactExportPages: an export read a few facts at a time holds every
// fact once, in order.
func TestFactExportPages(t *testing.T) {
	f := newFixture(t, Options{})
	f.upload(t, f.token(t, "admin"), seedPath(t, "003"))
	all, _ := f.st.Facts(ctx, report.FactFilter{})
	defer func(n int) { exportPage = n }(exportPage)
	exportPage = 7
	code, body := f.do(t, "GET", "/api/v1/exports/facts?format=csv", "", nil, "")
	rows, err := export.ReadTable("x.csv", body)
	if code != 200 || err != nil || len(rows) != len(all)+1 || len(all) < 20 {
		t.Fatalf("%d %v: %d rows for %d facts", code, err, len(rows), len(all))
	}
	for i, x := range all {
		if rows[i+1][4] != x.Indicator || rows[i+1][19] != itoa(x.Start) {
			t.Fatalf("row %d is %v, fact %d is %s at %d", i+1, rows[i+1], x.ID, x.Indicator, x.Start)
		}
	}
}
