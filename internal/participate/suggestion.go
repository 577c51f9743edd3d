package participate

import (
	"fmt"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// Events of a suggestion or proposal.
const (
	EvRegister  = "register" // kind, number, year, title, proposer, text
	EvAssign    = "assign"   // unit, deadline
	EvReply     = "reply"    // the unit's answer, with its letter as a kept file
	EvRateReply = "rate"     // the proposer's satisfaction
)

// Kinds of suggestion.
const (
	DeputySuggestion = "建议" // 人大代表建议
	MemberProposal   = "提案" // 政协委员提案
)

// DefaultReplyMonths is how long a unit has to answer a suggestion.
const DefaultReplyMonths = 3

// Suggestion is a deputy's suggestion or a member's proposal as its events
// leave it.
type Suggestion struct {
	ID         int64          `json:"id"`
	Kind       string         `json:"kind"` // 建议 or 提案
	Number     string         `json:"number"`
	Year       int            `json:"year"`
	Title      string         `json:"title"`
	Proposer   string         `json:"proposer"`
	Text       string         `json:"text"`
	Unit       string         `json:"unit"`
	Deadline   string         `json:"deadline"` // 2024-06-30
	Replied    *time.Time     `json:"replied,omitempty"`
	Reply      string         `json:"reply,omitempty"`
	Letter     string         `json:"letter,omitempty"` // SHA-256 of the answer letter
	LetterName string         `json:"letter_name,omitempty"`
	Rating     string         `json:"rating,omitempty"`
	Events     []report.Event `json:"events"`
}

// FoldSuggestion derives a suggestion from its events.
func FoldSuggestion(th report.Thread) Suggestion {
	s := Suggestion{ID: th.ID, Events: th.Events}
	for _, e := range th.Events {
		switch e.Kind {
		case EvRegister:
			s.Kind, s.Number, s.Title, s.Proposer, s.Text = e.Data["kind"], e.Data["number"], e.Data["title"], e.Data["proposer"], e.Data["text"]
			fmt.Sscan(e.Data["year"], &s.Year)
		case EvAssign:
			s.Unit, s.Deadline = e.Data["unit"], e.Data["deadline"]
		case EvReply:
			at := e.At
			s.Replied, s.Reply, s.Letter, s.LetterName = &at, e.Data["text"], e.Data["letter"], e.Data["letter_name"]
		case EvRateReply:
			s.Rating = e.Data["rating"]
		}
	}
	return s
}

// Status is where a suggestion stands, in Chinese.
func (s Suggestion) Status(now time.Time) string {
	switch {
	case s.Rating != "":
		return "已评价"
	case s.Replied != nil:
		return "已答复"
	case s.Unit == "":
		return "待交办"
	case s.Deadline != "" && now.Format("2006-01-02") > s.Deadline:
		return "逾期未复"
	}
	return "办理中"
}

// OnTime tells an answer given by the deadline.
func (s Suggestion) OnTime() bool {
	return s.Replied != nil && (s.Deadline == "" || s.Replied.Format("2006-01-02") <= s.Deadline)
}

// ReplyDeadline is the default deadline of a suggestion assigned at t.
func ReplyDeadline(t time.Time) string {
	return t.AddDate(0, DefaultReplyMonths, 0).Format("2006-01-02")
}

// PermitRegister says whether an account may register, assign or import
// suggestions: the office.
func PermitRegister(u *report.User) error {
	switch {
	case u == nil:
		return report.Errorf(report.Unauthenticated, "请先登录")
	case !track.Office(u):
		return report.Errorf(report.Forbidden, "建议提案由督查室登记和交办")
	}
	return nil
}

// PermitReply says whether an account may answer a suggestion: its unit
// or the office.
func PermitReply(u *report.User, s Suggestion) error {
	switch {
	case u == nil:
		return report.Errorf(report.Unauthenticated, "请先登录再答复")
	case s.Unit == "":
		return report.Errorf(report.Conflict, "%s %s 尚未交办", s.Kind, s.Number)
	case !answers(u, s.Unit):
		return report.Errorf(report.Forbidden, "%s %s 由 %s 办理，%s 不能答复", s.Kind, s.Number, s.Unit, u.Name)
	}
	return nil
}

// PermitRateReply says whether an account may give the proposer's
// satisfaction: the proposer's own account, or the office recording what
// the proposer said on the 征询意见表.
func PermitRateReply(u *report.User, s Suggestion) error {
	switch {
	case u == nil:
		return report.Errorf(report.Unauthenticated, "请先登录再评价")
	case s.Replied == nil:
		return report.Errorf(report.Conflict, "%s %s 尚未答复，不能评价", s.Kind, s.Number)
	case !(track.Office(u) || u.Role == Deputy && u.Name == s.Proposer):
		return report.Errorf(report.Forbidden, "只有 %s 本人或督查室可以填写满意度", s.Proposer)
	}
	return nil
}

// SuggestionFigures sums up suggestions by unit: received, answered
// (办复率), on time and satisfaction (满意率), in the order units first
// appear; unassigned ones are left out.
func SuggestionFigures(ss []Suggestion) []UnitFigures {
	idx := map[string]int{}
	var out []UnitFigures
	for _, s := range ss {
		if s.Unit == "" {
			continue
		}
		i, ok := idx[s.Unit]
		if !ok {
			i = len(out)
			idx[s.Unit] = i
			out = append(out, UnitFigures{Unit: s.Unit})
		}
		f := &out[i]
		f.Received++
		if s.Replied != nil {
			f.Answered++
			if s.OnTime() {
				f.OnTime++
			}
		}
		if s.Rating != "" {
			f.Rated++
			if s.Rating != Unsatisfied {
				f.Satisfied++
			}
		}
	}
	return out
}

// Columns of the yearly list of suggestions, as offices name them; the
// export writes the first name of each.
var suggestionColumns = []struct {
	key   string
	names []string
}{
	{"number", []string{"编号", "案号", "建议编号", "提案编号", "序号"}},
	{"kind", []string{"类别", "类型"}},
	{"title", []string{"标题", "案由", "建议题目", "提案题目", "题目"}},
	{"proposer", []string{"领衔人", "代表", "领衔代表", "提案人", "提出人", "委员"}},
	{"text", []string{"内容", "建议内容", "提案内容"}},
	{"unit", []string{"承办单位", "主办单位", "办理单位"}},
	{"deadline", []string{"办理时限", "答复期限", "时限"}},
	{"status", []string{"办理状态", "状态"}},
	{"replied", []string{"答复日期", "答复时间"}},
	{"rating", []string{"满意度", "代表意见", "委员意见"}},
}

// SheetRow is one row of a yearly list read.
type SheetRow struct {
	Row                                       int // in the sheet, from 1
	Number, Kind, Title, Proposer, Text, Unit string
	Deadline                                  string
}

// ReadSheet reads the yearly list of suggestions: a header row naming the
// columns (found among the first ten rows), then one suggestion a row.
// Every bad row is reported with its number; nothing is read then.
func ReadSheet(rows [][]string, defaultKind string) ([]SheetRow, error) {
	head := -1
	cols := map[string]int{}
	for i, r := range rows[:min(len(rows), 10)] {
		found := map[string]int{}
		for j, h := range r {
			h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
			for _, c := range suggestionColumns {
				for _, n := range c.names {
					if h == n {
						if _, ok := found[c.key]; !ok {
							found[c.key] = j
						}
					}
				}
			}
		}
		if _, ok := found["title"]; ok {
			head, cols = i, found
			break
		}
	}
	if head < 0 {
		return nil, report.Errorf(report.Invalid, "表中没有“标题”（或“案由”）列：前十行都不是表头")
	}
	get := func(r []string, key string) string {
		if j, ok := cols[key]; ok && j < len(r) {
			return strings.TrimSpace(r[j])
		}
		return ""
	}
	var out []SheetRow
	var bad []string
	for i, r := range rows[head+1:] {
		n := head + 2 + i
		row := SheetRow{Row: n, Number: get(r, "number"), Kind: get(r, "kind"), Title: get(r, "title"), Proposer: get(r, "proposer"),
			Text: get(r, "text"), Unit: get(r, "unit"), Deadline: get(r, "deadline")}
		if row == (SheetRow{Row: n}) {
			continue
		}
		if row.Kind == "" {
			row.Kind = defaultKind
		}
		if strings.Contains(row.Kind, "提案") {
			row.Kind = MemberProposal
		} else if strings.Contains(row.Kind, "建议") {
			row.Kind = DeputySuggestion
		}
		switch {
		case row.Title == "":
			bad = append(bad, fmt.Sprintf("第 %d 行没有标题", n))
		case row.Number == "":
			bad = append(bad, fmt.Sprintf("第 %d 行没有编号", n))
		case row.Kind != DeputySuggestion && row.Kind != MemberProposal:
			bad = append(bad, fmt.Sprintf("第 %d 行类别 %q 不是建议或提案", n, row.Kind))
		case row.Deadline != "":
			d, err := time.Parse("2006-01-02", strings.ReplaceAll(row.Deadline, "/", "-"))
			if err != nil {
				bad = append(bad, fmt.Sprintf("第 %d 行办理时限 %q 不是日期（2024-06-30）", n, row.Deadline))
			} else {
				row.Deadline = d.Format("2006-01-02")
			}
		}
		out = append(out, row)
	}
	if len(bad) > 0 {
		return nil, report.Errorf(report.Invalid, "%s", strings.Join(bad, "；"))
	}
	return out, nil
}

// ExportRows writes suggestions in the shape ReadSheet reads.
func ExportRows(ss []Suggestion, now time.Time) [][]string {
	head := make([]string, len(suggestionColumns))
	for i, c := range suggestionColumns {
		head[i] = c.names[0]
	}
	rows := [][]string{head}
	for _, s := range ss {
		replied := ""
		if s.Replied != nil {
			replied = s.Replied.Format("2006-01-02")
		}
		rows = append(rows, []string{s.Number, s.Kind, s.Title, s.Proposer, s.Text, s.Unit, s.Deadline, s.Status(now), replied, s.Rating})
	}
	return rows
}
