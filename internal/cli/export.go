package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/panel"
	"github.com/baogao/baogao/internal/report"
)

func init() {
	register(command{"export", "研究数据集：export panel --format csv|xlsx|parquet|jsonl [--layout long|wide] 输出文件，附数据字典", runExport})
}

func runExport(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(env.Stderr, "baogao export panel [flags] OUT；export panel -h 列出选项")
		return flag.ErrHelp
	}
	if len(args) == 0 || args[0] != "panel" {
		return usageErr("export panel [--format csv|xlsx|parquet|jsonl] [--layout long|wide] [--level city,county] [--region R] [--years 2012-2019] [--indicator gdp] OUT")
	}
	fs, db := newFlags("export panel", env)
	format := fs.String("format", "", "csv、xlsx、parquet 或 jsonl（默认按输出文件的扩展名）")
	layout := fs.String("layout", "long", "long（每个目标一行）或 wide（每个地区每年一行）")
	levels := fs.String("level", "", "保留的级别，逗号分隔：national、province、city、district、county")
	region := fs.String("region", "", "a region's name or 行政区划代码")
	years := fs.String("years", "", "计划年份：2012-2019 或 2020")
	indicator := fs.String("indicator", "", "规范指标编号（gdp）或指标名称的一部分")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("请给出一个输出文件，如 panel.parquet")
	}
	out := pos[0]
	if *format == "" {
		*format = strings.TrimPrefix(filepath.Ext(out), ".")
	}
	if !slices.Contains(panel.Formats, *format) {
		return usageErr("--format %q：可选 %s", *format, strings.Join(panel.Formats, "、"))
	}
	if !slices.Contains(panel.Layouts, *layout) {
		return usageErr("--layout %q：可选 long 或 wide", *layout)
	}
	f := panel.Filter{Region: *region, Indicator: *indicator}
	for _, l := range strings.FieldsFunc(*levels, func(r rune) bool { return r == ',' || r == '，' }) {
		f.Levels = append(f.Levels, report.Level(strings.TrimSpace(l)))
	}
	if *years != "" {
		a, b, span := strings.Cut(*years, "-")
		from, err1 := strconv.Atoi(a)
		to, err2 := from, error(nil)
		if span {
			to, err2 = strconv.Atoi(b)
		}
		if err1 != nil || err2 != nil || to < from {
			return usageErr("--years %q：写作 2012-2019 或 2020", *years)
		}
		f.YearFrom, f.YearTo = from, to
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := panel.Build(ctx, st, f)
	if err != nil {
		return err
	}
	filter := fmt.Sprintf("level=%s region=%s years=%s indicator=%s", *levels, *region, *years, *indicator)
	cb := panel.NewCodebook(p, *format, *layout, filter, time.Now())
	cbJSON, _ := json.MarshalIndent(cb, "", "  ")
	files := map[string][]byte{out + ".codebook.md": []byte(cb.Markdown()), out + ".codebook.json": cbJSON}
	// The data first, to a temporary name: a failure leaves no half file.
	tmp, err := os.CreateTemp(filepath.Dir(out), ".baogao-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := panel.Write(tmp, p, *format, *layout); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	for name, b := range files {
		if err := os.WriteFile(name, b, 0o644); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已导出 %d 行（%d 个地区，%d—%d 年，有实绩 %d 行）到 %s；代码本 %s.codebook.md / .json\n",
		cb.Counts.Rows, cb.Counts.Regions, cb.Counts.YearFrom, cb.Counts.YearTo, cb.Counts.WithResult, out, out)
	return nil
}
