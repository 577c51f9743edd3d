package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	return result{code, out.String(), errb.String()}
}

func seedPath(t *testing.T, prefix string) string {
	m, _ := filepath.Glob(filepath.Join("../../../shared/seeds", prefix+"_*.txt"))
	if len(m) != 1 {
		t.Fatalf("seed %s missing", prefix)
	}
	return m[0]
}

func TestIngestBatchWithBadFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	copyFile := func(src, dst string) {
		raw, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, dst), raw, 0o644)
	}
	copyFile(seedPath(t, "001"), "001.txt")
	copyFile(seedPath(t, "004"), "004.txt")
	os.WriteFile(filepath.Join(in, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(in, "binary.txt"), []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2}, 0o644)
	os.WriteFile(filepath.Join(in, "fake.docx"), []byte("plain text"), 0o644)
	os.WriteFile(filepath.Join(in, "nav.html"), []byte("<html><body><a href=/>首页</a></body></html>"), 0o644)
	os.WriteFile(filepath.Join(in, "big.txt"), bytes.Repeat([]byte("各位代表，"), 300000), 0o644)
	os.WriteFile(filepath.Join(in, "tiny.txt"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(in, "bad.pdf"), []byte("%PDF-1.4\ngarbage, not a PDF\n"), 0o644)
	damaged, _ := os.ReadFile(seedPath(t, "002"))
	at := bytes.IndexByte(damaged[1000:], '\n') + 1000
	damaged = append(damaged[:at:at], append([]byte{0xff, 0xfe, 0xc0}, damaged[at:]...)...)
	os.WriteFile(filepath.Join(in, "damaged.txt"), damaged, 0o644)
	// Links: to a file outside, to a folder, back to the folder itself
	// (a loop, walked once), and to nothing.
	outside := filepath.Join(dir, "outside")
	os.MkdirAll(filepath.Join(outside, "sub"), 0o755)
	raw3, _ := os.ReadFile(seedPath(t, "003"))
	os.WriteFile(filepath.Join(outside, "sub", "003.txt"), raw3, 0o644)
	os.Symlink(filepath.Join(outside, "sub", "003.txt"), filepath.Join(in, "linked.txt"))
	os.Symlink(outside, filepath.Join(in, "linkdir"))
	os.Symlink(in, filepath.Join(in, "loop"))
	os.Symlink(filepath.Join(dir, "nowhere.txt"), filepath.Join(in, "broken.txt"))
	os.WriteFile(filepath.Join(in, "notes.md"), []byte("not a report"), 0o644) // skipped, and counted

	r := run(t, "", "ingest", in, "--db", db, "--max-size", "1")
	if r.code != 1 {
		t.Errorf("exit %d, want 1 when files failed", r.code)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	want := map[string]string{"big.txt": "超过上限", "binary.txt": "二进制", "empty.txt": "空文件", "fake.docx": "不是 zip", "nav.html": "没有正文",
		"tiny.txt": "太短", "damaged.txt": "3 处无效字节", "broken.txt": "符号链接", "bad.pdf": "pdftotext 读取失败"}
	if len(lines) != len(want) {
		t.Fatalf("stderr has %d lines, want %d:\n%s", len(lines), len(want), r.stderr)
	}
	for _, l := range lines {
		path, reason, _ := strings.Cut(l, ": ")
		if w, ok := want[filepath.Base(path)]; !ok || !strings.Contains(reason, w) || !strings.HasPrefix(path, in) {
			t.Errorf("stderr line %q: want the path and a reason", l)
		}
	}
	// 003 comes through the link to it and again through the linked
	// folder: one report, the second time unchanged.
	if !strings.Contains(r.stdout, "13 个文件：新报告 3 份，未变 1 份") || !strings.Contains(r.stdout, "失败 9 个") || !strings.Contains(r.stdout, "另有 1 个文件不是报告格式") {
		t.Errorf("summary %q", r.stdout)
	}

	// Only the good files are stored; listing as JSON names them.
	r = run(t, "", "reports", "--json", "--db", db)
	var got []reportJSON
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var rj reportJSON
		if err := json.Unmarshal([]byte(l), &rj); err != nil {
			t.Fatalf("bad JSON line %q: %v", l, err)
		}
		got = append(got, rj)
	}
	if len(got) != 3 || got[0].Files[0] != "001.txt" || got[0].RegionCode != "320902" || got[1].Speaker != "魏祖民" {
		t.Errorf("reports --json: %+v", got)
	}

	// Ingesting again changes nothing.
	r = run(t, "", "ingest", filepath.Join(in, "001.txt"), "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "新报告 0 份，未变 1 份") {
		t.Errorf("re-ingest: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

func TestIngestStdinAndShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	raw, _ := os.ReadFile(seedPath(t, "004"))
	if r := run(t, string(raw), "ingest", "-", "--db", db); r.code != 0 {
		t.Fatalf("ingest -: %d %s", r.code, r.stderr)
	}
	r := run(t, "", "show", "1", "--db", db)
	for _, want := range []string{"浙江省宁波市镇海区（330211，区）", "2012年作，回顾2007—2011年，计划2012年及2012—2016年", "代理区长 魏祖民", "2012年2月13日 第十四届人民代表大会第一次会议", "删除 ", "全社会GDP从193亿元增长到560亿元"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show lacks %q:\n%.600s", want, r.stdout)
		}
	}
	if r := run(t, "", "show", "7", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "报告 7 不存在") {
		t.Errorf("show 7: %d %q", r.code, r.stderr)
	}
	if r := run(t, "", "show", "x", "--db", db); r.code != 2 {
		t.Errorf("show x: exit %d, want a usage error", r.code)
	}
}

func TestUnknownCommand(t *testing.T) {
	if r := run(t, "", "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, "没有命令") {
		t.Errorf("%+v", r)
	}
}

// TestReportsSet corrects a stored report's year and region: the table,
// the facts and the checks follow, and a bad region is refused in Chinese.
func TestReportsSet(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if r := run(t, "", "ingest", "../../../shared/corpus-web/121_fujian_province_2022_pinyin.txt", "--db", db); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	if r := run(t, "", "facts", "--year", "2022", "--kind", "target", "--json", "--db", db); strings.Count(r.stdout, "\n") < 5 {
		t.Fatalf("2022 targets before: %s", r.stdout)
	}
	r := run(t, "", "reports", "set", "1", "--year", "2021", "--region", "330000", "--by", "张三", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "张三") {
		t.Fatalf("set: %d %s %s", r.code, r.stdout, r.stderr)
	}
	r = run(t, "", "reports", "--json", "--db", db)
	var got struct {
		Year       int    `json:"year"`
		RegionCode string `json:"region_code"`
		YearSource string `json:"year_source"`
		Corrected  *struct {
			By string `json:"by"`
		} `json:"corrected"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Year != 2021 || got.RegionCode != "330000" || got.YearSource != "corrected" || got.Corrected == nil || got.Corrected.By != "张三" {
		t.Errorf("after set: %+v", got)
	}
	if r := run(t, "", "facts", "--year", "2022", "--kind", "target", "--db", db); strings.Contains(r.stdout, "浙江") || strings.Contains(r.stdout, "福建") {
		t.Errorf("targets left in 2022: %s", r.stdout)
	}
	if r := run(t, "", "facts", "--year", "2021", "--kind", "target", "--region", "330000", "--json", "--db", db); strings.Count(r.stdout, "\n") < 5 {
		t.Errorf("targets did not move to 2021 浙江: %s", r.stdout)
	}
	if r := run(t, "", "reports", "set", "1", "--region", "火星", "--db", db); r.code == 0 || !strings.Contains(r.stderr, "不认识") {
		t.Errorf("a bad region: %d %s", r.code, r.stderr)
	}
}

// TestSearchCommand searches stored reports: a hit names its report, files,
// region, year, section and raw offsets; a traditional query finds the
// simplified text; a bad filter and an empty query are refused in Chinese.
func TestSearchCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if r := run(t, "", "ingest", "../../../shared/seeds", "--db", db); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	r := run(t, "", "search", `"养老服务"`, "--json", "--db", db)
	if r.code != 0 || r.stdout == "" {
		t.Fatalf("search: %d %s %s", r.code, r.stdout, r.stderr)
	}
	var hit struct {
		ReportID int64    `json:"report_id"`
		Files    []string `json:"files"`
		Region   string   `json:"region"`
		Year     int      `json:"year"`
		Section  string   `json:"section"`
		RawStart int      `json:"raw_start"`
		RawEnd   int      `json:"raw_end"`
		Snippet  string   `json:"snippet"`
	}
	if err := json.Unmarshal([]byte(strings.SplitN(r.stdout, "\n", 2)[0]), &hit); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("../../../shared/seeds", hit.Files[0]))
	if err != nil {
		t.Fatal(err)
	}
	if hit.ReportID == 0 || hit.Region == "" || hit.Year == 0 || !strings.Contains(hit.Snippet, "养老服务") || !strings.Contains(string(raw[hit.RawStart:hit.RawEnd]), "养老服务") {
		t.Errorf("hit %+v", hit)
	}
	if r := run(t, "", "search", "養老服務", "--limit", "1", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "【养老服务】") || !strings.Contains(r.stdout, "按年份") {
		t.Errorf("traditional query: %d %s", r.code, r.stdout)
	}
	if r := run(t, "", "search", "养老", "--year", "2020-2019", "--db", db); r.code == 0 || !strings.Contains(r.stderr, "年份") {
		t.Errorf("bad year span: %d %s", r.code, r.stderr)
	}
	if r := run(t, "", "search", "-养老", "--db", db); r.code == 0 || !strings.Contains(r.stderr, "检索词") {
		t.Errorf("only an exclusion: %d %s", r.code, r.stderr)
	}
	if r := run(t, "", "search", "养老", "--limit", "0", "--json", "--db", db); strings.Count(r.stdout, "\n") < 5 {
		t.Errorf("--limit 0 gives every hit: %d lines", strings.Count(r.stdout, "\n"))
	}
}

// TestResearchCommands: export panel writes the data and its codebooks
// (refusing a missing database), consistency flags 海拉尔区, cascade lists
// the targets.
func TestResearchCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	if r := run(t, "", "export", "panel", "--db", db, filepath.Join(dir, "x.csv")); r.code != 1 || !strings.Contains(r.stderr, "不存在") {
		t.Errorf("a missing database: %+v", r)
	}
	files, _ := filepath.Glob("../../../shared/corpus/01[2-9]_hailaer_*.txt")
	if r := run(t, "", append([]string{"ingest", "--db", db, "--quiet"}, files...)...); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	out := filepath.Join(dir, "panel.parquet")
	r := run(t, "", "export", "panel", "--db", db, "--years", "2013-2019", "--level", "district", out)
	if r.code != 0 || !strings.Contains(r.stdout, "已导出") {
		t.Fatalf("export: %+v", r)
	}
	for _, p := range []string{out, out + ".codebook.md", out + ".codebook.json"} {
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", p, err)
		}
	}
	raw, _ := os.ReadFile(out)
	if !bytes.HasPrefix(raw, []byte("PAR1")) {
		t.Errorf("not a Parquet file: %.8q", raw)
	}
	var cb struct {
		Counts struct {
			YearFrom int `json:"year_from"`
			YearTo   int `json:"year_to"`
			Rows     int `json:"rows"`
		} `json:"counts"`
	}
	raw, _ = os.ReadFile(out + ".codebook.json")
	if json.Unmarshal(raw, &cb) != nil || cb.Counts.YearFrom < 2013 || cb.Counts.YearTo > 2019 || cb.Counts.Rows == 0 {
		t.Errorf("codebook counts: %s", raw)
	}
	if r := run(t, "", "export", "panel", "--db", db, "--layout", "wide", filepath.Join(dir, "w.parquet")); r.code != 1 {
		t.Errorf("wide parquet: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "w.parquet")); err == nil {
		t.Error("a refused export left a file")
	}
	if r := run(t, "", "consistency", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "gdp：2016年 303.6亿元 →2018年 192.3亿元") || !strings.Contains(r.stdout, "剔除虚增空转") {
		t.Errorf("consistency: %+v", r)
	}
	if r := run(t, "", "cascade", "--db", db, "--year", "2019"); r.code != 0 || !strings.Contains(r.stdout, "海拉尔区") {
		t.Errorf("cascade: %+v", r)
	}
	if r := run(t, "", "cascade", "--db", db); r.code != 2 {
		t.Errorf("cascade without a year: %+v", r)
	}
}

// TestMistypedDatabase: a reading command given a database that is not
// there says so and fails, and makes no file.
func TestMistypedDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "baogoa.db")
	for _, args := range [][]string{{"reports"}, {"facts"}, {"tasks", "list"}, {"search", "养老"}, {"show", "1"}, {"check", "--region", "x"}} {
		r := run(t, "", append(args, "--db", db)...)
		if r.code != 1 || !strings.Contains(r.stderr, "不存在") {
			t.Errorf("%v: %+v", args, r)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a reading command made the database")
	}
}

// TestSubcommandHelp: -h where a subcommand is expected lists them.
func TestSubcommandHelp(t *testing.T) {
	for _, c := range []string{"tasks", "review", "export", "user"} {
		if r := run(t, "", c, "-h"); r.code != 0 || !strings.Contains(r.stderr, "baogao "+c) {
			t.Errorf("%s -h: %+v", c, r)
		}
	}
}

// TestIngestAndSuggestJSON: ingest --json and tasks suggest --json print
// JSON for scripts, bad files included.
func TestIngestAndSuggestJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	r := run(t, "", "ingest", "../../examples/reports", filepath.Join(t.TempDir(), "nope.txt"), "--db", db, "--json")
	var got struct {
		Files, New, Failed, Suggested int
		Reports                       []int64
		Failures                      []struct{ Path, Error string }
	}
	if r.code != 1 || json.Unmarshal([]byte(r.stdout), &got) != nil || got.New != 2 || got.Failed != 1 || len(got.Reports) != 2 || len(got.Failures) != 1 || got.Suggested == 0 {
		t.Errorf("ingest --json: %+v %+v", r, got)
	}
	r = run(t, "", "tasks", "suggest", "--json", "--db", db)
	if r.code != 0 || strings.TrimSpace(r.stdout) != "" && !strings.HasPrefix(r.stdout, "{") {
		t.Errorf("tasks suggest --json: %+v", r)
	}
}

// TestCPUProfile: --cpuprofile writes a profile pprof reads.
func TestCPUProfile(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "cpu.prof")
	if r := run(t, "", "ingest", "../../examples/reports", "--db", filepath.Join(dir, "p.db"), "--quiet", "--cpuprofile", prof); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	raw, err := os.ReadFile(prof)
	if err != nil || len(raw) < 10 || raw[0] != 0x1f || raw[1] != 0x8b { // pprof profiles are gzipped
		t.Errorf("profile: %v, %d bytes", err, len(raw))
	}
}

// TestReviewCommands: a correction is recorded with its fields, a
// confirmation takes none, a fact that is not there is an error.
func TestReviewCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	run(t, "", "ingest", seedPath(t, "001"), "--db", db, "--quiet")
	if r := run(t, "", "review", "correct", "1", "--set", "growth_pct=9.9", "--by", "研究员", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "已记录：事实 1 更正，审核人 研究员") {
		t.Errorf("correct: %+v", r)
	}
	if r := run(t, "", "review", "confirm", "2", "--set", "value=1", "--db", db); r.code != 2 {
		t.Errorf("confirm with a field: %+v", r)
	}
	if r := run(t, "", "review", "correct", "99999", "--set", "value=1", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "不存在") {
		t.Errorf("correct a fact that is not there: %+v", r)
	}
	if r := run(t, "", "review", "list", "--json", "--limit", "3", "--db", db); r.code != 0 || strings.Count(r.stdout, "\n") > 3 {
		t.Errorf("list: %+v", r)
	}
}

// TestBenchReport: one run measures every stage on the same files and
// gives the ratios; the researcher's pipeline, when it cannot run, is
// said to be skipped and why.
func TestBenchReport(t *testing.T) {
	pageRequests = 0.05
	defer func() { pageRequests = 1 }()
	r := run(t, "", "bench", "--report", "--pages", "--json", "--peer", "/no/such/peer.py", "../../../shared/seeds")
	if r.code != 0 {
		t.Fatalf("%d %s %s", r.code, r.stdout, r.stderr)
	}
	var rep benchReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err, r.stdout)
	}
	if rep.Files != 5 || rep.ExtractSec <= 0 || rep.BenchSec <= 0 || rep.IngestSec <= 0 || rep.DBVsRaw <= 0 || rep.IngestVsBench <= 0 ||
		rep.PeerSec != 0 || !strings.Contains(rep.PeerSkipped, "/no/such/peer.py") {
		t.Errorf("report %+v", rep)
	}
	for _, k := range []string{"library", "report", "region", "compare", "task_board", "unit_table", "facts_api"} {
		if p, ok := rep.Pages[k]; !ok || p.Requests == 0 || p.Errors+p.Non2xx != 0 {
			t.Errorf("page %s: %+v", k, p)
		}
	}
	text := run(t, "", "bench", "--report", "../../../shared/seeds")
	if text.code != 0 || !strings.Contains(text.stdout, "ingest 用时是 bench 的") || !strings.Contains(text.stdout, "研究者的流程") {
		t.Errorf("text report:\n%s", text.stdout)
	}
}

// TestCompletion: the bash script parses, completes command names,
// subcommands and each one's own flags, asked of the commands themselves.
func TestCompletion(t *testing.T) {
	r := run(t, "", "completion", "bash")
	if r.code != 0 || !strings.Contains(r.stdout, "complete -o filenames -F _baogao baogao") {
		t.Fatalf("%d %s", r.code, r.stderr)
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatal("bash is needed to check the script")
	}
	complete := func(words ...string) string {
		script := r.stdout + fmt.Sprintf("\nCOMP_WORDS=(%s); COMP_CWORD=%d; _baogao; echo \"${COMPREPLY[*]}\"\n", strings.Join(words, " "), len(words)-1)
		out, err := exec.Command(bash, "-c", script).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := complete("baogao", "ta"); got != "tasks" {
		t.Errorf("command: %q", got)
	}
	if got := complete("baogao", "tasks", "im"); got != "import" {
		t.Errorf("subcommand: %q", got)
	}
	if got := complete("baogao", "tasks", "import", "--add"); got != "--add-unmatched" {
		t.Errorf("a subcommand's flag: %q", got)
	}
	if got := complete("baogao", "ingest", "--d"); got != "--db" {
		t.Errorf("a command's flag: %q", got)
	}
	if r := run(t, "", "completion", "fish"); r.code != 2 {
		t.Errorf("an unknown shell: %d", r.code)
	}
}

// TestLang: messages are in Chinese, in English with --lang en (anywhere
// on the command line) or $BAOGAO_LANG=en.
func TestLang(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"show"}, "baogao show: 请给出一个报告编号"},
		{[]string{"--lang", "en", "show"}, "baogao show: give one report ID"},
		{[]string{"show", "--lang=en"}, "baogao show: give one report ID"},
		{[]string{"reports", "--db", db, "--lang", "en"}, "baogao reports: database " + db + " does not exist"},
		{[]string{"reports", "--db", db}, "baogao reports: 数据库 " + db + " 不存在"},
	} {
		r := run(t, "", c.args...)
		if !strings.HasPrefix(r.stderr, c.want) || r.code == 0 {
			t.Errorf("%v: %d %q, want %q", c.args, r.code, r.stderr, c.want)
		}
	}
	t.Setenv("BAOGAO_LANG", "en")
	if r := run(t, "", "show"); !strings.HasPrefix(r.stderr, "baogao show: give one report ID") {
		t.Errorf("BAOGAO_LANG=en: %q", r.stderr)
	}
}
