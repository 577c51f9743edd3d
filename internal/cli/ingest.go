package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/track"
)

func init() {
	register(command{"ingest", "导入报告文件、文件夹或 -（标准输入）：清洗、识别、抽取并入库", runIngest})
}

func runIngest(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("ingest", env)
	maxMB := fs.Float64("max-size", ingest.DefaultMaxSize>>20, "读取的最大文件，单位 MB")
	workers := fs.Int("workers", 0, "并行处理的文件数（0：每核一个）")
	pdf := fs.String("pdftotext", "", "处理 PDF 的 pdftotext 命令（默认从 PATH 找）")
	quiet := fs.Bool("quiet", false, "不打印汇总行")
	by := fs.String("by", currentUser(), "导入人，记在每份副本上")
	asJSON := fs.Bool("json", false, "以一个 JSON 对象输出汇总（出错的文件仍写到标准错误，一行一个）")
	expandFlags(fs)
	profile := profileFlag(fs)
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	stop, err := profile()
	if err != nil {
		return err
	}
	defer stop()
	if len(paths) == 0 {
		return usageErr("请给出文件、文件夹，或 - 表示标准输入")
	}
	st, err := createStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	opt := pipeline.Options{Workers: *workers, Uploader: *by}
	opt.Ingest.MaxSize = int64(*maxMB * (1 << 20))
	opt.Ingest.Stdin = env.Stdin
	opt.Clean.PDFToText = *pdf

	var bar *progressBar
	if isTerminal(env.Stdout) && isTerminal(env.Stderr) {
		bar = newProgressBar(env.Stderr, len(ingest.Paths(paths)))
	}
	var mu sync.Mutex
	type failure struct {
		Path  string `json:"path"`
		Error string `json:"error"`
	}
	failures := []failure{}
	fail := func(path string, err error) {
		mu.Lock()
		defer mu.Unlock()
		bar.clear()
		fmt.Fprintf(env.Stderr, "%s: %v\n", path, err)
		failures = append(failures, failure{path, err.Error()})
	}
	var progress func(int)
	if bar != nil {
		progress = bar.set
	}
	s := pipeline.Run(ctx, st, paths, opt, progress, fail)
	bar.clear()
	if !*quiet && !*asJSON {
		mbs := float64(s.Bytes) / (1 << 20) / max(s.Elapsed.Seconds(), 1e-9)
		fmt.Fprintf(env.Stdout, "%d 个文件：新报告 %d 份，未变 %d 份，已存报告的另一副本 %d 份，合并分页 %d 页，失败 %d 个；%.1f MB，用时 %s（%.1f MB/s）\n",
			s.Files, s.New, s.Unchanged, s.Copies, s.Pages, s.Failed, float64(s.Bytes)/(1<<20), s.Elapsed.Round(time.Millisecond), mbs)
		if s.Skipped > 0 {
			fmt.Fprintf(env.Stdout, "另有 %d 个文件不是报告格式（.txt .html .htm .docx .pdf 或无扩展名），已跳过\n", s.Skipped)
		}
	}
	// Every report of the batch, stored now or before: a run cut short
	// after storing a report and before proposing its evidence is made
	// whole by the next (a task with a proposal is not proposed again).
	suggested, err := track.SuggestAfter(ctx, st, s.Touched)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		ids := []int64{}
		for _, id := range s.Touched {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		if err := enc.Encode(map[string]any{"files": s.Files, "new": s.New, "unchanged": s.Unchanged, "copies": s.Copies, "pages": s.Pages, "failed": s.Failed, "skipped": s.Skipped,
			"bytes": s.Bytes, "seconds": s.Elapsed.Seconds(), "reports": ids, "suggested": suggested, "failures": failures}); err != nil {
			return err
		}
	} else if suggested > 0 && !*quiet {
		fmt.Fprintf(env.Stdout, "已为 %d 项任务提出佐证建议（来自后续报告的数字）：baogao tasks list，再 tasks show 编号\n", suggested)
	}
	if s.Failed > 0 {
		return errSilent
	}
	return nil
}

// progressBar draws one line on a terminal; a nil bar draws nothing.
type progressBar struct {
	w     io.Writer
	total int
	start time.Time
	last  time.Time
}

func newProgressBar(w io.Writer, total int) *progressBar {
	return &progressBar{w: w, total: total, start: time.Now()}
}

func (b *progressBar) set(done int) {
	if b == nil || (time.Since(b.last) < 100*time.Millisecond && done < b.total) {
		return
	}
	b.last = time.Now()
	const cells = 30
	fill := 0
	if b.total > 0 {
		fill = min(cells, done*cells/b.total)
	}
	rate := float64(done) / max(time.Since(b.start).Seconds(), 1e-9)
	fmt.Fprintf(b.w, "\r[%s%s] %d/%d files, %.0f files/s ", strings.Repeat("=", fill), strings.Repeat(" ", cells-fill), done, b.total, rate)
}

func (b *progressBar) clear() {
	if b == nil || b.last.IsZero() {
		return
	}
	fmt.Fprintf(b.w, "\r%s\r", strings.Repeat(" ", 70))
}

// expandFlags sets how far a DOCX or PDF may expand when read (package
// clean's bounds against decompression bombs).
func expandFlags(fs *flag.FlagSet) {
	fs.Func("max-text-mb", fmt.Sprintf("DOCX 或 PDF 可含的最多文字，单位 MB（默认 %d）", clean.MaxLayer>>20), func(v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("want a whole number of MB")
		}
		clean.MaxLayer = n << 20
		return nil
	})
	fs.Func("max-expansion", fmt.Sprintf("DOCX 或 PDF 解开后最多可为原大小的倍数（默认 %d）", clean.MaxExpansion), func(v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("want a whole number")
		}
		clean.MaxExpansion = n
		return nil
	})
}

// currentUser is the login name, for who ran a command.
func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return os.Getenv("USER")
}
