package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/review"
)

func init() {
	register(command{"review", "按可疑程度排列的事实与人工审核：review list | confirm 编号 | reject 编号 | correct 编号 --set value=950（--by 姓名）", runReview})
	register(command{"reprocess", "对已入库的报告重新抽取，保留审核、任务及其记录", runReprocess})
}

func runReview(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(env.Stderr, "baogao review list|confirm|reject|correct [flags]；每个子命令都有 -h")
		return flag.ErrHelp
	}
	if len(args) == 0 {
		return usageErr("review list [--region R] [--limit 20] [--json] | review confirm|reject|correct ID --by NAME [--note 说明] [--set field=value …]")
	}
	sub := args[0]
	fs, db := newFlags("review "+sub, env)
	region := fs.String("region", "", "list: a region's name or 行政区划代码")
	limit := fs.Int("limit", 20, "list：最多这么多条事实（0：全部）")
	asJSON := fs.Bool("json", false, "list：每条事实一个 JSON 对象，一行一个")
	by := fs.String("by", "", "审核人（默认：登录名）")
	note := fs.String("note", "", "理由")
	var sets []string
	fs.Func("set", "correct: a field and its value, indicator=… value=950 unit=亿元 growth_pct=… year=… (repeatable; value= clears)", func(v string) error {
		sets = append(sets, v)
		return nil
	})
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if sub == "list" {
		items, err := review.Queue(ctx, st, report.ReportFilter{Region: *region}, *limit)
		if err != nil {
			return err
		}
		if *asJSON {
			return jsonLines(env.Stdout, items)
		}
		for _, it := range items {
			f := it.Fact
			fmt.Fprintf(env.Stdout, "事实 %d（%s %s，疑点 %.1f：%s）\n  %s：%s\n  …%s【%s】%s…\n", f.ID, f.Region, map[report.FactKind]string{report.Target: "目标", report.Achieved: "实绩", report.Commitment: "承诺"}[f.Kind], it.Doubt, strings.Join(it.Reasons, "；"),
				f.Indicator, f.NumbersZH(), it.Before, f.Quote, it.After)
		}
		if len(items) == 0 {
			fmt.Fprintln(env.Stdout, "没有待审核的事实。")
		}
		return nil
	}
	action := map[string]string{"confirm": report.Confirm, "reject": report.Reject, "correct": report.Correct}[sub]
	if action == "" {
		return usageErr("review %q：可用 list、confirm、reject、correct", sub)
	}
	if len(pos) != 1 {
		return usageErr("请给出一个事实编号")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return usageErr("%q 不是事实编号", pos[0])
	}
	if *by == "" {
		*by = currentUser()
	}
	rv := report.Review{FactID: id, Action: action, By: *by, Note: *note}
	if err := review.Record(ctx, st, &rv, sets); err != nil {
		if report.KindOf(err) == report.Invalid {
			return usageErr("%v", err)
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "已记录：事实 %d %s，审核人 %s，%s\n", id, map[string]string{report.Confirm: "确认", report.Reject: "否决", report.Correct: "更正"}[action], rv.By, rv.At.Local().Format("2006年1月2日 15:04"))
	return nil
}

func runReprocess(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("reprocess", env)
	asJSON := fs.Bool("json", false, "以 JSON 输出计数")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	var progress func(int, int)
	var bar *progressBar
	if isTerminal(env.Stderr) {
		progress = func(done, total int) {
			if bar == nil {
				bar = newProgressBar(env.Stderr, total)
			}
			bar.set(done)
		}
	}
	failed := false
	s, err := pipeline.Reprocess(ctx, st, progress, func(id int64, err error) {
		failed = true
		fmt.Fprintf(env.Stderr, "报告 %d：%v\n", id, err)
	})
	bar.clear()
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		if err := enc.Encode(s); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(env.Stdout, "重新抽取 %d 份报告：%d 条不变，%d 条就地更新，%d 条新增，%d 条删除，%d 条因有人审核或报送而保留，%d 份失败\n",
			s.Reports, s.Unchanged, s.Updated, s.Added, s.Removed, s.Kept, s.Failed)
	}
	if failed {
		return errSilent
	}
	return nil
}
