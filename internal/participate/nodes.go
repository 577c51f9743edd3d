package participate

import (
	_ "embed"
	"fmt"
	"github.com/baogao/baogao/internal/report"
	"strings"
	"time"
)

//go:embed data/livelihood_nodes.tsv
var livelihoodNodes string

// Node is a node a chosen project starts with.
type Node struct {
	Name string
	Due  string // 2024-06-30
}

// LivelihoodNodes are the nodes of a project chosen for year, from
// data/livelihood_nodes.tsv.
func LivelihoodNodes(year int) ([]Node, error) {
	var out []Node
	for i, line := range strings.Split(livelihoodNodes, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, md, ok := strings.Cut(line, "\t")
		d, err := time.Parse("2006-01-02", fmt.Sprintf("%d-%s", year, md))
		if !ok || name == "" || err != nil {
			return nil, report.Errorf(report.Invalid, "livelihood_nodes.tsv 第 %d 行 %q：应为 名称<Tab>月-日", i+1, line)
		}
		out = append(out, Node{name, d.Format("2006-01-02")})
	}
	return out, nil
}
