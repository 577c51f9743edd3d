package track

import (
	_ "embed"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/report"
)

//go:embed data/performance.tsv
var performanceTSV string

// Weights are the parts of a unit's 绩效考核 score.
type Weights struct {
	OnTime     float64 `json:"on_time"`
	Nodes      float64 `json:"nodes"`
	OverdueDay float64 `json:"overdue_day"`
	Rating     float64 `json:"rating"`
}

// DefaultWeights are those of data/performance.tsv.
func DefaultWeights() Weights {
	w, err := ParseWeights(performanceTSV)
	if err != nil {
		panic("performance.tsv: " + err.Error())
	}
	return w
}

// ReadWeights reads an office's own weights table, in the format of
// data/performance.tsv.
func ReadWeights(path string) (Weights, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Weights{}, err
	}
	return ParseWeights(string(b))
}

// ParseWeights reads a weights table: component, weight, meaning.
func ParseWeights(tsv string) (Weights, error) {
	var w Weights
	seen := map[string]bool{}
	for _, l := range strings.Split(tsv, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		v, err := strconv.ParseFloat(strings.TrimSpace(f[min(1, len(f)-1)]), 64)
		if len(f) < 2 || err != nil || v < 0 {
			return w, report.Errorf(report.Invalid, "权重表的一行 %q：写作 项目<Tab>权重<Tab>说明", l)
		}
		switch f[0] {
		case "on_time":
			w.OnTime = v
		case "nodes":
			w.Nodes = v
		case "overdue_day":
			w.OverdueDay = v
		case "rating":
			w.Rating = v
		default:
			return w, report.Errorf(report.Invalid, "权重表的项目 %q：可用 on_time、nodes、overdue_day、rating", f[0])
		}
		if seen[f[0]] {
			return w, report.Errorf(report.Invalid, "权重表的项目 %q 写了两次", f[0])
		}
		seen[f[0]] = true
	}
	// rating came later: a table of the three others still reads, with
	// the office's scores left out.
	if !seen["on_time"] || !seen["nodes"] || !seen["overdue_day"] {
		return w, report.Errorf(report.Invalid, "权重表须有 on_time、nodes、overdue_day 三项（rating 可选）")
	}
	return w, nil
}

// Performance is a unit's 绩效考核 score and how it was reached.
type Performance struct {
	Rank        int     `json:"rank"`
	Unit        string  `json:"unit"`
	Score       float64 `json:"score"`
	OnTimeRate  float64 `json:"on_time_rate"`
	NodesRate   float64 `json:"nodes_rate"`
	OverdueDays int     `json:"overdue_days"`
	Rated       int     `json:"rated"`       // tasks the office has scored
	RatingMean  float64 `json:"rating_mean"` // their mean score, 0 to 100
	Computation string  `json:"computation"` // the formula with this unit's numbers
}

// Performances scores the lead units: on-time completion and nodes met,
// less overdue days, by the weights; tied scores share a rank.
func Performances(tasks []report.Task, now time.Time, w Weights) []Performance {
	return performancesOf(len(tasks), func(i int) line { return lineOf(tasks[i]) }, now, w)
}

func performancesOf(n int, lineAt func(int) line, now time.Time, w Weights) []Performance {
	type acc struct {
		tasks, onTime, nodesDue, nodesMet, days, rated, ratingSum int
	}
	by := map[string]*acc{}
	for i := range n {
		s := lineAt(i)
		st := current(s.status, s.deadline, now)
		if st == Dropped {
			continue
		}
		u := s.leadUnit
		if u == "" {
			u = "（未分配）"
		}
		a := by[u]
		if a == nil {
			a = &acc{}
			by[u] = a
		}
		a.tasks++
		if s.rated {
			a.rated++
			a.ratingSum += s.rating
		}
		due, derr := parseDay(s.deadline)
		switch {
		case st == Done && (s.deadline == "" || s.doneOn <= s.deadline):
			a.onTime++
		case st == Done && derr == nil:
			if done, err := parseDay(s.doneOn); err == nil {
				a.days += int(done.Sub(due).Hours() / 24)
			}
		case st == Overdue && derr == nil:
			a.days += int(now.Sub(due).Hours() / 24)
		}
		for _, m := range s.milestones {
			if d, err := parseDay(m.Due); err == nil && !now.Before(d) {
				a.nodesDue++
				if m.Done {
					a.nodesMet++
				}
			}
		}
	}
	out := make([]Performance, 0, len(by))
	for u, a := range by {
		p := Performance{Unit: u, OverdueDays: a.days}
		if a.tasks > 0 {
			p.OnTimeRate = float64(a.onTime) / float64(a.tasks)
		}
		p.NodesRate = 1 // no node due yet: none missed
		if a.nodesDue > 0 {
			p.NodesRate = float64(a.nodesMet) / float64(a.nodesDue)
		}
		rating := "督查室评分 未评"
		if a.rated > 0 {
			p.Rated, p.RatingMean = a.rated, math.Round(float64(a.ratingSum)/float64(a.rated)*10)/10
			rating = fmt.Sprintf("督查室评分 %g 分（%d 项平均）/100", p.RatingMean, a.rated)
		}
		p.Score = math.Max(0, math.Round((p.OnTimeRate*w.OnTime+p.NodesRate*w.Nodes+p.RatingMean/100*w.Rating-float64(a.days)*w.OverdueDay)*10)/10)
		p.Computation = fmt.Sprintf("按时完成率 %.0f%%×%g + 节点达成率 %.0f%%×%g + %s×%g − 逾期 %d 天×%g = %g",
			p.OnTimeRate*100, w.OnTime, p.NodesRate*100, w.Nodes, rating, w.Rating, a.days, w.OverdueDay, p.Score)
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Unit < out[j].Unit
	})
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && out[i].Score == out[i-1].Score {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out
}
