package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

func init() {
	register(command{"completion", "命令补全脚本：completion bash（写入 ~/.bashrc：source <(baogao completion bash)）或 completion zsh", runCompletion})
}

// subcommands are the words after a command that take one.
var subcommands = map[string][]string{
	"tasks":   {"list", "show", "update", "import", "export", "units", "report", "suggest"},
	"review":  {"list", "confirm", "reject", "correct"},
	"export":  {"panel"},
	"user":    {"add", "token"},
	"reports": {"set"},
}

var reFlag = regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)

// flagsOf asks a command for its flags the way a person would, with -h,
// so that the completion never lists flags the command does not have.
func flagsOf(ctx context.Context, name string, args ...string) []string {
	var out bytes.Buffer
	for _, c := range commands {
		if c.name == name {
			c.run(ctx, Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &out}, append(args, "-h"))
		}
	}
	var flags []string
	for _, m := range reFlag.FindAllStringSubmatch(out.String(), -1) {
		flags = append(flags, "--"+m[1])
	}
	sort.Strings(flags)
	return flags
}

func runCompletion(ctx context.Context, env Env, args []string) error {
	if len(args) != 1 || args[0] != "bash" && args[0] != "zsh" {
		return usageErr("请给出 bash 或 zsh")
	}
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	sort.Strings(names)
	var cases strings.Builder
	for _, n := range names {
		words := flagsOf(ctx, n)
		if subs, ok := subcommands[n]; ok {
			fmt.Fprintf(&cases, "    %s)\n      if [ $COMP_CWORD -eq 2 ]; then words=%q; else case \"${COMP_WORDS[2]}\" in\n", n, strings.Join(subs, " "))
			for _, s := range subs {
				fmt.Fprintf(&cases, "        %s) words=%q ;;\n", s, strings.Join(flagsOf(ctx, n, s), " "))
			}
			cases.WriteString("      esac; fi ;;\n")
			continue
		}
		fmt.Fprintf(&cases, "    %s) words=%q ;;\n", n, strings.Join(words, " "))
	}
	script := `# baogao 命令补全（bash）。zsh 下先执行 autoload -U bashcompinit && bashcompinit。
_baogao() {
  local cur=${COMP_WORDS[COMP_CWORD]} words
  if [ $COMP_CWORD -eq 1 ]; then
    COMPREPLY=($(compgen -W "` + strings.Join(names, " ") + `" -- "$cur"))
    return
  fi
  case "${COMP_WORDS[1]}" in
` + cases.String() + `  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  elif [ $COMP_CWORD -eq 2 ] && [ -n "$words" ] && [[ "$words" != --* ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _baogao baogao
`
	if args[0] == "zsh" {
		script = "autoload -U +X bashcompinit && bashcompinit\n" + script
	}
	_, err := io.WriteString(env.Stdout, script)
	return err
}
