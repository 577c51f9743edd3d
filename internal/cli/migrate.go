package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/baogao/baogao/internal/report"
	"os"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/store"
	"github.com/baogao/baogao/internal/store/migrate"
	"github.com/baogao/baogao/internal/store/postgres"
)

func init() {
	register(command{"migrate", "把 SQLite 库整体迁入一个空的 PostgreSQL 库：migrate --from baogao.db --to postgres://…", runMigrate})
}

func runMigrate(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("migrate", env)
	from := fs.String("from", "baogao.db", "要复制的 SQLite 文件")
	to := fs.String("to", "", "要填入的 PostgreSQL 库，postgres://用户@主机/库（须为空库）")
	asJSON := fs.Bool("json", false, "以 JSON 输出行数与摘要值")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if !postgres.IsDSN(*to) {
		return usageErr("--to 需要一个 PostgreSQL 地址 postgres://user@host/db")
	}
	if postgres.IsDSN(*from) {
		return usageErr("--from 需要一个 SQLite 文件")
	}
	if _, err := os.Stat(*from); err != nil {
		return report.Errorf(report.NotFound, "找不到要迁移的 SQLite 文件：%w", err)
	}
	var progress func(string, int)
	tty := isTerminal(env.Stderr)
	if tty {
		last := time.Time{}
		progress = func(table string, rows int) {
			if time.Since(last) > 100*time.Millisecond {
				last = time.Now()
				fmt.Fprintf(env.Stderr, "\r复制 %s：%d 行 %s", table, rows, strings.Repeat(" ", 10))
			}
		}
	}
	start := time.Now()
	res, err := migrate.Copy(ctx, *from, *to, progress)
	if tty {
		fmt.Fprintf(env.Stderr, "\r%s\r", strings.Repeat(" ", 60))
	}
	if err != nil {
		return report.Errorf(report.Invalid, "迁移未完成，目标数据库未写入任何内容：%w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	var rows [][]string
	for _, c := range res.Tables {
		rows = append(rows, []string{c.Table, fmt.Sprint(c.Rows), "一致 sha256:" + c.Digest[:12]})
	}
	writeTable(env.Stdout, []string{"表", "行数", "读回核对"}, rows)
	fmt.Fprintf(env.Stdout, "已从 %s 迁入 %s，用时 %.1f 秒；%d 份原始文件、%d 个佐证文件的 SHA-256 均已核对。\n",
		*from, store.Describe(*to), time.Since(start).Seconds(), res.RawChecked, res.FilesChecked)
	return nil
}
