package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/baogao/baogao/internal/analysis"
	"github.com/baogao/baogao/internal/report"
)

func init() {
	register(command{"consistency", "总量与增速是否一致：同一份报告所报的总量与增速对不上的标出来：consistency [--region 地区] [--json]", runConsistency})
}

func runConsistency(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("consistency", env)
	region := fs.String("region", "", "a region's name or 行政区划代码 (default: all)")
	asJSON := fs.Bool("json", false, "每条标记一个 JSON 对象，一行一个")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	flags, err := analysis.Consistency(ctx, st, *region)
	if err != nil {
		return err
	}
	repeated, err := analysis.RepeatedTargets(ctx, st, *region)
	if err != nil {
		return err
	}
	estimates, err := analysis.EstimatesOnly(ctx, st, *region)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		for _, f := range flags {
			if err := enc.Encode(f); err != nil {
				return err
			}
		}
		for _, r := range repeated {
			enc.Encode(struct {
				Kind string `json:"kind"`
				analysis.Repeated
			}{"repeated_target", r})
		}
		for _, e := range estimates {
			enc.Encode(struct {
				Kind string `json:"kind"`
				analysis.EstimateOnly
			}{"estimate_only", e})
		}
		return nil
	}
	for _, r := range repeated {
		fmt.Fprintf(env.Stdout, "%s %s：目标 %s 连续 %d 年（%d—%d年）未变\n", r.Region, r.Indicator, r.Goal, r.To-r.From+1, r.From, r.To)
	}
	for _, e := range estimates {
		fmt.Fprintf(env.Stdout, "%s %s %d年：只有预计数「%s」（事实 %d），没有报告给出最终数\n", e.Region, e.Indicator, e.Year, e.Quote.Text, e.Quote.FactID)
	}
	if len(flags) == 0 {
		fmt.Fprintln(env.Stdout, "未发现总量与增速不一致之处。")
		return nil
	}
	for _, f := range flags {
		var rates []string
		for _, r := range f.Rates {
			rates = append(rates, fmt.Sprintf("%d年增长%g%%", r.Year, r.Growth))
		}
		fmt.Fprintf(env.Stdout, "%s %s：%d年 %g%s →%d年 %g%s，年均 %+.1f%%，而所报增速%s（平均 %.1f%%）\n", f.Region, f.Indicator, f.From, f.LevelFrom, f.Unit, f.To, f.LevelTo, f.Unit,
			f.Implied, strings.Join(rates, "、"), f.Stated)
		fmt.Fprintf(env.Stdout, "  出处：「%s」（事实 %d）；「%s」（事实 %d）\n", f.QuoteFrom.Text, f.QuoteFrom.FactID, f.QuoteTo.Text, f.QuoteTo.FactID)
		for _, n := range f.Notes {
			fmt.Fprintf(env.Stdout, "  报告原文：%s\n", n)
		}
	}
	return nil
}

func init() {
	register(command{"cascade", "一项指标某年的目标逐级分解，与上级目标并列（层层加码）：cascade --indicator gdp --year 2026 [--json]", runCascade})
}

func runCascade(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("cascade", env)
	indicator := fs.String("indicator", "gdp", "规范指标编号：gdp、cpi、urban_jobs…")
	year := fs.Int("year", 0, "目标年份（必填）")
	asJSON := fs.Bool("json", false, "以一个 JSON 对象输出逐级分解")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *year == 0 {
		return usageErr("请给出 --year，如 --year 2026")
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := analysis.BuildCascade(ctx, st, *indicator, *year)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(c)
	}
	if len(c.Steps) == 0 {
		fmt.Fprintf(env.Stdout, "没有 %d 年 %s 的目标。\n", *year, *indicator)
		return nil
	}
	var rows [][]string
	for _, s := range c.Steps {
		parent, amp := "未收录", ""
		if s.ParentPoint != nil {
			parent = trimFloat(*s.ParentPoint)
			amp = fmt.Sprintf("%+g", *s.Amplified)
		}
		goal := s.Goal
		if s.Qualifier != "" {
			goal += "（" + s.Qualifier + "）"
		}
		rows = append(rows, []string{s.Level.ZH(), s.Region, s.RegionCode, goal, s.ParentRegion, parent, amp})
	}
	writeTable(env.Stdout, []string{"级别", "地区", "代码", "目标", "上级", "上级目标", "加码"}, rows)
	for code, n := range c.Above {
		fmt.Fprintf(env.Stdout, "%s 的下级：%d / %d 个目标高于上级\n", code, n[0], n[1])
	}
	return nil
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func init() {
	register(command{"revisions", "前后说法不一的数字（预计数与实际数、改过的总量）：revisions [--region 地区] [--json]", runRevisions})
}

func runRevisions(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("revisions", env)
	region := fs.String("region", "", "a region's name or 行政区划代码 (default: all)")
	asJSON := fs.Bool("json", false, "每处改动一个 JSON 对象，一行一个")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	revs, err := analysis.Revisions(ctx, st, *region)
	if err != nil {
		return err
	}
	if *asJSON {
		return jsonLines(env.Stdout, revs)
	}
	if len(revs) == 0 {
		fmt.Fprintln(env.Stdout, "没有前后说法不一的数字。")
		return nil
	}
	for _, r := range revs {
		fmt.Fprintf(env.Stdout, "%s %s %d年（%s，%s）：差 %+g\n", r.Region, r.Indicator, r.Year, map[string]string{"value": "总量", "growth": "增速"}[r.Field], r.Unit, r.Difference)
		for _, s := range r.Stated {
			est := ""
			if s.Estimated {
				est = "（预计）"
			}
			fmt.Fprintf(env.Stdout, "  %d年报告：%g%s「%s」（事实 %d）\n", s.ReportYear, s.Value, est, s.Text, s.FactID)
		}
	}
	return nil
}

func init() {
	register(command{"attention", "关注度：每份报告每万字中某词表用词的次数，分章节：attention [--list 环境] [--words 词、词] [--json]", runAttention})
}

func runAttention(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("attention", env)
	list := fs.String("list", "", "a built-in list: 环境, 创新, 民生 (default: all)")
	words := fs.String("words", "", "自定词表，用顿号或逗号分隔")
	region := fs.String("region", "", "a region's name or 行政区划代码")
	year := fs.Int("year", 0, "报告年份")
	asJSON := fs.Bool("json", false, "每份报告每个词表一个 JSON 对象，一行一个")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	var lists []analysis.WordList
	if *words != "" {
		lists = append(lists, analysis.WordList{Name: "自定义", Words: strings.FieldsFunc(*words, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ' ' })})
	}
	for _, l := range analysis.WordLists() {
		if *words == "" && (*list == "" || *list == l.Name) {
			lists = append(lists, l)
		}
	}
	if len(lists) == 0 {
		return usageErr("--list %q：内置词表有 环境、创新、民生", *list)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	as, err := analysis.Attentions(ctx, st, report.ReportFilter{Region: *region, Year: *year}, lists)
	if err != nil {
		return err
	}
	if *asJSON {
		return jsonLines(env.Stdout, as)
	}
	var rows [][]string
	for _, a := range as {
		rows = append(rows, []string{fmt.Sprint(a.ReportID), a.Region, fmt.Sprint(a.Year), a.List, fmt.Sprint(a.Count), fmt.Sprint(a.Chars), fmt.Sprintf("%.2f", a.Per10k),
			fmt.Sprint(a.BySection["review"]), fmt.Sprint(a.BySection["tasks"])})
	}
	writeTable(env.Stdout, []string{"报告", "地区", "年份", "词表", "次数", "汉字", "每万字", "回顾", "工作任务"}, rows)
	return nil
}
