package track

import (
	"fmt"
	"sort"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// Bulletin is the periodic 督查通报 an office circulates: counts by status
// and by 序时进度 with their shares, the units behind schedule, and the
// overdue tasks with their lead units.
type Bulletin struct {
	Title    string         `json:"title"`
	AsOf     string         `json:"as_of"` // 2006-01-02
	Tasks    int            `json:"tasks"`
	ByStatus map[string]int `json:"by_status"`
	ByPace   map[string]int `json:"by_schedule"`
	Behind   []UnitCount    `json:"units_behind"`
	Overdue  []report.Task  `json:"overdue"`
}

// UnitCount is a unit and how many of its tasks are behind.
type UnitCount struct {
	Unit  string `json:"unit"`
	Count int    `json:"count"`
}

// NewBulletin reads a bulletin from tasks as of a day.
func NewBulletin(tasks []report.Task, year int, asOf time.Time) Bulletin {
	b := Bulletin{AsOf: asOf.Format("2006-01-02"), ByStatus: map[string]int{}, ByPace: map[string]int{}}
	b.Title = fmt.Sprintf("关于%d年政府工作报告重点任务推进情况的通报", year)
	behind := map[string]int{}
	for _, t := range tasks {
		st := Current(t.State, asOf)
		if st == Dropped {
			continue // 销号 tasks are out of the count once the office approved them
		}
		b.Tasks++
		b.ByStatus[st]++
		sc := ScheduleOf(t, asOf)
		b.ByPace[sc.Class]++
		if sc.Class == Behind || sc.Class == Late {
			u := t.State.LeadUnit
			if u == "" {
				u = "（未分工）"
			}
			behind[u]++
		}
		if st == Overdue {
			b.Overdue = append(b.Overdue, t)
		}
	}
	for u, n := range behind {
		b.Behind = append(b.Behind, UnitCount{u, n})
	}
	sort.Slice(b.Behind, func(i, j int) bool {
		if b.Behind[i].Count != b.Behind[j].Count {
			return b.Behind[i].Count > b.Behind[j].Count
		}
		return b.Behind[i].Unit < b.Behind[j].Unit
	})
	sort.SliceStable(b.Overdue, func(i, j int) bool { return b.Overdue[i].State.Deadline < b.Overdue[j].State.Deadline })
	return b
}

// Share is n of the bulletin's tasks as a percentage, one decimal.
func (b Bulletin) Share(n int) string {
	if b.Tasks == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.1f%%", float64(n)*100/float64(b.Tasks))
}

// Paragraphs writes the bulletin in the register such documents use: a
// title, then numbered parts. Each paragraph is (level, text): 0 the
// title, 1 a part's heading, 2 its text.
func (b Bulletin) Paragraphs() [][2]string {
	asOf, _ := parseDay(b.AsOf)
	var out [][2]string
	add := func(level int, format string, a ...any) {
		out = append(out, [2]string{fmt.Sprint(level), fmt.Sprintf(format, a...)})
	}
	add(0, "%s", b.Title)
	add(2, "（截至%d年%d月%d日）", asOf.Year(), asOf.Month(), asOf.Day())
	add(1, "一、总体情况")
	add(2, "纳入督查的重点任务共%d项。其中已完成%d项，占%s；推进中%d项，占%s；未启动%d项，占%s；逾期%d项，占%s。按序时进度，超进度%d项、达进度%d项、欠进度%d项，分别占%s、%s、%s。",
		b.Tasks, b.ByStatus[Done], b.Share(b.ByStatus[Done]), b.ByStatus[InProgress], b.Share(b.ByStatus[InProgress]),
		b.ByStatus[NotStarted], b.Share(b.ByStatus[NotStarted]), b.ByStatus[Overdue], b.Share(b.ByStatus[Overdue]),
		b.ByPace[Ahead], b.ByPace[OnPace], b.ByPace[Behind], b.Share(b.ByPace[Ahead]), b.Share(b.ByPace[OnPace]), b.Share(b.ByPace[Behind]))
	add(1, "二、进度滞后的单位")
	if len(b.Behind) == 0 {
		add(2, "各牵头单位均按序时进度推进。")
	}
	for i, u := range b.Behind {
		add(2, "%d. %s：欠进度或逾期任务%d项。", i+1, u.Unit, u.Count)
	}
	add(1, "三、逾期未完成的任务")
	if len(b.Overdue) == 0 {
		add(2, "无。")
	}
	for i, t := range b.Overdue {
		lead := t.State.LeadUnit
		if lead == "" {
			lead = "未分工"
		}
		add(2, "%d. %s（牵头单位：%s；完成时限：%s）", i+1, t.Title, lead, DateZH(t.State.Deadline))
	}
	add(1, "四、下一步工作要求")
	add(2, "各牵头单位要对照任务分解和时间节点，对欠进度、逾期任务逐项分析原因，明确整改措施和完成时限，于下一期通报前报送督查室。")
	return out
}
