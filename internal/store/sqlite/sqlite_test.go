package sqlite

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/storetest"
)

// MustOpen opens a store in a fresh temporary file.
func MustOpen(tb testing.TB) *Store {
	tb.Helper()
	st, err := Open(context.Background(), filepath.Join(tb.TempDir(), "baogao.db"))
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) report.Store { return MustOpen(t) })
}

func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	for i := 0; i < 2; i++ {
		st, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		st.Close()
	}
}

func TestEventsAreAppendOnly(t *testing.T) {
	st := MustOpen(t)
	defer st.Close()
	ctx := context.Background()
	r := &report.Report{Identity: report.Identity{Region: "甲", Year: 2020}, Sources: []report.Source{{SHA256: "x", Raw: []byte("x"), Offsets: []byte{}, MinHash: []uint32{}}}}
	unit, action := "张", "新建"
	if err := st.AddReport(ctx, r, []report.Fact{{Kind: report.Commitment, Indicator: "床位", Action: &action, Unit: &unit, SourceID: -1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.ExecContext(ctx, `UPDATE task_events SET actor = 'someone else'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("an event was changed in place: %v", err)
	}
}

// TestIndexSurvivesACrash stores a report and opens the database again
// without closing the first store, as after a crash: the passages that
// wait for the full-text index are still marked, and the first search
// writes them and finds the report.
func TestIndexSurvivesACrash(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	text := "各位代表：\n推进低空经济发展，建设通用机场2个。"
	r := &report.Report{Identity: report.Identity{Region: "某县", Year: 2025}, Sources: []report.Source{{
		Path: "a.txt", SHA256: "x", Format: "text", Encoding: "utf-8", Raw: []byte(text), Clean: text,
		Offsets: clean.EncodeOffsets(clean.Identity(text)), Summary: report.Summary{Removed: map[string]int{}, Repaired: map[string]int{}},
	}}}
	if err := a.AddReport(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	waiting, _ := a.PendingPassages(ctx)
	if waiting == 0 {
		t.Fatalf("no passage waits for the index: the test would prove nothing")
	}
	b, err := Open(ctx, path) // the first store never closed
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n, _ := b.PendingPassages(ctx); n != waiting {
		t.Errorf("%d passages wait after reopening, want %d", n, waiting)
	}
	res, err := b.Search(ctx, report.SearchQuery{Match: `"低空 空经 经济"`, Limit: 5})
	if err != nil || res.Total != 1 {
		t.Errorf("search after the crash: %+v %v", res, err)
	}
	if n, _ := b.PendingPassages(ctx); n != 0 {
		t.Errorf("%d passages still wait after a search", n)
	}
}

// TestRebuildKeepsEvents: a database as the release before the office's
// own tasks and packed sources left it (its rows written as that release
// wrote them) upgrades with every task, fact link and event kept, and
// its plain sources read as they were.
func TestRebuildKeepsEvents(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := openUpTo(ctx, path, 12)
	if err != nil {
		t.Fatal(err)
	}
	text := "新建养老机构床位1000张。新增学位4800个。"
	offsets := clean.EncodeOffsets(clean.Identity(text))
	db := old.DB()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO reports(id, region, region_code, level, year, identity, added) VALUES (1, '江苏省苏州市', '320500', 'city', 2020, '{"region":"江苏省苏州市","region_code":"320500","year":2020}', '2024-01-01T00:00:00Z')`, nil},
		{`INSERT INTO sources(id, report_id, path, sha256, format, encoding, page, pages, title, raw, clean, offsets, summary, minhash, added) VALUES (1, 1, 'a.txt', 'aa', 'text', 'utf-8', 0, 0, '', ?, ?, ?, '{}', x'', '2024-01-01T00:00:00Z')`, []any{[]byte(text), text, offsets}},
		{`INSERT INTO facts(id, report_id, source_id, kind, indicator, start, end, fact) VALUES (7, 1, 1, 'commitment', '养老机构床位', 0, 30, '{"kind":"commitment","indicator":"养老机构床位","quote":"新建养老机构床位1000张"}'), (8, 1, 1, 'commitment', '学位', 33, 51, '{"kind":"commitment","indicator":"学位","quote":"新增学位4800个"}')`, nil},
		{`INSERT INTO tasks(id, fact_id, report_id, region, region_code, year, title, quote) VALUES (3, 7, 1, '江苏省苏州市', '320500', 2020, '新建养老机构床位', '新建养老机构床位1000张'), (4, 8, 1, '江苏省苏州市', '320500', 2020, '新增学位', '新增学位4800个')`, nil},
		{`INSERT INTO task_events(task_id, seq, at, actor, kind, data) VALUES (3, 1, '2024-01-01T00:00:00Z', 'baogao', 'created', '{}'), (3, 2, '2024-02-01T00:00:00Z', '督查室', 'assign', '{"lead_unit":"市民政局"}'), (3, 3, '2024-03-01T00:00:00Z', '市民政局', 'progress', '{"text":"已开工"}'), (4, 1, '2024-01-01T00:00:00Z', 'baogao', 'created', '{}')`, nil},
	} {
		if _, err := db.ExecContext(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	old.Close()

	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ts, err := st.Tasks(ctx, report.TaskFilter{})
	if err != nil || len(ts) != 2 {
		t.Fatalf("tasks after the rebuild: %v %d", err, len(ts))
	}
	if ts[0].ID != 3 || ts[0].FactID != 7 || len(ts[0].Events) != 3 || ts[0].Events[2].Data["text"] != "已开工" || ts[1].FactID != 8 || len(ts[1].Events) != 1 {
		t.Errorf("after the rebuild: %+v", ts)
	}
	var fk int
	if err := st.DB().QueryRow(`SELECT foreign_keys FROM pragma_foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign keys after the rebuild: %d %v", fk, err)
	}
	// Plain fact JSON reads as it is, and a word filter finds its quote.
	fs, err := st.Facts(ctx, report.FactFilter{Query: "1000张"})
	if err != nil || len(fs) != 1 || fs[0].ID != 7 || fs[0].Quote != "新建养老机构床位1000张" {
		t.Errorf("plain facts after the upgrade: %v %+v", err, fs)
	}
	r, err := st.Report(ctx, 1)
	if err != nil || string(r.Sources[0].Raw) != text || r.Sources[0].Clean != text || !bytes.Equal(r.Sources[0].Offsets, offsets) {
		t.Errorf("a plain source of the release before: %v %+v", err, r)
	}
}

// TestSourcesArePacked: what a source keeps is stored compressed, its
// cleaned text costing little beside its raw bytes, and read back exact,
// an empty text layer apart from a missing one.
func TestSourcesArePacked(t *testing.T) {
	ctx := context.Background()
	st := MustOpen(t)
	defer st.Close()
	m, _ := filepath.Glob("../../../../shared/seeds/*.txt")
	if len(m) == 0 {
		t.Fatal("no seed report in ../shared/seeds")
	}
	raw, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	r := &report.Report{Identity: report.Identity{Region: "某省", Year: 2024},
		Sources: []report.Source{{Path: "a.txt", SHA256: "s1", Format: "text", Encoding: "utf-8", Raw: raw, Clean: text, Offsets: clean.EncodeOffsets(clean.Identity(text))}}}
	if err := st.AddReport(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	var stored, packed int
	if err := st.DB().QueryRow(`SELECT length(raw) + length(CAST(clean AS BLOB)) + length(offsets), packed FROM sources`).Scan(&stored, &packed); err != nil {
		t.Fatal(err)
	}
	plain := len(raw) + len(text) + len(r.Sources[0].Offsets)
	// Raw, cleaned text and offsets together in under 70% of the raw
	// bytes alone: the cleaned text repeats the raw.
	if packed != 1 || stored*10 > len(raw)*7 {
		t.Errorf("stored %d bytes for %d (raw %d; packed %d)", stored, plain, len(raw), packed)
	}
	got, err := st.Report(ctx, r.ID)
	if err != nil || !bytes.Equal(got.Sources[0].Raw, raw) || got.Sources[0].Clean != text || !bytes.Equal(got.Sources[0].Offsets, r.Sources[0].Offsets) || got.Sources[0].Layer != nil {
		t.Errorf("read back: %v", err)
	}
	if text, err := cleanOf(ctx, st.DB(), got.Sources[0].ID); err != nil || text != got.Sources[0].Clean {
		t.Errorf("cleaned text alone: %v", err)
	}
	// A layer that is there but empty stays empty, not missing.
	u, err := UnpackSource(packSource(&report.Source{Raw: []byte("%PDF"), Layer: []byte{}, Clean: "", Offsets: nil}))
	if err != nil || u.Layer == nil || len(u.Layer) != 0 || string(u.Raw) != "%PDF" {
		t.Errorf("an empty layer: %+v %v", u, err)
	}
	if _, err := UnpackSource([]byte("not a frame")); err == nil {
		t.Error("a broken frame reads")
	}
}
