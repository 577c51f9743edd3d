package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/export"
	"github.com/baogao/baogao/internal/extract"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

func init() {
	register(command{"check", "目标对照后续报告所报的实绩（--region 地区 [--year 年]）", runCheck})
	register(command{"tasks", "承诺事项督查督办：list|show|update|import|export|units|report|suggest", runTasks})
}

func runCheck(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("check", env)
	region := fs.String("region", "", "region name or 行政区划代码 (required)")
	year := fs.Int("year", 0, "目标所属年份")
	asJSON := fs.Bool("json", false, "每个目标一个 JSON 对象")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *region == "" {
		return usageErr("请给出 --region")
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	cs, err := track.Checks(ctx, st, *region, *year, extract.Directions())
	if err != nil {
		return err
	}
	if *asJSON {
		return jsonLines(env.Stdout, cs)
	}
	if len(cs) == 0 {
		fmt.Fprintf(env.Stdout, "没有找到%s的目标。\n", *region)
		return nil
	}
	var rows [][]string
	for _, c := range cs {
		y := "-"
		if c.Target.Year != nil {
			y = strconv.Itoa(*c.Target.Year)
		} else if len(c.Target.SpanYears) == 2 {
			y = fmt.Sprintf("%d—%d", c.Target.SpanYears[0], c.Target.SpanYears[1])
		}
		result, gap, src := "-", "-", ""
		if c.Result != nil {
			result = c.Result.NumbersZH()
			if c.Estimated {
				result += "（预计）"
			}
			src = fmt.Sprintf("报告%d：%s", c.Result.ReportID, trimRunes(c.Result.Quote, 24))
		}
		if c.Gap != nil {
			gap = fmt.Sprintf("%+g%s", *c.Gap, c.GapUnit)
		}
		verdict := track.VerdictZH(c.Verdict)
		if c.Why != "" {
			verdict += "（" + c.Why + "）"
		}
		rows = append(rows, []string{y, trimRunes(c.Target.Indicator, 16), c.Target.NumbersZH(), c.Goal, result, gap, verdict, src})
	}
	writeTable(env.Stdout, []string{"年份", "指标", "目标", "按目标读", "结果", "差距", "判定", "结果出处"}, rows)
	return nil
}

func runTasks(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(env.Stderr, "baogao tasks list|show|update|import|export|units|suggest|report [flags]；每个子命令都有 -h")
		return flag.ErrHelp
	}
	if len(args) == 0 {
		return usageErr("tasks list|show|update|import|export|units|suggest|report")
	}
	sub := map[string]func(context.Context, Env, []string) error{
		"list": tasksList, "show": tasksShow, "update": tasksUpdate, "import": tasksImport,
		"export": tasksExport, "units": tasksUnits, "suggest": tasksSuggest, "report": tasksReport,
	}[args[0]]
	if sub == nil {
		return usageErr("没有 tasks 子命令 %q（可用 list、show、update、import、export、units、suggest、report）", args[0])
	}
	return sub(ctx, env, args[1:])
}

type taskFlags struct {
	db, region, unit, status, today *string
	year                            *int
	asJSON                          *bool
}

func newTaskFlags(name string, env Env) (*flag.FlagSet, taskFlags) {
	fs, db := newFlags("tasks "+name, env)
	return fs, taskFlags{
		db: db, region: fs.String("region", "", "region name or 行政区划代码"), year: fs.Int("year", 0, "plan year"),
		unit: fs.String("unit", "", "牵头或责任单位（部分即可）"), status: fs.String("status", "", "not_started、in_progress、done、overdue 或 dropped"),
		today:  fs.String("today", "", "判断逾期所依的日期（默认今天），写作 2006-01-02"),
		asJSON: fs.Bool("json", false, "以 JSON 输出"),
	}
}

func (tf taskFlags) now() (time.Time, error) {
	if *tf.today == "" {
		return time.Now(), nil
	}
	t, err := time.Parse("2006-01-02", *tf.today)
	if err != nil {
		return t, usageErr("--today %q 不是日期（写作 2006-01-02）", *tf.today)
	}
	return t, nil
}

// load reads the tasks the flags select, and the date to judge them on.
func (tf taskFlags) load(ctx context.Context) (time.Time, []report.Task, error) {
	now, err := tf.now()
	if err != nil {
		return now, nil, err
	}
	st, err := openStore(ctx, *tf.db)
	if err != nil {
		return now, nil, err
	}
	defer st.Close()
	ts, err := track.LoadTasks(ctx, st, report.TaskFilter{Region: *tf.region, Year: *tf.year})
	return now, ts, err
}

func (tf taskFlags) keep(t report.Task, now time.Time) bool {
	if *tf.unit != "" && !strings.Contains(t.State.LeadUnit+" "+strings.Join(t.State.CoUnits, " "), *tf.unit) {
		return false
	}
	return *tf.status == "" || track.Current(t.State, now) == *tf.status
}

func tasksList(ctx context.Context, env Env, args []string) error {
	fs, tf := newTaskFlags("list", env)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	now, ts, err := tf.load(ctx)
	if err != nil {
		return err
	}
	var rows [][]string
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	for _, t := range ts {
		if !tf.keep(t, now) {
			continue
		}
		status := track.Current(t.State, now)
		if *tf.asJSON {
			if err := enc.Encode(struct {
				report.Task
				Status string `json:"status"`
			}{t, status}); err != nil {
				return err
			}
			continue
		}
		flag := ""
		if status == track.Overdue {
			flag = "⚠"
		}
		rows = append(rows, []string{strconv.FormatInt(t.ID, 10), flag + track.StatusZH(status), trimRunes(t.Title, 20), orDash(t.State.LeadUnit), dateOrDash(t.State.Deadline), strconv.Itoa(t.Year), trimRunes(t.Region, 10)})
	}
	if !*tf.asJSON {
		writeTable(env.Stdout, []string{"编号", "状态", "任务", "牵头单位", "完成时限", "年份", "地区"}, rows)
	}
	return nil
}

func dateOrDash(d string) string {
	if d == "" {
		return "-"
	}
	return track.DateZH(d)
}

func taskID(pos []string) (int64, error) {
	if len(pos) != 1 {
		return 0, usageErr("请给出一个任务编号")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return 0, usageErr("任务编号 %q 不是数字", pos[0])
	}
	return id, nil
}

func tasksShow(ctx context.Context, env Env, args []string) error {
	fs, tf := newTaskFlags("show", env)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := taskID(pos)
	if err != nil {
		return err
	}
	now, err := tf.now()
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *tf.db)
	if err != nil {
		return err
	}
	defer st.Close()
	t, err := track.LoadTask(ctx, st, id)
	if err != nil {
		return err
	}
	if *tf.asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(t)
	}
	w, s := env.Stdout, t.State
	fmt.Fprintf(w, "任务 %d  %s\n", t.ID, t.Title)
	if t.Origin != nil {
		name, _, err := st.Evidence(ctx, t.Origin.File)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "来源    督查室新增，分工方案 %s 第 %d 行（文件 %.12s…；报告%d，%s，%d年）\n", name, t.Origin.Row, t.Origin.File, t.ReportID, t.Region, t.Year)
	} else {
		fmt.Fprintf(w, "原文    %s（报告%d，%s，%d年）\n", t.Quote, t.ReportID, t.Region, t.Year)
	}
	fmt.Fprintf(w, "状态    %s\n", track.StatusZH(track.Current(s, now)))
	fmt.Fprintf(w, "牵头    %s  责任单位 %s  责任领导 %s\n", orDash(s.LeadUnit), orDash(strings.Join(s.CoUnits, "、")), orDash(s.LeadOfficial))
	fmt.Fprintf(w, "时限    %s\n", dateOrDash(s.Deadline))
	for _, m := range s.Milestones {
		done := ""
		if m.Done {
			done = "（已完成）"
		}
		fmt.Fprintf(w, "节点    %s %s%s\n", track.DateZH(m.Due), m.Name, done)
	}
	if s.Verdict != "" {
		fmt.Fprintf(w, "结论    %s，证据：%s\n", track.VerdictZH(s.Verdict), s.Evidence)
	}
	if r := s.Rating; r != nil {
		note := ""
		if r.Note != "" {
			note = "，" + r.Note
		}
		fmt.Fprintf(w, "评分    %d 分%s（%s，%s）\n", r.Score, note, r.By, track.DateZH(r.At.Local().Format("2006-01-02")))
	}
	if t.Suggestion != nil && s.Verdict == "" {
		fmt.Fprintf(w, "建议    %s（后续报告：%s），待确认\n", track.VerdictZH(t.Suggestion.Verdict), t.Suggestion.Quote)
	}
	fmt.Fprintln(w, "\n记录")
	for _, e := range t.Events {
		fmt.Fprintf(w, "  %d  %s  %s  %s  %s\n", e.Seq, e.At.Local().Format("2006-01-02 15:04"), e.Actor, e.Kind, eventText(e))
	}
	return nil
}

func eventText(e report.Event) string {
	keys := make([]string, 0, len(e.Data))
	for k := range e.Data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var p []string
	for _, k := range keys {
		p = append(p, k+"="+e.Data[k])
	}
	return strings.Join(p, " ")
}

func tasksUpdate(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("tasks update", env)
	by := fs.String("by", os.Getenv("USER"), "修改人")
	var u track.Update
	fs.StringVar(&u.Status, "status", "", "新状态：not_started、in_progress、done 或 dropped")
	fs.StringVar(&u.Reason, "reason", "", "理由（重新启用或销号时必填）")
	fs.StringVar(&u.LeadUnit, "lead", "", "lead unit (牵头单位)")
	fs.StringVar(&u.CoUnits, "units", "", "co-responsible units (责任单位), separated by 、")
	fs.StringVar(&u.Official, "official", "", "责任领导")
	fs.StringVar(&u.Deadline, "deadline", "", "deadline: 2020-12-31, 2020年12月底, 年底…")
	fs.Func("milestone", "a node: 名称@日期 (add @done when reached); repeat for several", func(v string) error {
		u.Milestones = append(u.Milestones, v)
		return nil
	})
	fs.StringVar(&u.Progress, "progress", "", "进展")
	fs.StringVar(&u.Evidence, "evidence", "", "证据：链接或报告原文")
	evidenceFile := fs.String("evidence-file", "", "作为证据保存的文件（照片、签字文件）")
	fs.StringVar(&u.Verdict, "verdict", "", "结论：met、exceeded、missed（须 --miss-reason）、no_result、not_comparable、unverifiable")
	fs.StringVar(&u.MissReason, "miss-reason", "", "未完成原因：funds、policy、approval、conditions、other（写明 --reason）")
	fs.StringVar(&u.Rating, "rating", "", "督查室评分，0 到 100（--reason 写评语），计入绩效考核")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := taskID(pos)
	if err != nil {
		return err
	}
	if *by == "" {
		return usageErr("请用 --by 给出修改人：每次修改都记录修改人")
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	t, err := track.LoadTask(ctx, st, id)
	if err != nil {
		return err
	}
	if *evidenceFile != "" {
		data, err := os.ReadFile(*evidenceFile)
		if err != nil {
			return err
		}
		if u.EvidenceFile, err = st.AddEvidence(ctx, filepath.Base(*evidenceFile), data); err != nil {
			return err
		}
	}
	state, err := track.Apply(ctx, st, t, u, *by, time.Now())
	if err != nil {
		return err
	}
	now := time.Now()
	t.State = state
	fmt.Fprintf(env.Stdout, "任务 %d：已记录，状态 %s，序时进度 %s\n", id, track.StatusZH(track.Current(state, now)), track.ScheduleZH(track.ScheduleOf(*t, now).Class))
	return nil
}

func tasksImport(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("tasks import", env)
	region := fs.String("region", "", "只匹配该地区的任务（名称或行政区划代码）")
	year := fs.Int("year", 0, "只匹配该计划年度的任务；也用于补全没写年份的日期")
	reportID := fs.Int64("report", 0, "只匹配该报告的任务")
	partial := fs.Bool("partial", false, "有错行时仍导入无误的行")
	addUnmatched := fs.Bool("add-unmatched", false, "与报告承诺都不相符的行作为督查室新增任务导入（须用 --report 或 --region 与 --year 指明一份报告）；表格原件随之保存")
	by := fs.String("by", currentUser(), "导入人")
	asJSON := fs.Bool("json", false, "以 JSON 输出每一行的结果")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("请给出一个 XLSX 或 CSV 文件")
	}
	if *by == "" {
		return usageErr("请用 --by 给出导入人")
	}
	raw, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	rows, err := export.ReadTable(pos[0], raw)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := track.Import(ctx, st, track.ImportRequest{Name: filepath.Base(pos[0]), Raw: raw, Rows: rows,
		Filter: report.TaskFilter{Region: *region, Year: *year, ReportID: *reportID}, Actor: *by, AddUnmatched: *addUnmatched, Partial: *partial})
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if *asJSON {
		out := map[string]any{"imported": res.Imported, "good": res.Good, "bad": res.Bad, "new_tasks": append([]int64{}, res.NewIDs...), "rows": res.Rows}
		if err := jsonLines(env.Stdout, []any{out}); err != nil {
			return err
		}
	} else {
		for _, r := range res.Rows {
			if r.Error != "" {
				fmt.Fprintf(env.Stderr, "%s：第 %d 行：%s\n", pos[0], r.Row, r.Error)
			}
		}
		switch {
		case !res.Imported:
			fmt.Fprintf(env.Stdout, "%d 行无误，%d 行有错：未导入（加 --partial 只导入无误的行）\n", res.Good, res.Bad)
		case len(res.NewIDs) > 0:
			fmt.Fprintf(env.Stdout, "已导入 %d 行（其中新增任务 %d 项，表格原件已保存），%d 行有错\n", res.Good, len(res.NewIDs), res.Bad)
		default:
			fmt.Fprintf(env.Stdout, "已导入 %d 行，%d 行有错\n", res.Good, res.Bad)
		}
	}
	if res.Bad > 0 {
		return errSilent
	}
	return nil
}

func tasksExport(ctx context.Context, env Env, args []string) error {
	fs, tf := newTaskFlags("export", env)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("请给出文件（.xlsx 或 .csv），或 - 表示以 CSV 写到标准输出")
	}
	now, ts, err := tf.load(ctx)
	if err != nil {
		return err
	}
	var kept []report.Task
	for _, t := range ts {
		if tf.keep(t, now) {
			kept = append(kept, t)
		}
	}
	rows := track.ExportRows(kept, func(t report.Task) string { return track.Current(t.State, now) }, now)
	var w io.Writer = env.Stdout
	if pos[0] != "-" {
		f, err := os.Create(pos[0])
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if strings.EqualFold(filepath.Ext(pos[0]), ".xlsx") {
		return export.WriteXLSX(w, "任务分解", rows)
	}
	return export.WriteCSV(w, rows)
}

func tasksUnits(ctx context.Context, env Env, args []string) error {
	fs, tf := newTaskFlags("units", env)
	weightsFile := fs.String("weights", "", "绩效考核 weights, a table like internal/track/data/performance.tsv (default: that table)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	weights := track.DefaultWeights()
	if *weightsFile != "" {
		w, err := track.ReadWeights(*weightsFile)
		if err != nil {
			return err
		}
		weights = w
	}
	now, ts, err := tf.load(ctx)
	if err != nil {
		return err
	}
	scores := track.Units(ts, now)
	perf := track.Performances(ts, now, weights)
	if *tf.asJSON {
		// One line a unit: its table row, and its 绩效考核 beside it.
		byUnit := map[string]track.Performance{}
		for _, p := range perf {
			byUnit[p.Unit] = p
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		for _, s := range scores {
			line := struct {
				track.UnitScore
				Performance *track.Performance `json:"performance,omitempty"`
			}{UnitScore: s}
			if p, ok := byUnit[s.Unit]; ok {
				line.Performance = &p
			}
			if err := enc.Encode(line); err != nil {
				return err
			}
		}
		return nil
	}
	var rows [][]string
	for _, s := range scores {
		rows = append(rows, []string{strconv.Itoa(s.Rank), s.Unit, strconv.Itoa(s.Tasks), strconv.Itoa(s.Done), strconv.Itoa(s.OnTime), strconv.Itoa(s.Overdue),
			strconv.Itoa(s.Behind), strconv.Itoa(s.NodesOverdue), fmt.Sprintf("%.1f%%", s.OnTimePc)})
	}
	writeTable(env.Stdout, []string{"排名", "牵头单位", "任务", "已完成", "按时完成", "逾期", "欠进度", "节点逾期", "按时完成率"}, rows)
	fmt.Fprintln(env.Stdout, "\n绩效考核")
	rows = nil
	for _, p := range perf {
		rows = append(rows, []string{strconv.Itoa(p.Rank), p.Unit, strconv.FormatFloat(p.Score, 'f', -1, 64), p.Computation})
	}
	writeTable(env.Stdout, []string{"排名", "牵头单位", "得分", "计算"}, rows)
	return nil
}

func tasksSuggest(ctx context.Context, env Env, args []string) error {
	fs, tf := newTaskFlags("suggest", env)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *tf.db)
	if err != nil {
		return err
	}
	defer st.Close()
	// One pass per region and year that has tasks.
	ts, err := track.LoadTasks(ctx, st, report.TaskFilter{Region: *tf.region, Year: *tf.year})
	if err != nil {
		return err
	}
	type key struct {
		region string
		year   int
	}
	seen := map[key]bool{}
	n := 0
	for _, t := range ts {
		k := key{t.RegionCode, t.Year}
		if k.region == "" {
			k.region = t.Region
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		done, err := track.SuggestFor(ctx, st, k.region, k.year)
		if err != nil {
			return err
		}
		for _, t := range done {
			if *tf.asJSON {
				enc := json.NewEncoder(env.Stdout)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(map[string]any{"task_id": t.ID, "title": t.Title, "suggestion": t.Suggestion}); err != nil {
					return err
				}
				continue
			}
			fmt.Fprintf(env.Stdout, "任务 %d %s → %s：%s\n", t.ID, t.Title, track.VerdictZH(t.Suggestion.Verdict), t.Suggestion.Quote)
		}
		n += len(done)
	}
	if !*tf.asJSON {
		fmt.Fprintf(env.Stdout, "新记录 %d 条佐证建议（已有建议或已有结论的任务不再重复提出）；确认：baogao tasks update ID --verdict met --by 姓名\n", n)
	}
	return nil
}

// tasksReport writes the 督查通报 for a year as of the end of a month (or
// --today), as DOCX, or as text with --out -.
func tasksReport(ctx context.Context, env Env, args []string) error {
	fs, tf := newTaskFlags("report", env)
	month := fs.Int("month", 0, "截至 --year 年此月底（默认：--today）")
	out := fs.String("out", "通报.docx", "the DOCX file to write, or - for text")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *tf.year == 0 {
		return usageErr("请给出 --year，如 --year 2023")
	}
	if *month < 0 || *month > 12 {
		return usageErr("--month %d：1 到 12", *month)
	}
	now, ts, err := tf.load(ctx)
	if err != nil {
		return err
	}
	if *month > 0 {
		now = time.Date(*tf.year, time.Month(*month)+1, 0, 23, 0, 0, 0, time.Local) // the month's last day
	}
	var kept []report.Task
	for _, t := range ts {
		if tf.keep(t, now) {
			kept = append(kept, t)
		}
	}
	b := track.NewBulletin(kept, *tf.year, now)
	if *out == "-" {
		for _, p := range b.Paragraphs() {
			fmt.Fprintln(env.Stdout, p[1])
		}
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(*out), ".baogao-report-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := export.WriteDOCX(f, b.Paragraphs()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已写出 %s：任务 %d 项，已完成 %d 项，逾期 %d 项，欠进度 %d 项（截至 %s）\n", *out, b.Tasks, b.ByStatus[track.Done], b.ByStatus[track.Overdue], b.ByPace[track.Behind], b.AsOf)
	return nil
}
