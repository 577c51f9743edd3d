package report

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// messagesInCode collects the formats of every message the code writes:
// report.Errorf's and the CLI's usageErr's.
func messagesInCode(t *testing.T) map[string]string {
	found := map[string]string{}
	err := filepath.Walk("..", func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		fs := token.NewFileSet()
		f, err := parser.ParseFile(fs, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			idx := -1
			switch fn := c.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "report" && fn.Sel.Name == "Errorf" {
					idx = 1
				}
			case *ast.Ident:
				if fn.Name == "usageErr" || fn.Name == "Errorf" && f.Name.Name == "report" {
					idx = map[string]int{"usageErr": 0, "Errorf": 1}[fn.Name]
				}
			}
			if idx < 0 || len(c.Args) <= idx {
				return true
			}
			if lit, ok := c.Args[idx].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				found[s] = fs.Position(lit.Pos()).String()
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

var reVerb = regexp.MustCompile(`%[-+# 0]*\d*(?:\.\d+)?[a-zA-Z]`)

// TestCatalogue holds the message catalogue to the code: every message
// written has its row, every row is written somewhere, and both sides take
// the same arguments in the same order.
func TestCatalogue(t *testing.T) {
	code := messagesInCode(t)
	if len(code) < 250 {
		t.Fatalf("%d messages found in the code", len(code))
	}
	cat := catalogue()
	for format, where := range code {
		if format == "%s" || format == "%v" {
			continue // a message passed on as it is
		}
		en, ok := cat[format]
		if !ok {
			t.Errorf("%s: %q has no row in data/messages.tsv", where, format)
			continue
		}
		if a, b := reVerb.FindAllString(format, -1), reVerb.FindAllString(en, -1); strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%q takes %v, its English %q takes %v", format, a, en, b)
		}
		if en == "" {
			t.Errorf("%q has no English", format)
		}
	}
	for zh := range cat {
		if _, ok := code[zh]; !ok {
			t.Errorf("the catalogue's row %q is written nowhere", zh)
		}
	}
}

func TestMessage(t *testing.T) {
	inner := Errorf(Invalid, "完成时限 %q 不是日期", "下个月")
	err := fmt.Errorf("sqlite.AppendEvents: %w", Errorf(Invalid, "完成时限：%v", inner))
	if got := Message(err, "zh"); got != `完成时限：完成时限 "下个月" 不是日期` {
		t.Errorf("zh: %q (the places an error passed through are not said)", got)
	}
	if got := Message(err, "en"); got != `deadline: deadline "下个月" is not a date` {
		t.Errorf("en: %q", got)
	}
	if got := Message(errors.New("disk full"), "en"); got != "disk full" {
		t.Errorf("an error of no kind: %q", got)
	}
	if KindOf(err) != Invalid {
		t.Errorf("kind %v", KindOf(err))
	}
}
