package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/serve"
	"github.com/baogao/baogao/internal/store"
	"github.com/baogao/baogao/internal/track"
)

func init() {
	register(command{"serve", "启动网页界面和 REST 接口（/api/v1）", runServe})
	register(command{"user", "账号：user add 姓名 --role admin|editor|viewer [--unit 单位]；user token 姓名", runUser})
}

func runServe(ctx context.Context, env Env, args []string) error {
	fs, db := newFlags("serve", env)
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址")
	private := fs.Bool("private", false, "阅读也须登录")
	maxMB := fs.Int64("max-upload", 50, "最大上传，单位 MB")
	verbose := fs.Bool("v", false, "每个请求都记日志")
	expandFlags(fs)
	publicURL := fs.String("public-url", "", "对外地址，如 https://baogao.example.gov.cn（https 时 Cookie 带 Secure）")
	trustProxy := fs.Bool("trust-proxy", false, "前面有反向代理，由它设 X-Forwarded-For 与 X-Forwarded-Proto")
	weightsFile := fs.String("weights", "", "督查室绩效考核权重表（默认：内置的表）")
	answerDays := fs.Int("answer-days", 5, "群众提问的答复期限，单位：工作日")
	smtpAddr := fs.String("smtp", "", "发送通知邮件的 SMTP 服务器 host:port（不设则只在站内通知）")
	smtpFrom := fs.String("smtp-from", "", "通知邮件的发件地址")
	smtpUser := fs.String("smtp-user", "", "SMTP 用户名（密码取自环境变量 BAOGAO_SMTP_PASSWORD）")
	profile := profileFlag(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	stop, err := profile()
	if err != nil {
		return err
	}
	defer stop()
	if *publicURL != "" && !strings.HasPrefix(*publicURL, "https://") && !strings.HasPrefix(*publicURL, "http://") {
		return usageErr("--public-url 须以 https:// 或 http:// 开头：%q", *publicURL)
	}
	if *answerDays < 1 || *answerDays > 60 {
		return usageErr("--answer-days 应为 1 到 60 个工作日：%d", *answerDays)
	}
	var mail *serve.Mail
	if *smtpAddr != "" {
		if *smtpFrom == "" {
			return usageErr("设了 --smtp 也须设 --smtp-from（发件地址）")
		}
		mail = &serve.Mail{Addr: *smtpAddr, From: *smtpFrom, Username: *smtpUser, Password: os.Getenv("BAOGAO_SMTP_PASSWORD")}
	}
	var weights *track.Weights
	if *weightsFile != "" {
		w, err := track.ReadWeights(*weightsFile)
		if err != nil {
			return err
		}
		weights = &w
	}
	st, err := createStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
	// Passages ingested since the last search wait for the full-text
	// index: write them now, while the server starts answering.
	if ix, ok := st.(indexWriter); ok {
		go func() {
			if n, err := ix.PendingPassages(ctx); err == nil && n > 0 {
				log.Info("正在写入全文索引", "段落", n)
				if err := ix.FlushIndex(ctx); err != nil {
					log.Error("全文索引写入失败", "err", err)
				}
			}
		}()
	}
	srv, err := serve.New(st, serve.Options{Private: *private, MaxUpload: *maxMB << 20, Log: log, PublicURL: *publicURL, TrustProxy: *trustProxy, Weights: weights,
		AnswerDays: *answerDays, Mail: mail})
	if err != nil {
		return err
	}
	return srv.ListenAndServe(ctx, *addr, func(a net.Addr) {
		fmt.Fprintf(env.Stdout, "baogao serving %s on http://%s/ (API: /api/v1, OpenAPI: /api/v1/openapi.json)\n", store.Describe(*db), a)
	})
}

func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(env.Stderr, "baogao user add NAME --role admin|editor|viewer [--unit 单位] | user token NAME [--name 用途] [--expires 90d] [--revoke]")
		return flag.ErrHelp
	}
	if len(args) == 0 || (args[0] != "add" && args[0] != "token") {
		return usageErr("user add NAME --role admin|editor|viewer|citizen|deputy [--unit 单位] | user token NAME [--name 用途] [--expires 90d] [--revoke]")
	}
	sub := args[0]
	fs, db := newFlags("user "+sub, env)
	role := fs.String("role", "viewer", "admin（管理员）、editor（编辑）、viewer（只读）、citizen（公众）或 deputy（人大代表、政协委员）")
	unit := fs.String("unit", "", "编辑所属单位（只能更新本单位的任务）")
	pwStdin := fs.Bool("password-stdin", false, "从标准输入读密码（默认：生成一个）")
	tokName := fs.String("name", "cli", "token：令牌用途，撤销时据此指认")
	expires := fs.String("expires", "", "token：有效期，如 90d、12h（默认：不过期）")
	revoke := fs.Bool("revoke", false, "token：撤销该用户名为 --name 的令牌（不给 --name 则全部撤销）")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("请给出一个用户名")
	}
	st, err := createStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if sub == "token" {
		u, err := st.UserByName(ctx, pos[0])
		if err != nil {
			return err
		}
		if *revoke {
			name := *tokName
			if !flagSet(fs, "name") {
				name = ""
			}
			n, err := st.RevokeTokens(ctx, u.ID, name)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "已吊销 %s 的 %d 个令牌\n", u.Name, n)
			return nil
		}
		var until time.Time
		if *expires != "" {
			d, err := parseLifetime(*expires)
			if err != nil {
				return usageErr("--expires %q：%v", *expires, err)
			}
			until = time.Now().Add(d)
		}
		tok := serve.NewToken()
		if err := st.AddToken(ctx, serve.HashToken(tok), u.ID, *tokName, until); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s\n", tok)
		msg := "API token for " + u.Name + ": send it as 'Authorization: Bearer TOKEN'. It is shown once."
		if !until.IsZero() {
			msg += " 有效期至 " + until.Format("2006年1月2日 15:04") + "。"
		}
		fmt.Fprintln(env.Stderr, msg)
		return nil
	}
	pw := serve.NewToken()[:16]
	if *pwStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		pw = strings.TrimRight(line, "\r\n")
		if (err != nil && pw == "") || len(pw) < 8 {
			return report.Errorf(report.Invalid, "密码至少 8 位")
		}
	}
	hash, err := serve.HashPassword(pw)
	if err != nil {
		return err
	}
	u := &report.User{Name: pos[0], Role: *role, Unit: *unit, Password: hash}
	if err := st.AddUser(ctx, u); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "user %s (%s%s) added\n", u.Name, u.Role, map[bool]string{true: ", " + u.Unit}[u.Unit != ""])
	if !*pwStdin {
		fmt.Fprintf(env.Stdout, "password: %s\n", pw)
	}
	return nil
}

// parseLifetime reads a lifetime as 90d, 12h or 30m.
func parseLifetime(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 {
			return 0, report.Errorf(report.Invalid, "天数须为正整数")
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, report.Errorf(report.Invalid, "写作 90d、12h 或 30m")
	}
	return d, nil
}

// flagSet tells whether a flag was given.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
