package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/store/postgres/pgtest"
)

// childArgs names the variable that makes the test binary run baogao
// itself, so that a test can start real server processes.
const childArgs = "BAOGAO_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if v := os.Getenv(childArgs); v != "" {
		var args []string
		if err := json.Unmarshal([]byte(v), &args); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Exit(Run(context.Background(), args, Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	os.Exit(m.Run())
}

// startServe starts `baogao serve` in a process of its own and returns
// its address; the process is killed when t ends.
func startServe(t *testing.T, db string) string {
	t.Helper()
	url, _ := startServePID(t, db)
	return url
}

// startServePID is startServe that also returns the process's id.
func startServePID(t *testing.T, db string) (string, int) {
	t.Helper()
	args, _ := json.Marshal([]string{"serve", "--addr", "127.0.0.1:0", "--db", db})
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childArgs+"="+string(args))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u := regexp.MustCompile(`http://[0-9.:]+/`).FindString(sc.Text()); u != "" {
				found <- u
				break
			}
		}
		io.Copy(io.Discard, out)
	}()
	select {
	case u := <-found:
		return u, cmd.Process.Pid
	case <-time.After(30 * time.Second):
		t.Fatal("the server printed no address")
		return "", 0
	}
}

// TestTwoServersOnePostgres: two server processes share one PostgreSQL
// database; 50 writers update the same task through both at once. Every
// update ends stored exactly once with gapless event numbers, and a
// writer that lost a race is told 409 (retry), never 500.
func TestTwoServersOnePostgres(t *testing.T) {
	db := pgtest.DSN(t)
	if r := run(t, "", "ingest", "../../examples/reports", "--db", db); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	if r := run(t, "", "user", "add", "督查室", "--role", "admin", "--db", db); r.code != 0 {
		t.Fatalf("user add: %+v", r)
	}
	tok := run(t, "", "user", "token", "督查室", "--db", db)
	token := strings.TrimSpace(tok.stdout)
	if tok.code != 0 || token == "" {
		t.Fatalf("token: %+v", tok)
	}
	servers := []string{startServe(t, db), startServe(t, db)}

	resp, err := http.Get(servers[0] + "api/v1/tasks")
	if err != nil {
		t.Fatal(err)
	}
	var tasks struct {
		Items []struct {
			ID     int64             `json:"id"`
			Events []json.RawMessage `json:"events"`
		} `json:"items"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tasks)
	resp.Body.Close()
	if err != nil || len(tasks.Items) == 0 {
		t.Fatalf("tasks: %v (%d)", err, len(tasks.Items))
	}
	id := tasks.Items[0].ID
	before := len(tasks.Items[0].Events)

	const writers = 50
	var conflicts, others atomic.Int64
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 30 * time.Second}
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			body := fmt.Sprintf(`{"progress":"第%d次报送"}`, w)
			for try := 0; try < 200; try++ {
				req, _ := http.NewRequest("POST", fmt.Sprintf("%sapi/v1/tasks/%d", servers[w%2], id), strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					others.Add(1)
					return
				}
				msg, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch resp.StatusCode {
				case http.StatusOK:
					return
				case http.StatusConflict:
					conflicts.Add(1)
					time.Sleep(time.Duration(try%7) * time.Millisecond)
				default:
					others.Add(1)
					t.Errorf("writer %d: %d %s", w, resp.StatusCode, msg)
					return
				}
			}
			t.Errorf("writer %d never got through", w)
		}(w)
	}
	wg.Wait()
	if others.Load() != 0 {
		t.Fatalf("%d answers neither 200 nor 409", others.Load())
	}

	resp, err = http.Get(fmt.Sprintf("%sapi/v1/tasks/%d", servers[1], id))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Events []struct {
			Seq  int               `json:"seq"`
			Kind string            `json:"kind"`
			Data map[string]string `json:"data"`
		} `json:"events"`
	}
	err = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Events) != before+writers {
		t.Errorf("%d events, want %d before + %d updates", len(got.Events), before, writers)
	}
	seen := map[string]int{}
	for i, e := range got.Events {
		if e.Seq != i+1 {
			t.Fatalf("event %d has seq %d: not gapless", i, e.Seq)
		}
		for _, v := range e.Data {
			if strings.HasSuffix(v, "次报送") {
				seen[v]++
			}
		}
	}
	for w := 0; w < writers; w++ {
		if n := seen[fmt.Sprintf("第%d次报送", w)]; n != 1 {
			t.Errorf("update %d stored %d times", w, n)
		}
	}
	t.Logf("%d updates through 2 servers: %d answered 409 and were retried, 0 errors", writers, conflicts.Load())
}
