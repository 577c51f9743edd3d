// Package participate is how citizens and deputies take part: questions
// on a promise (网络问政) answered by the lead unit within a deadline and
// rated by the asker; 人大代表建议 and 政协委员提案 assigned, answered and
// rated; and the yearly 民生实事票决 round, in which deputies choose among
// the report's 民生实事 and citizens' proposals by secret ballot.
//
// Each is a report.Thread: events appended, never changed, with its state
// folded from them here, the way package track folds a task. Nothing
// here writes a task or a fact: a round's chosen projects become tasks
// through the task store, by the office that closes the round.
package participate

import (
	"time"

	"github.com/baogao/baogao/internal/report"
)

// Roles of the people taking part.
const (
	Citizen = "citizen" // asks questions, proposes 民生实事, follows tasks
	Deputy  = "deputy"  // 人大代表 or 政协委员: votes in rounds, rates answers to their suggestions
)

// Staff tells an account of the government side (admin, editor, viewer):
// it sees what is internal.
func Staff(u *report.User) bool {
	return u != nil && (u.Role == "admin" || u.Role == "editor" || u.Role == "viewer")
}

// Ratings an asker or a proposer gives an answer.
const (
	Satisfied       = "满意"
	FairlySatisfied = "基本满意"
	Unsatisfied     = "不满意"
)

// ValidRating tells one of the three ratings.
func ValidRating(r string) bool {
	return r == Satisfied || r == FairlySatisfied || r == Unsatisfied
}

// AddWorkingDays is t plus n working days (Monday to Friday), at the end
// of that day in t's location. Public holidays are not known here: a
// deadline that falls in one is the office's to extend.
func AddWorkingDays(t time.Time, n int) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, t.Location())
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after a up to and including b.
func WorkingDaysBetween(a, b time.Time) int {
	n := 0
	d := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, a.Location())
	end := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, a.Location())
	for d.Before(end) {
		d = d.AddDate(0, 0, 1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}
