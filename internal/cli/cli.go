// Package cli is the baogao command line: it parses flags, opens the store
// and runs one subcommand. main only builds a signal context and calls Run.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"sort"
	"strings"

	"golang.org/x/term"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store"
)

// Env is what a command runs against.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

type command struct {
	name, usage string
	run         func(ctx context.Context, env Env, args []string) error
}

var commands []command

func register(c command) { commands = append(commands, c) }

// errSilent marks a failure already reported line by line on stderr.
var errSilent = errors.New("failed")

// Run runs baogao with args (without the program name) and returns the
// exit status: 0 on success, 1 when something failed, 2 on a usage error.
func Run(ctx context.Context, args []string, env Env) int {
	args, lang := langOf(args)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(ctx, env, args[1:])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				fmt.Fprintf(env.Stderr, "baogao %s: %s\n", c.name, report.Message(err, lang))
				return 2
			case errors.Is(err, errSilent):
				return 1
			case lang == "en":
				fmt.Fprintf(env.Stderr, "baogao %s: %s\n", c.name, report.Message(err, lang))
				return 1
			default:
				fmt.Fprintf(env.Stderr, "baogao %s: %v\n", c.name, err)
				return 1
			}
		}
	}
	fmt.Fprintf(env.Stderr, "baogao：没有命令 %q\n", args[0])
	usage(env.Stderr)
	return 2
}

var errUsage = errors.New("usage")

// isHelp tells a request for help where a subcommand is expected.
func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "help" }

// usageError is a command used wrongly: exit status 2, the message from
// the catalogue.
type usageError struct{ err error }

func (u usageError) Error() string        { return u.err.Error() }
func (u usageError) Unwrap() error        { return u.err }
func (u usageError) Is(target error) bool { return target == errUsage }

func usageErr(format string, a ...any) error {
	return usageError{report.Errorf(report.Invalid, format, a...)}
}

// langOf takes the language of messages from --lang (anywhere on the
// command line) or $BAOGAO_LANG: en for English, else Chinese.
func langOf(args []string) ([]string, string) {
	lang := os.Getenv("BAOGAO_LANG")
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case (a == "--lang" || a == "-lang") && i+1 < len(args):
			lang = args[i+1]
			i++
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "-lang="):
			lang = a[strings.Index(a, "=")+1:]
		default:
			out = append(out, a)
		}
	}
	if lang != "en" {
		lang = "zh"
	}
	return out, lang
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "baogao（报告）——把政府工作报告变成干净、结构化、可跟踪的记录")
	fmt.Fprintln(w, "\n用法：baogao 命令 [选项] [参数]\n\n命令：")
	cs := append([]command(nil), commands...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.usage)
	}
	fmt.Fprintln(w, "\n用到数据库的命令接受 --db 文件 或 --db postgres://…（默认取 $BAOGAO_DB，否则 baogao.db）。各命令的选项见 baogao 命令 -h；命令补全见 baogao completion bash。")
}

// newFlags returns a flag set for a command with the common --db flag.
func newFlags(name string, env Env) (*flag.FlagSet, *string) {
	fs := newFlagSet(name, env)
	def := "baogao.db"
	if v := os.Getenv("BAOGAO_DB"); v != "" {
		def = v
	}
	db := fs.String("db", def, "SQLite 数据库文件，或 postgres://用户@主机/库（默认取 $BAOGAO_DB）")
	return fs, db
}

// newFlagSet returns a flag set for a command that opens no database.
func newFlagSet(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// parse parses flags given before, between or after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// openStore opens the database a reading command works on: a SQLite file
// that is not there is an error, not an empty database made on the spot
// (a mistyped --db would otherwise print an empty table and succeed).
func openStore(ctx context.Context, addr string) (report.Store, error) {
	if !strings.Contains(addr, "://") {
		if _, err := os.Stat(addr); err != nil {
			return nil, report.Errorf(report.NotFound, "数据库 %s 不存在：先用 baogao ingest 导入报告，或检查 --db", addr)
		}
	}
	return store.Open(ctx, addr)
}

// createStore opens the database, making it if need be: for the commands
// that fill one (ingest, serve, user, bench).
func createStore(ctx context.Context, addr string) (report.Store, error) {
	return store.Open(ctx, addr)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// profileFlag adds --cpuprofile FILE to a command: start it after the
// flags are parsed and call the stop it returns when the command ends.
func profileFlag(fs *flag.FlagSet) func() (stop func(), err error) {
	path := fs.String("cpuprofile", "", "把 CPU 剖析写入此文件（go tool pprof 读）")
	return func() (func(), error) {
		if *path == "" {
			return func() {}, nil
		}
		f, err := os.Create(*path)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		return func() { pprof.StopCPUProfile(); f.Close() }, nil
	}
}
