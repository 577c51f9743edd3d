package cli

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	if r := run(t, "s3cret-password\n", "user", "add", "张三", "--role", "editor", "--unit", "县民政局", "--password-stdin", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "张三 (editor, 县民政局)") {
		t.Fatalf("add: %+v", r)
	}
	if r := run(t, "", "user", "add", "张三", "--role", "viewer", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "已存在") {
		t.Errorf("duplicate: %+v", r)
	}
	if r := run(t, "", "user", "add", "王五", "--role", "boss", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "角色") {
		t.Errorf("bad role: %+v", r)
	}
	if r := run(t, "s3cret-password\n", "user", "add", "王代表", "--role", "deputy", "--password-stdin", "--db", db); r.code != 0 {
		t.Errorf("a deputy: %+v", r)
	}
	if r := run(t, "short\n", "user", "add", "赵六", "--password-stdin", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "至少 8 位") {
		t.Errorf("short password: %+v", r)
	}
	r := run(t, "", "user", "add", "李四", "--db", db)
	if r.code != 0 || !regexp.MustCompile(`password: \S{16}`).MatchString(r.stdout) {
		t.Errorf("generated password: %+v", r)
	}
	tok := run(t, "", "user", "token", "张三", "--db", db)
	if tok.code != 0 || len(strings.TrimSpace(tok.stdout)) < 40 {
		t.Errorf("token: %+v", tok)
	}
	if r := run(t, "", "user", "token", "nobody", "--db", db); r.code != 1 {
		t.Errorf("token for a missing user: %+v", r)
	}
	if r := run(t, "", "user", "token", "张三", "--name", "看板", "--expires", "90d", "--db", db); r.code != 0 || !strings.Contains(r.stderr, "有效期至") {
		t.Errorf("token with a lifetime: %+v", r)
	}
	if r := run(t, "", "user", "token", "张三", "--expires", "soon", "--db", db); r.code != 2 {
		t.Errorf("a lifetime that is not one: %+v", r)
	}
	if r := run(t, "", "user", "token", "张三", "--revoke", "--name", "看板", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "已吊销 张三 的 1 个令牌") {
		t.Errorf("revoke by name: %+v", r)
	}
	if r := run(t, "", "user", "token", "张三", "--revoke", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "已吊销 张三 的 1 个令牌") {
		t.Errorf("revoke the rest: %+v", r)
	}
}

// syncBuffer is a bytes.Buffer safe to read while a server writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestServeShutsDownGracefully starts the server on a free port, asks it
// something, then stops it as a signal would.
func TestServeShutsDownGracefully(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	run(t, "", "ingest", "../../examples/reports", "--db", db)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	go func() {
		done <- Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, Env{Stdout: &out, Stderr: &errb})
	}()
	var url string
	for i := 0; i < 100 && url == ""; i++ {
		time.Sleep(20 * time.Millisecond)
		url = regexp.MustCompile(`http://[0-9.:]+/`).FindString(out.String())
	}
	if url == "" {
		t.Fatalf("no address printed: %q %q", out.String(), errb.String())
	}
	resp, err := http.Get(url + "api/v1/reports")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET: %v %v", err, resp)
	}
	resp.Body.Close()
	cancel()
	select {
	case code := <-done:
		if code != 0 || !strings.Contains(errb.String(), "shutting down") {
			t.Errorf("exit %d, log %q", code, errb.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not stop")
	}
}
