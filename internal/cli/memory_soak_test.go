//go:build soak

package cli

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMemoryUnderAttack (go test -tags soak -run TestMemoryUnderAttack
// ./internal/cli/, without -race, whose shadow memory would be measured
// too): a server over the 2,000-report bench corpus is sent a DOCX bomb,
// 100 different large check lists, 6 concurrent XLSX exports and 60
// concurrent raw views of reports, all at once where a client would; the
// server process's peak resident memory must stay under 512 MB.
func TestMemoryUnderAttack(t *testing.T) {
	const ceiling = 512 << 20
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("BAOGAO_SOAK_FILES")); err == nil && v > 0 {
		n = v
	}
	dir := t.TempDir()
	corpus, db := filepath.Join(dir, "corpus"), filepath.Join(dir, "soak.db")
	if _, _, err := makeCorpus([]string{"../../../shared/seeds", "../../../shared/corpus"}, corpus, n, benchRegions(8)); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "", "ingest", corpus, "--db", db, "--quiet"); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	run(t, "", "user", "add", "admin", "--role", "admin", "--db", db)
	token := strings.TrimSpace(run(t, "", "user", "token", "admin", "--db", db).stdout)
	base, pid := startServePID(t, db)
	rss := func(field string) int64 {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, field+":") {
				kb, _ := strconv.ParseInt(strings.Fields(l)[1], 10, 64)
				return kb << 10
			}
		}
		return 0
	}
	get := func(path string) int {
		resp, err := http.Get(base + path)
		if err != nil {
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	get("/api/v1/reports")
	t.Logf("at start: RSS %d MB", rss("VmRSS")>>20)

	// A DOCX of 600 KB whose text is 150 MB.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>`))
	chunk := bytes.Repeat([]byte("各位代表"), 1<<16)
	for i := 0; i < 150<<20/len(chunk); i++ {
		w.Write(chunk)
	}
	w.Write([]byte(`</w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "bomb.docx")
	fw.Write(bomb.Bytes())
	mw.Close()
	req, _ := http.NewRequest("POST", base+"api/v1/reports", &body)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(msg), "压缩炸弹") || strings.Contains(string(msg), `"report_id"`) {
		t.Errorf("a %d KB DOCX bomb: %d %s", bomb.Len()>>10, resp.StatusCode, msg)
	}
	t.Logf("after the bomb: peak %d MB", rss("VmHWM")>>20)

	codes := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	count := func(code int) { mu.Lock(); codes[code]++; mu.Unlock() }
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			count(get(fmt.Sprintf("api/v1/checks?region=%s&n=%d", []string{"320902", "320500", "330903", "330211"}[i%4], i)))
		}(i)
	}
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); count(get("api/v1/exports/facts?format=xlsx")) }()
	}
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func(i int) { defer wg.Done(); count(get(fmt.Sprintf("reports/%d?view=raw", 1+i*(n-1)/60))) }(i)
	}
	start := time.Now()
	wg.Wait()
	peak := rss("VmHWM")
	t.Logf("100 check lists, 6 XLSX exports and 60 raw views in %.1f s: answers %v; peak RSS %d MB (ceiling %d MB)",
		time.Since(start).Seconds(), codes, peak>>20, ceiling>>20)
	if peak > ceiling {
		t.Errorf("peak RSS %d MB over the ceiling of %d MB", peak>>20, ceiling>>20)
	}
	if codes[http.StatusInternalServerError] > 0 {
		t.Errorf("%d answers were 500", codes[http.StatusInternalServerError])
	}
}
