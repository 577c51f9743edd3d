package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/search"
)

func init() {
	register(command{"search", "全文检索：search 检索式 [--region 地区 --level 级别 --year 年|年-年 --section 章节 --kind 类别] [--limit N] [--json]", runSearch})
}

// indexWriter is a store whose full-text index is written after ingest,
// on the first search or when a server starts.
type indexWriter interface {
	PendingPassages(ctx context.Context) (int, error)
	FlushIndex(ctx context.Context) error
}

func runSearch(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("search", env)
	region := fs.String("region", "", "region name or 行政区划代码")
	level := fs.String("level", "", "national、province、city、district 或 county")
	years := fs.String("year", "", "一年（2023）或一段（2019-2023）")
	section := fs.String("section", "", "review、targets、tasks、livelihood、government、glossary（章节）")
	kind := fs.String("kind", "", "只要含此类事实的段落：target、achieved、commitment")
	limit := fs.Int("limit", 20, "打印的命中数（0：全部）")
	asJSON := fs.Bool("json", false, "每条命中一个 JSON 对象")
	// -床位 excludes a word; it is no flag.
	const excl = "\x1f"
	for i, a := range args {
		if strings.HasPrefix(a, "-") && strings.IndexFunc(a, func(r rune) bool { return r >= 0x80 }) >= 0 {
			args[i] = excl + a
		}
	}
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	for i := range pos {
		pos[i] = strings.TrimPrefix(pos[i], excl)
	}
	if len(pos) == 0 {
		return usageErr(`请给出检索词：search 低空经济、search "老旧小区改造" -规划、search 养老 OR 托育`)
	}
	if *limit < 0 {
		return usageErr("--limit 不能为负数")
	}
	sq, parsed, err := search.Request(strings.Join(pos, " "), *region, *level, *years, *section, *kind, *limit)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if ix, ok := st.(indexWriter); ok {
		if n, err := ix.PendingPassages(ctx); err == nil && n > 0 {
			fmt.Fprintf(env.Stderr, "正在把新入库的 %d 段文字写入全文索引…\n", n)
		}
	}
	res, err := st.Search(ctx, sq)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(env.Stdout)
	defer w.Flush()
	if *asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, h := range res.Hits {
			if err := enc.Encode(search.Present(h, parsed.Terms, 160)); err != nil {
				return err
			}
		}
		return nil
	}
	if res.Total == 0 {
		fmt.Fprintf(w, "没有找到“%s”。\n", strings.Join(pos, " "))
		return nil
	}
	mark := func(s string, hl [][2]int) string {
		var b strings.Builder
		last := 0
		for _, h := range hl {
			b.WriteString(s[last:h[0]])
			b.WriteString("【" + s[h[0]:h[1]] + "】")
			last = h[1]
		}
		b.WriteString(s[last:])
		return b.String()
	}
	for i, h := range res.Hits {
		p := search.Present(h, parsed.Terms, 80)
		sec := report.SectionNames[h.Section]
		if sec == "" {
			sec = "正文"
		}
		fmt.Fprintf(w, "%d. %s %s %s（报告%d，%s，原文第%d—%d字节）\n   %s\n", i+1, orDash(h.Region), yearZH(h.Year), sec, h.ReportID, strings.Join(h.Files, " "), h.RawStart, h.RawEnd, mark(p.Snippet, p.Highlights))
	}
	var ys []int
	for y := range res.ByYear {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	var parts []string
	for _, y := range ys {
		parts = append(parts, fmt.Sprintf("%s %d", yearZH(y), res.ByYear[y]))
	}
	more := ""
	if res.Capped {
		more = "以上（常见词只统计最先读到的这些）"
	}
	fmt.Fprintf(w, "共 %d 处%s，按年份：%s\n", res.Total, more, strings.Join(parts, "，"))
	return nil
}
