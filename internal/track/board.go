package track

import (
	"slices"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// line is what a board, a unit table and the scores read of a task: its
// plan year and the parts of its state the calendar is held against.
type line struct {
	year                               int
	status, deadline, doneOn, leadUnit string
	milestones                         []report.Milestone
	rated                              bool
	rating                             int
}

func lineOf(t report.Task) line {
	s := t.State
	l := line{year: t.Year, status: s.Status, deadline: s.Deadline, doneOn: s.DoneOn, leadUnit: s.LeadUnit, milestones: s.Milestones}
	if s.Rating != nil {
		l.rated, l.rating = true, s.Rating.Score
	}
	return l
}

// Board is the tasks of a listing as boards and unit tables read them:
// each task's folded state without its texts or events. A task takes some
// 60 bytes here where folded it takes a kilobyte, so that the boards of
// every year of a national store (some 70,000 tasks a year) stay in
// memory; the rows of the page shown are read in full.
type Board struct {
	briefs []brief
	texts  []string // what briefs point to, each text once
	nodes  []report.Milestone
	index  map[string]uint32 // texts by value, while the board is made
}

// brief is one task of a board; its strings are indexes into texts.
type brief struct {
	id, lastEvent                                       int64
	region, code, status, deadline, doneOn, lead, units uint32
	nodesFrom, nodesTo                                  uint32
	year                                                int32
	rating                                              int32 // -1: not rated
	request                                             bool
}

// NewBoard makes the board of folded tasks, in their order.
func NewBoard(tasks []report.Task) *Board {
	b := &Board{briefs: make([]brief, 0, len(tasks)), index: map[string]uint32{}}
	for _, t := range tasks {
		b.add(t)
	}
	b.index = nil
	return b
}

func (b *Board) text(s string) uint32 {
	if i, ok := b.index[s]; ok {
		return i
	}
	i := uint32(len(b.texts))
	b.texts = append(b.texts, s)
	b.index[s] = i
	return i
}

func (b *Board) add(t report.Task) {
	s := t.State
	x := brief{id: t.ID, region: b.text(t.Region), code: b.text(t.RegionCode), year: int32(t.Year),
		status: b.text(s.Status), deadline: b.text(s.Deadline), doneOn: b.text(s.DoneOn), lead: b.text(s.LeadUnit),
		units: b.text(unitsText(s)), rating: -1, request: s.Request != nil}
	if n := len(t.Events); n > 0 {
		x.lastEvent = t.Events[n-1].ID
	}
	if s.Rating != nil {
		x.rating = int32(s.Rating.Score)
	}
	x.nodesFrom = uint32(len(b.nodes))
	for _, m := range s.Milestones {
		b.nodes = append(b.nodes, report.Milestone{Due: m.Due, Done: m.Done}) // the name is not read
	}
	x.nodesTo = uint32(len(b.nodes))
	b.briefs = append(b.briefs, x)
}

// addFrom copies task i of another board into b.
func (b *Board) addFrom(o *Board, i int) {
	x := o.briefs[i]
	for _, f := range []*uint32{&x.region, &x.code, &x.status, &x.deadline, &x.doneOn, &x.lead, &x.units} {
		*f = b.text(o.texts[*f])
	}
	nodes := o.nodes[x.nodesFrom:x.nodesTo]
	x.nodesFrom = uint32(len(b.nodes))
	b.nodes = append(b.nodes, nodes...)
	x.nodesTo = uint32(len(b.nodes))
	b.briefs = append(b.briefs, x)
}

// unitsText is the lead and co-units as the unit filter matches them.
func unitsText(s report.State) string {
	return s.LeadUnit + " " + strings.Join(s.CoUnits, " ")
}

// HasUnit tells whether a unit's name, or part of it, leads a task in
// state s or works on it, as the boards' unit filter reads it.
func HasUnit(s report.State, unit string) bool { return strings.Contains(unitsText(s), unit) }

// Len is the number of tasks.
func (b *Board) Len() int { return len(b.briefs) }

// ID is the id of task i.
func (b *Board) ID(i int) int64 { return b.briefs[i].id }

// Head is what task i's folded form was read from.
func (b *Board) Head(i int) report.TaskHead {
	x := b.briefs[i]
	return report.TaskHead{ID: x.id, LastEvent: x.lastEvent, Region: b.texts[x.region], RegionCode: b.texts[x.code], Year: int(x.year)}
}

func (b *Board) line(i int) line {
	x := b.briefs[i]
	l := line{year: int(x.year), status: b.texts[x.status], deadline: b.texts[x.deadline], doneOn: b.texts[x.doneOn],
		leadUnit: b.texts[x.lead], milestones: b.nodes[x.nodesFrom:x.nodesTo], rated: x.rating >= 0, rating: int(x.rating)}
	return l
}

// Status is task i's status on a day, as Current reads it.
func (b *Board) Status(i int, now time.Time) string {
	x := b.briefs[i]
	return current(b.texts[x.status], b.texts[x.deadline], now)
}

// Schedule is task i's 序时进度 on a day, as ScheduleOf reads it.
func (b *Board) Schedule(i int, now time.Time) Schedule { return b.line(i).schedule(now) }

// HasUnit tells whether a unit's name, or part of it, leads task i or
// works on it.
func (b *Board) HasUnit(i int, unit string) bool {
	return strings.Contains(b.texts[b.briefs[i].units], unit)
}

// LeadUnit is the unit that leads task i.
func (b *Board) LeadUnit(i int) string { return b.texts[b.briefs[i].lead] }

// CoUnit tells whether a unit works on task i beside its lead.
func (b *Board) CoUnit(i int, unit string) bool {
	x := b.briefs[i]
	co := strings.TrimPrefix(b.texts[x.units], b.texts[x.lead]+" ")
	return unit != "" && slices.Contains(strings.Split(co, " "), unit)
}

// Units is the unit table (晾晒) of some of the board's tasks, as Units
// makes it.
func (b *Board) Units(rows []int, now time.Time) []UnitScore {
	return unitsOf(len(rows), func(i int) line { return b.line(rows[i]) }, now)
}

// Performances is the 绩效考核 of some of the board's tasks, as
// Performances makes it.
func (b *Board) Performances(rows []int, now time.Time, w Weights) []Performance {
	return performancesOf(len(rows), func(i int) line { return b.line(rows[i]) }, now, w)
}

// Refold brings a board up to the heads a store lists now: the tasks whose
// heads are unchanged are kept, the others read again with load, which
// returns them folded, in any order; a task load leaves out is gone.
func (b *Board) Refold(heads []report.TaskHead, load func(ids []int64) ([]report.Task, error)) (*Board, error) {
	had := make(map[int64]int, b.Len())
	for i, x := range b.briefs {
		had[x.id] = i
	}
	var stale []int64
	for _, h := range heads {
		if i, ok := had[h.ID]; !ok || b.Head(i) != h {
			stale = append(stale, h.ID)
		}
	}
	fresh, err := load(stale)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]report.Task, len(fresh))
	for _, t := range fresh {
		byID[t.ID] = t
	}
	out := &Board{briefs: make([]brief, 0, len(heads)), index: map[string]uint32{}}
	for _, h := range heads {
		if t, ok := byID[h.ID]; ok {
			out.add(t)
		} else if i, ok := had[h.ID]; ok && b.Head(i) == h {
			out.addFrom(b, i)
		} // a task gone since its head was listed is left out
	}
	out.index = nil
	return out, nil
}
