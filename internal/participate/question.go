package participate

import (
	"strconv"
	"time"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// Events of a question.
const (
	EvAsk    = "ask"    // subject, unit, text, public
	EvAnswer = "answer" // the unit's answer
	EvRate   = "rate"   // the asker's rating of the latest answer
	EvReopen = "reopen" // the asker asks again, once
	EvHide   = "hide"   // an admin hides it, with the reason
	EvShow   = "show"   // an admin shows it again
)

// OfficeUnit is where a question goes when its subject has no lead unit
// (a target, or a task not yet assigned).
const OfficeUnit = "督查室"

// DefaultAnswerDays is how many working days a unit has to answer.
const DefaultAnswerDays = 5

// Question is a citizen's question on a task or a target, as its events
// leave it.
type Question struct {
	ID         int64     `json:"id"`
	Asker      string    `json:"asker"`
	Subject    string    `json:"subject"` // task or fact
	SubjectID  int64     `json:"subject_id"`
	About      string    `json:"about"` // the task or target as written
	RegionCode string    `json:"region_code,omitempty"`
	Unit       string    `json:"unit"`
	Text       string    `json:"text"`
	Public     bool      `json:"public"`
	Asked      time.Time `json:"asked"`
	// Deadline is when the answer is due: the ask's or the reopening's
	// date plus the working days the server gives.
	Deadline   time.Time      `json:"deadline"`
	Answers    []Answer       `json:"answers"`
	Rating     string         `json:"rating,omitempty"` // the latest rating
	Reopened   bool           `json:"reopened"`
	Hidden     bool           `json:"hidden"`
	HideReason string         `json:"hide_reason,omitempty"`
	Status     string         `json:"status"` // waiting, answered, rated
	Overdue    bool           `json:"overdue"`
	Events     []report.Event `json:"events"`
}

// Answer is one answer of the unit.
type Answer struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Text   string    `json:"text"`
	OnTime bool      `json:"on_time"`
	Days   int       `json:"days"` // working days after the question (or its reopening)
}

// Question statuses.
const (
	Waiting  = "waiting"
	Answered = "answered"
	Rated    = "rated"
)

// QuestionStatusZH names a status in Chinese.
func QuestionStatusZH(s string) string {
	return map[string]string{Waiting: "待答复", Answered: "已答复", Rated: "已评价"}[s]
}

// FoldQuestion derives a question from its events; days is the working
// days a unit has to answer, now the time overdue is judged at.
func FoldQuestion(th report.Thread, days int, now time.Time) Question {
	q := Question{ID: th.ID, Status: Waiting, Events: th.Events, Answers: []Answer{}}
	since := th.Created
	for _, e := range th.Events {
		switch e.Kind {
		case EvAsk:
			q.Asker, q.Subject, q.About, q.Unit, q.Text = e.Actor, e.Data["subject"], e.Data["about"], e.Data["unit"], e.Data["text"]
			q.SubjectID, _ = strconv.ParseInt(e.Data["subject_id"], 10, 64)
			q.RegionCode = e.Data["region_code"]
			q.Public = e.Data["public"] != "0"
			q.Asked, since = e.At, e.At
			q.Deadline = AddWorkingDays(e.At, days)
		case EvAnswer:
			a := Answer{At: e.At, By: e.Actor, Text: e.Data["text"], OnTime: !e.At.After(q.Deadline), Days: WorkingDaysBetween(since, e.At)}
			q.Answers = append(q.Answers, a)
			q.Status = Answered
		case EvRate:
			q.Rating, q.Status = e.Data["rating"], Rated
		case EvReopen:
			q.Reopened, q.Status, q.Rating = true, Waiting, ""
			since = e.At
			q.Deadline = AddWorkingDays(e.At, days)
		case EvHide:
			q.Hidden, q.HideReason = true, e.Data["reason"]
		case EvShow:
			q.Hidden, q.HideReason = false, ""
		}
	}
	q.Overdue = q.Status == Waiting && now.After(q.Deadline)
	return q
}

// Visible tells whether an account may read a question: a public one that
// is not hidden, by anyone; otherwise its asker, its unit and the staff.
func (q Question) Visible(u *report.User) bool {
	if q.Public && !q.Hidden {
		return true
	}
	return u != nil && (Staff(u) || u.Name == q.Asker)
}

// answers tells the accounts that answer for a unit: the office, and the
// unit's own editors.
func answers(u *report.User, unit string) bool {
	return track.Office(u) || u.Role == "editor" && u.Unit == unit
}

// PermitAsk says whether an account may ask.
func PermitAsk(u *report.User) error {
	if u == nil {
		return report.Errorf(report.Unauthenticated, "请先登录或注册再提问")
	}
	return nil
}

// PermitAnswer says whether an account may answer: the question's unit or
// the office, while the question waits for an answer.
func PermitAnswer(u *report.User, q Question) error {
	switch {
	case u == nil:
		return report.Errorf(report.Unauthenticated, "请先登录再答复")
	case !answers(u, q.Unit):
		return report.Errorf(report.Forbidden, "问题 %d 由 %s 答复，%s 不能答复", q.ID, q.Unit, u.Name)
	case q.Hidden:
		return report.Errorf(report.Conflict, "问题 %d 已被隐藏，不能答复", q.ID)
	case q.Status != Waiting:
		return report.Errorf(report.Conflict, "问题 %d 已答复；提问人重新提问后才能再答复", q.ID)
	}
	return nil
}

// PermitRate says whether an account may rate the latest answer: only the
// asker, once for each answer.
func PermitRate(u *report.User, q Question) error {
	switch {
	case u == nil:
		return report.Errorf(report.Unauthenticated, "请先登录再评价")
	case u.Name != q.Asker:
		return report.Errorf(report.Forbidden, "只有提问人可以评价答复")
	case q.Status == Waiting:
		return report.Errorf(report.Conflict, "问题 %d 尚未答复，不能评价", q.ID)
	case q.Status == Rated:
		return report.Errorf(report.Conflict, "问题 %d 的答复已评价过", q.ID)
	}
	return nil
}

// PermitReopen says whether an account may reopen a question: the asker,
// once, after an answer.
func PermitReopen(u *report.User, q Question) error {
	switch {
	case u == nil:
		return report.Errorf(report.Unauthenticated, "请先登录")
	case u.Name != q.Asker:
		return report.Errorf(report.Forbidden, "只有提问人可以重新提问")
	case q.Status == Waiting:
		return report.Errorf(report.Conflict, "问题 %d 尚未答复", q.ID)
	case q.Reopened:
		return report.Errorf(report.Conflict, "问题 %d 已重新提问过一次，不能再次重新提问", q.ID)
	}
	return nil
}

// PermitModerate says whether an account may hide or show a question.
func PermitModerate(u *report.User) error {
	switch {
	case u == nil:
		return report.Errorf(report.Unauthenticated, "请先登录")
	case u.Role != "admin":
		return report.Errorf(report.Forbidden, "只有管理员可以隐藏或恢复问题")
	}
	return nil
}

// UnitFigures are a unit's figures of questions or suggestions.
type UnitFigures struct {
	Unit      string  `json:"unit"`
	Received  int     `json:"received"`
	Answered  int     `json:"answered"`
	OnTime    int     `json:"on_time"`
	AvgDays   float64 `json:"avg_days"` // working days to the first answer
	Rated     int     `json:"rated"`
	Satisfied int     `json:"satisfied"` // 满意 or 基本满意
}

// AnswerRate is the share answered (办复率).
func (f UnitFigures) AnswerRate() float64 { return ratio(f.Answered, f.Received) }

// OnTimeRate is the share answered on time.
func (f UnitFigures) OnTimeRate() float64 { return ratio(f.OnTime, f.Received) }

// SatisfactionRate is the share of ratings that are 满意 or 基本满意 (满意率).
func (f UnitFigures) SatisfactionRate() float64 { return ratio(f.Satisfied, f.Rated) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// QuestionFigures sums up questions by unit (hidden ones left out), in
// the order units first appear.
func QuestionFigures(qs []Question) []UnitFigures {
	idx := map[string]int{}
	var out []UnitFigures
	days := map[string]int{}
	for _, q := range qs {
		if q.Hidden {
			continue
		}
		i, ok := idx[q.Unit]
		if !ok {
			i = len(out)
			idx[q.Unit] = i
			out = append(out, UnitFigures{Unit: q.Unit})
		}
		f := &out[i]
		f.Received++
		if len(q.Answers) > 0 {
			f.Answered++
			days[q.Unit] += q.Answers[0].Days
			if q.Answers[0].OnTime {
				f.OnTime++
			}
		}
		if q.Rating != "" {
			f.Rated++
			if q.Rating != Unsatisfied {
				f.Satisfied++
			}
		}
	}
	for i := range out {
		if out[i].Answered > 0 {
			out[i].AvgDays = float64(days[out[i].Unit]) / float64(out[i].Answered)
		}
	}
	return out
}
