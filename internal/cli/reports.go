package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/user"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/identify"
	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/report"
)

func init() {
	register(command{"reports", "列出已入库的报告（--json 供脚本用）；reports set 编号 --year 年 --region 代码 更正一份", runReports})
	register(command{"show", "打印一份报告的身份、清洗摘要和清洗后的全文", runShow})
}

// reportJSON is the scripted view of a report.
type reportJSON struct {
	ID      int64           `json:"id"`
	Files   []string        `json:"files"`
	Sources []report.Source `json:"sources"`
	report.Identity
}

func runReports(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && args[0] == "set" {
		return runReportsSet(ctx, env, args[1:])
	}
	fs, db := newFlags("reports", env)
	asJSON := fs.Bool("json", false, "每份报告一个 JSON 对象，一行一个")
	region := fs.String("region", "", "region name or 行政区划代码")
	level := fs.String("level", "", "national、province、city、district 或 county")
	year := fs.Int("year", 0, "报告年份")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	rs, err := st.Reports(ctx, report.ReportFilter{Region: *region, Level: report.Level(*level), Year: *year})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		for _, r := range rs {
			if err := enc.Encode(toJSON(r)); err != nil {
				return err
			}
		}
		return nil
	}
	var rows [][]string
	for _, r := range rs {
		id := r.Identity
		var flags []string
		if id.Partial {
			flags = append(flags, "部分")
		}
		if id.Anonymised {
			flags = append(flags, "匿名")
		}
		if id.YearInferred {
			flags = append(flags, "年份推断")
		}
		if id.Corrected != nil {
			flags = append(flags, "已更正")
		}
		rows = append(rows, []string{strconv.FormatInt(r.ID, 10), orDash(id.Region), orDash(id.RegionCode), id.Level.ZH(), yearZH(id.Year),
			id.Kind.ZH(), strings.Join(flags, "、"), strings.Join(toJSON(r).Files, " ")})
	}
	writeTable(env.Stdout, []string{"ID", "地区", "代码", "级别", "年份", "类型", "标记", "文件"}, rows)
	return nil
}

// runReportsSet corrects a report's identity: reports set ID --year 2023
// --region 350000 [--by NAME]. The report's facts, checks and tasks follow.
func runReportsSet(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("reports set", env)
	year := fs.Int("year", 0, "报告所属年份")
	region := fs.String("region", "", "行政区划代码 or the region's name")
	by := fs.String("by", "", "更正人（默认：系统登录名）")
	asJSON := fs.Bool("json", false, "以 JSON 输出更正后的身份")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("请给出一个报告编号：reports set 编号 --year 2023 --region 350000")
	}
	rid, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return usageErr("报告编号 %q 不是数字", pos[0])
	}
	who := *by
	if who == "" {
		who = systemUser()
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := st.Report(ctx, rid)
	if err != nil {
		return err
	}
	id, err := identify.Correct(r.Identity, *year, *region, who, time.Now())
	if err != nil {
		return err
	}
	if err := st.CorrectIdentity(ctx, rid, id); err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(id)
	}
	fmt.Fprintf(env.Stdout, "报告 %d 已更正：%s（%s，%s），%s；更正人 %s\n", rid, orDash(id.Region), orDash(id.RegionCode), id.Level.ZH(), yearZH(id.Year), who)
	return nil
}

// systemUser names the person at the terminal.
func systemUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "baogao"
}

func toJSON(r report.Report) reportJSON {
	out := reportJSON{ID: r.ID, Identity: r.Identity, Sources: r.Sources}
	for _, s := range r.Sources {
		out.Files = append(out.Files, ingest.DisplayName(s.Path))
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yearZH(y int) string {
	if y == 0 {
		return "-"
	}
	return strconv.Itoa(y) + "年"
}

func runShow(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("show", env)
	asJSON := fs.Bool("json", false, "以 JSON 输出报告（身份、来源、清洗后文本）")
	noText := fs.Bool("no-text", false, "不含清洗后文本")
	outline := fs.Bool("outline", false, "打印章节树与名词解释，不打印全文")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("请给出一个报告编号")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return usageErr("报告编号 %q 不是数字", pos[0])
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := st.Report(ctx, id)
	if err != nil {
		return err
	}
	text := reportText(r)
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			reportJSON
			Text string `json:"text"`
		}{toJSON(*r), text})
	}
	w := env.Stdout
	ident := r.Identity
	fmt.Fprintf(w, "报告 %d  %s\n", r.ID, orDash(ident.Title))
	fmt.Fprintf(w, "地区    %s（%s，%s）\n", orDash(ident.Region), orDash(ident.RegionCode), ident.Level.ZH())
	years := fmt.Sprintf("%s作，回顾%s，计划%s", yearZH(ident.Year), span(ident.ReviewFrom, ident.ReviewTo), span(ident.PlanFrom, ident.PlanTo))
	if ident.PlanSpanFrom != 0 {
		years += "及" + span(ident.PlanSpanFrom, ident.PlanSpanTo)
	}
	if ident.YearInferred {
		years += "（年份由文中推断）"
	}
	fmt.Fprintf(w, "年份    %s\n", years)
	fmt.Fprintf(w, "类型    %s%s%s\n", ident.Kind.ZH(), map[bool]string{true: "，部分（缺页）"}[ident.Partial], map[bool]string{true: "，已匿名"}[ident.Anonymised])
	if ident.Session != "" || ident.DeliveredOn != "" {
		fmt.Fprintf(w, "会议    %s %s\n", dateZH(ident.DeliveredOn), ident.Session)
	}
	if ident.Speaker != "" {
		fmt.Fprintf(w, "报告人  %s %s\n", ident.SpeakerTitle, ident.Speaker)
	}
	for _, s := range r.Sources {
		page := ""
		if s.Pages > 0 {
			page = fmt.Sprintf("，第%d/%d页", s.Page, s.Pages)
		}
		fmt.Fprintf(w, "来源    %s（%s，%s，%d字节%s）\n", s.Path, s.Format, s.Encoding, len(s.Raw), page)
		fmt.Fprintf(w, "清理    %s\n", summaryLine(s.Summary))
	}
	switch {
	case *outline:
		printOutline(w, r)
	case !*noText:
		fmt.Fprintf(w, "\n%s\n", text)
	}
	return nil
}

// printOutline prints each source's section tree with character positions,
// then its glossary and slogans.
func printOutline(w io.Writer, r *report.Report) {
	for _, s := range r.Sources {
		if len(r.Sources) > 1 {
			fmt.Fprintf(w, "\n%s\n", s.Path)
		}
		if len(s.Sections) == 0 {
			fmt.Fprintln(w, "\n（未识别出章节结构：事实从全文读取）")
		}
		pos := func(i int) int { return utf8.RuneCountInString(s.Clean[:min(i, len(s.Clean))]) }
		for _, sec := range s.Sections {
			five := ""
			if sec.FiveYear {
				five = "（五年）"
			}
			fmt.Fprintf(w, "\n%s%s  第%d—%d字  %s\n", report.SectionNames[sec.Kind], five, pos(sec.Start), pos(sec.End), sec.Title)
			for _, h := range sec.Children {
				fmt.Fprintf(w, "    %s  第%d字\n", h.Title, pos(h.Start))
			}
		}
		if len(s.Terms) > 0 {
			fmt.Fprintln(w, "\n名词与提法")
			for _, t := range s.Terms {
				def := t.Definition
				if def == "" {
					def = "（文中未释义）"
				}
				fmt.Fprintf(w, "    %s：%s\n", t.Term, def)
			}
		}
	}
}

// reportText joins the cleaned text of a report: its pages in order, or
// its first copy.
func reportText(r *report.Report) string {
	var parts []string
	pages := map[int]bool{}
	for _, s := range r.Sources {
		if s.Page > 0 {
			if !pages[s.Page] {
				pages[s.Page] = true
				parts = append(parts, s.Clean)
			}
		} else if len(parts) == 0 {
			parts = append(parts, s.Clean)
		}
	}
	return strings.Join(parts, "\n")
}

func span(a, b int) string {
	switch {
	case a == 0:
		return "-"
	case a == b:
		return strconv.Itoa(a) + "年"
	}
	return fmt.Sprintf("%d—%d年", a, b)
}

func dateZH(d string) string {
	var y, m, day int
	if _, err := fmt.Sscanf(d, "%d-%d-%d", &y, &m, &day); err != nil {
		return d
	}
	return fmt.Sprintf("%d年%d月%d日", y, m, day)
}

func summaryLine(s report.Summary) string {
	type kv struct {
		k string
		v int
	}
	var removed, repaired []kv
	total := 0
	for k, v := range s.Removed {
		removed = append(removed, kv{k, v})
	}
	for k, v := range s.Repaired {
		repaired = append(repaired, kv{k, v})
		total += v
	}
	sort.Slice(removed, func(i, j int) bool {
		return removed[i].v > removed[j].v || removed[i].v == removed[j].v && removed[i].k < removed[j].k
	})
	sort.Slice(repaired, func(i, j int) bool {
		return repaired[i].v > repaired[j].v || repaired[i].v == repaired[j].v && repaired[i].k < repaired[j].k
	})
	var b strings.Builder
	b.WriteString("删除 ")
	for i, e := range removed {
		if i > 0 {
			b.WriteString("，")
		}
		fmt.Fprintf(&b, "%s×%d", clean.LabelZH(e.k), e.v)
	}
	if len(removed) == 0 {
		b.WriteString("无")
	}
	fmt.Fprintf(&b, "；修复 %d 处", total)
	for i, e := range repaired {
		if i >= 12 {
			fmt.Fprintf(&b, " …")
			break
		}
		fmt.Fprintf(&b, " %s×%d", clean.LabelZH(e.k), e.v)
	}
	fmt.Fprintf(&b, "；原文 %d 字节，清理后 %d 字", s.RawBytes, s.Runes)
	return b.String()
}
