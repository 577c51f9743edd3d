package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestKilledIngestLosesNothing kills an ingest with SIGKILL at several
// points (a quarter of the files stored, two thirds, and once all are
// stored, while evidence is proposed), reruns it, and compares the record
// with a clean run's: the same rows in every table, evidence proposals
// included, no orphans, and SQLite's integrity check passes.
// $BAOGAO_CRASH_FILES sets the corpus size (default 60; RELIABILITY.md
// gives the figures of a 2,000-file run).
func TestKilledIngestLosesNothing(t *testing.T) {
	n := 60
	if v, err := strconv.Atoi(os.Getenv("BAOGAO_CRASH_FILES")); err == nil && v > 0 {
		n = v
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	if _, _, err := makeCorpus([]string{"../../../shared/seeds", "../../../shared/corpus"}, corpus, n, benchRegions(8)); err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(dir, "clean.db")
	if r := run(t, "", "ingest", corpus, "--db", clean, "--quiet"); r.code != 0 {
		t.Fatalf("clean run: %+v", r)
	}
	want := recordCounts(t, clean)
	if want["reports"] < n/2 || want["suggestions"] == 0 {
		t.Fatalf("the clean run stored too little to test with: %v", want)
	}

	crashed := filepath.Join(dir, "crashed.db")
	for _, at := range []int{want["reports"] / 4, want["reports"] * 2 / 3, want["reports"]} {
		killAt(t, corpus, crashed, at)
		got := recordCounts(t, crashed)
		if got["reports"] < at {
			t.Fatalf("killed with %d reports stored, wanted at least %d", got["reports"], at)
		}
		t.Logf("killed with %d reports and %d of %d evidence proposals stored", got["reports"], got["suggestions"], want["suggestions"])
	}
	if r := run(t, "", "ingest", corpus, "--db", crashed, "--quiet"); r.code != 0 {
		t.Fatalf("rerun: %+v", r)
	}
	got := recordCounts(t, crashed)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after three kills and a rerun the record differs from a clean run's (-clean +rerun):\n%s", diff)
	}
	t.Logf("%d files, killed at %d, %d and %d stored reports: the rerun equals the clean run %v", n, want["reports"]/4, want["reports"]*2/3, want["reports"], want)
}

// killAt starts an ingest in a process of its own and kills it with
// SIGKILL once at least stored reports are in the database.
func killAt(t *testing.T, corpus, db string, stored int) {
	t.Helper()
	args, _ := json.Marshal([]string{"ingest", corpus, "--db", db, "--quiet"})
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childArgs+"="+string(args))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(2 * time.Minute)
	for {
		select {
		case <-done:
			return // it finished before the point: nothing to kill
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("no %d reports stored within 2 minutes", stored)
		case <-time.After(5 * time.Millisecond):
		}
		if countReports(db) >= stored {
			cmd.Process.Kill()
			<-done
			return
		}
	}
}

// countReports reads the stored reports without writing (0 if the
// database is not there yet).
func countReports(db string) int {
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	h, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(1000)")
	if err != nil {
		return 0
	}
	defer h.Close()
	var n int
	if h.QueryRowContext(context.Background(), `SELECT count(*) FROM reports`).Scan(&n) != nil {
		return 0
	}
	return n
}

// recordCounts counts the rows of every table, the evidence proposals and
// the orphans, and runs SQLite's integrity check.
func recordCounts(t *testing.T, db string) map[string]int {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var check string
	if err := h.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check of %s: %q %v", db, check, err)
	}
	out := map[string]int{}
	queries := map[string]string{
		"reports":     `SELECT count(*) FROM reports`,
		"sources":     `SELECT count(*) FROM sources`,
		"facts":       `SELECT count(*) FROM facts`,
		"tasks":       `SELECT count(*) FROM tasks`,
		"events":      `SELECT count(*) FROM task_events`,
		"suggestions": `SELECT count(*) FROM task_events WHERE kind = 'suggest'`,
		"passages":    `SELECT count(*) FROM passages`,
		"orphans": `SELECT (SELECT count(*) FROM sources WHERE report_id NOT IN (SELECT id FROM reports))
			+ (SELECT count(*) FROM facts WHERE source_id NOT IN (SELECT id FROM sources))
			+ (SELECT count(*) FROM tasks WHERE fact_id NOT IN (SELECT id FROM facts))
			+ (SELECT count(*) FROM task_events WHERE task_id NOT IN (SELECT id FROM tasks))
			+ (SELECT count(*) FROM passages WHERE source_id NOT IN (SELECT id FROM sources))
			+ (SELECT count(*) FROM reports WHERE id NOT IN (SELECT report_id FROM sources))`,
	}
	for name, q := range queries {
		var n int
		if err := h.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = n
	}
	return out
}
