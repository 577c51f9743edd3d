package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
)

var ctx = context.Background()

func readSeed(t testing.TB, prefix string) []byte {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join("../../../shared/seeds", prefix+"_*.txt"))
	if len(m) != 1 {
		t.Fatalf("seed %s missing", prefix)
	}
	raw, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func add(t *testing.T, in *Ingester, name string, raw []byte) (Outcome, int64) {
	t.Helper()
	p, err := Process(ingest.File{Path: name, Raw: raw, Format: "text"}, Options{})
	if err != nil {
		t.Fatalf("Process(%s): %v", name, err)
	}
	out, id, err := in.Add(ctx, p)
	if err != nil {
		t.Fatalf("Add(%s): %v", name, err)
	}
	return out, id
}

func newIngester(t *testing.T) *Ingester {
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &Ingester{Store: st}
}

func TestSameBytesChangeNothing(t *testing.T) {
	in := newIngester(t)
	raw := readSeed(t, "001")
	if out, _ := add(t, in, "a.txt", raw); out != New {
		t.Fatalf("first ingest: %s", out)
	}
	if out, _ := add(t, in, "b.txt", raw); out != Unchanged {
		t.Fatalf("same bytes again: %s", out)
	}
	rs, _ := in.Store.Reports(ctx, report.ReportFilter{})
	if len(rs) != 1 || len(rs[0].Sources) != 1 {
		t.Errorf("%d reports", len(rs))
	}
}

// anotherSite makes the copy of a report that a different site would
// serve: other furniture around it, commas dropped, a line break moved.
func anotherSite(raw []byte) []byte {
	s := string(raw)
	s = strings.ReplaceAll(s, ",", "")
	s = strings.ReplaceAll(s, "。", "。\n")
	return []byte("欢迎访问政务资料网 | 首页 | 登录\n" + s + "\n相关阅读：2011年工作总结\n")
}

func TestNearDuplicateIsOneReport(t *testing.T) {
	in := newIngester(t)
	raw := readSeed(t, "004")
	_, id := add(t, in, "site1.txt", raw)
	out, id2 := add(t, in, "site2.txt", anotherSite(raw))
	if out != Copy || id2 != id {
		t.Fatalf("another site's copy: %s to report %d, want copy of %d", out, id2, id)
	}
	if out, _ := add(t, in, "other.txt", readSeed(t, "001")); out != New {
		t.Errorf("a different report: %s", out)
	}
	r, _ := in.Store.Report(ctx, id)
	if len(r.Sources) != 2 {
		t.Errorf("report has %d sources, want 2", len(r.Sources))
	}
}

// splitPages cuts a report into n pages titled as web copies title them.
func splitPages(raw []byte, title string, n int) [][]byte {
	lines := strings.Split(string(raw), "\n")
	var pages [][]byte
	per := (len(lines) + n - 1) / n
	for k := 0; k < n; k++ {
		part := lines[k*per : min(len(lines), (k+1)*per)]
		head := title + "（第" + string(rune('0'+k+1)) + "/" + string(rune('0'+n)) + "页）\n"
		pages = append(pages, []byte(head+strings.Join(part, "\n")))
	}
	return pages
}

func TestSplitPagesJoin(t *testing.T) {
	in := newIngester(t)
	pages := splitPages(readSeed(t, "004"), "2012年镇海区政府工作报告", 3)
	out, id := add(t, in, "p3.txt", pages[2])
	if out != New {
		t.Fatalf("page 3: %s", out)
	}
	r, _ := in.Store.Report(ctx, id)
	if !r.Identity.Partial {
		t.Error("page 3 alone should be partial")
	}
	if out, id2 := add(t, in, "p1.txt", pages[0]); out != Page || id2 != id {
		t.Fatalf("page 1: %s to %d, want page of %d", out, id2, id)
	}
	r, _ = in.Store.Report(ctx, id)
	if !r.Identity.Partial || r.Identity.Speaker != "魏祖民" {
		t.Errorf("pages 1 and 3: partial %v, speaker %q (from page 1)", r.Identity.Partial, r.Identity.Speaker)
	}
	if out, _ := add(t, in, "p2.txt", pages[1]); out != Page {
		t.Fatalf("page 2: %s", out)
	}
	r, _ = in.Store.Report(ctx, id)
	if r.Identity.Partial {
		t.Error("all pages in: should not be partial")
	}
	var order []int
	for _, s := range r.Sources {
		order = append(order, s.Page)
	}
	if len(order) != 3 || order[0] != 1 || order[1] != 2 || order[2] != 3 {
		t.Errorf("pages in order %v, want [1 2 3]", order)
	}
}

func TestRunReportsEachBadFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a_good.txt"), readSeed(t, "001"), 0o644)
	os.WriteFile(filepath.Join(dir, "b_empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "c_binary.txt"), []byte("\x7fELF\x00\x00\x01\x02\x00"), 0o644)
	os.WriteFile(filepath.Join(dir, "d_bad.docx"), []byte("not a zip"), 0o644)
	os.WriteFile(filepath.Join(dir, "e_good.txt"), readSeed(t, "003"), 0o644)
	in := newIngester(t)
	var failed []string
	s := Run(ctx, in.Store, []string{dir, filepath.Join(dir, "missing.txt")}, Options{}, nil, func(path string, err error) {
		failed = append(failed, filepath.Base(path)+": "+err.Error())
	})
	if s.Files != 6 || s.New != 2 || s.Failed != 4 {
		t.Errorf("stats %+v", s)
	}
	// The sources were bundled on the workers: they read back as the files
	// and their texts were, the map from clean text to raw bytes included.
	for _, id := range s.Added {
		r, err := in.Store.Report(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		src := r.Sources[0]
		p, _ := Process(ingest.File{Path: src.Path, Raw: src.Raw, Format: "text"}, Options{})
		if want, _ := os.ReadFile(src.Path); string(src.Raw) != string(want) || src.Clean != p.Clean.Text.String() || string(src.Offsets) != string(clean.EncodeOffsets(p.Clean.Text)) {
			t.Errorf("%s: the stored source differs from its file", src.Path)
		}
	}
	want := []string{"b_empty.txt: 空文件", "c_binary.txt: 二进制文件", "d_bad.docx: 不是 DOCX 文件", "missing.txt: "}
	if len(failed) != len(want) {
		t.Fatalf("failures %q", failed)
	}
	for i := range want {
		if !strings.HasPrefix(failed[i], want[i]) {
			t.Errorf("failure %d: %q, want %q…", i, failed[i], want[i])
		}
	}
}

// TestFactsPointAtTheirBytes checks provenance: every fact of every seed,
// read as UTF-8 and as GB18030, has quote == the evidence bytes it names.
func TestFactsPointAtTheirBytes(t *testing.T) {
	for _, seed := range []string{"000", "001", "002", "003", "004"} {
		raw := readSeed(t, seed)
		gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(raw)
		if err != nil {
			t.Fatalf("seed %s does not encode to GB18030: %v", seed, err)
		}
		for enc, b := range map[string][]byte{"utf-8": raw, "gbk": gbk} {
			p, err := Process(ingest.File{Path: seed + ".txt", Raw: b, Format: "text"}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Facts) < 20 {
				t.Errorf("seed %s (%s): only %d facts", seed, enc, len(p.Facts))
			}
			for _, f := range p.Facts {
				if f.Start < 0 || f.End > len(b) || f.Start >= f.End {
					t.Fatalf("seed %s (%s): span [%d,%d) outside %d bytes", seed, enc, f.Start, f.End, len(b))
				}
				got := string(b[f.Start:f.End])
				if enc == "gbk" {
					got, _ = simplifiedchinese.GB18030.NewDecoder().String(got)
				}
				if got != f.Quote || f.Quote == "" {
					t.Fatalf("seed %s (%s): quote %q but bytes hold %q", seed, enc, f.Quote, got)
				}
			}
		}
	}
}

func TestIngestStoresFacts(t *testing.T) {
	in := newIngester(t)
	_, id := add(t, in, "001.txt", readSeed(t, "001"))
	facts, err := in.Store.Facts(ctx, report.FactFilter{ReportID: id, Kind: report.Target})
	if err != nil {
		t.Fatal(err)
	}
	if len(facts) < 10 {
		t.Fatalf("%d targets stored", len(facts))
	}
	gdp, _ := in.Store.Facts(ctx, report.FactFilter{Indicator: "gdp", Kind: report.Target, Year: 2020})
	if len(gdp) != 1 || gdp[0].Low == nil || *gdp[0].Low != 6 || *gdp[0].High != 6.5 || gdp[0].RegionCode != "320902" {
		t.Errorf("GDP target: %+v", gdp)
	}
	r, _ := in.Store.Report(ctx, id)
	if len(r.Sources[0].Sections) == 0 {
		t.Error("sections not stored")
	}
}

// TestStoredFactsPointAtStoredBytes: through the store, which keeps a
// source's bytes compressed, every stored fact's quote is still the
// stored raw bytes it names.
func TestStoredFactsPointAtStoredBytes(t *testing.T) {
	in := newIngester(t)
	checked := 0
	for _, seed := range []string{"000", "001", "002", "003", "004"} {
		_, id := add(t, in, seed+".txt", readSeed(t, seed))
		r, err := in.Store.Report(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		raw := map[int64][]byte{}
		for _, s := range r.Sources {
			raw[s.ID] = s.Raw
		}
		facts, err := in.Store.Facts(ctx, report.FactFilter{ReportID: id})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range facts {
			b := raw[f.SourceID]
			if f.Start < 0 || f.End > len(b) || string(b[f.Start:f.End]) != f.Quote {
				t.Fatalf("seed %s fact %d: quote %q, stored bytes [%d,%d) of %d", seed, f.ID, f.Quote, f.Start, f.End, len(b))
			}
			checked++
		}
	}
	if checked < 500 {
		t.Errorf("only %d facts checked", checked)
	}
}

// TestNearCopyNotRead: a file the store already holds a near-duplicate of
// is kept as a copy without its facts or search passages being read; a
// page of a split copy is read whatever it resembles; and ingesting a
// report with another site's copy of it stores the first copy's facts.
func TestNearCopyNotRead(t *testing.T) {
	raw := readSeed(t, "004")
	stored := Options{Stored: func([]uint32) bool { return true }}
	p, err := Process(ingest.File{Path: "copy.txt", Raw: anotherSite(raw), Format: "text"}, stored)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Facts) != 0 || p.Passages != nil || len(p.MinHash) == 0 || len(p.Sections) == 0 || p.Identity.Year == 0 {
		t.Errorf("a known copy: %d facts, %d passages, signature %d, %d sections, year %d", len(p.Facts), len(p.Passages), len(p.MinHash), len(p.Sections), p.Identity.Year)
	}
	page := splitPages(raw, "2012年镇海区政府工作报告", 3)[1]
	if p, _ := Process(ingest.File{Path: "p2.txt", Raw: page, Format: "text"}, stored); len(p.Facts) == 0 {
		t.Error("a page of a split copy was taken for a known copy")
	}

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a_site1.txt"), raw, 0o644)
	os.WriteFile(filepath.Join(dir, "b_site2.txt"), anotherSite(raw), 0o644)
	in := newIngester(t)
	s := Run(ctx, in.Store, []string{dir}, Options{}, nil, func(path string, err error) { t.Errorf("%s: %v", path, err) })
	if s.New != 1 || s.Copies != 1 {
		t.Fatalf("stats %+v", s)
	}
	first, _ := Process(ingest.File{Path: "a_site1.txt", Raw: raw, Format: "text"}, Options{})
	if fs, _ := in.Store.Facts(ctx, report.FactFilter{ReportID: s.Added[0]}); len(fs) != len(first.Facts) {
		t.Errorf("%d facts stored, the first copy has %d", len(fs), len(first.Facts))
	}
}
