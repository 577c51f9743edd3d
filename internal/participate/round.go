package participate

import (
	"sort"
	"strconv"
	"strings"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// Events of a 民生实事票决 round.
const (
	EvOpen      = "open"      // report_id, region, region_code, year, seats
	EvCandidate = "candidate" // title, text, fact_id, source (report or citizen)
	EvStage     = "stage"     // to: voting or closed
	EvChosen    = "chosen"    // numbers and the tasks they became
)

// Stages of a round.
const (
	Proposing = "proposing" // 征集: citizens propose
	Voting    = "voting"    // 票决: deputies vote
	Closed    = "closed"    // 已结束: tally published, the chosen became tasks
)

// StageZH names a stage in Chinese.
func StageZH(s string) string {
	return map[string]string{Proposing: "征集中", Voting: "票决中", Closed: "已结束"}[s]
}

// Round is one year's 民生实事票决 as its events leave it.
type Round struct {
	ID         int64          `json:"id"`
	ReportID   int64          `json:"report_id"`
	Region     string         `json:"region"`
	RegionCode string         `json:"region_code"`
	Year       int            `json:"year"`
	Seats      int            `json:"seats"` // how many projects are chosen at most
	Stage      string         `json:"stage"`
	Candidates []Candidate    `json:"candidates"`
	Chosen     []int          `json:"chosen"` // candidate numbers
	Tasks      []int64        `json:"tasks"`  // the tasks they became, in the same order
	Voters     int            `json:"voters"` // ballots cast, published when closed
	Events     []report.Event `json:"events"`
}

// Candidate is a project on the ballot.
type Candidate struct {
	Number int    `json:"number"` // from 1, in the order proposed
	Title  string `json:"title"`
	Text   string `json:"text,omitempty"`
	Source string `json:"source"` // report: the report's 民生实事; citizen: a citizen's proposal
	By     string `json:"by"`
	FactID int64  `json:"fact_id,omitempty"`
	Votes  *int   `json:"votes,omitempty"` // published when the round is closed
}

// FoldRound derives a round from its events.
func FoldRound(th report.Thread) Round {
	r := Round{ID: th.ID, Stage: Proposing, Events: th.Events, Candidates: []Candidate{}, Chosen: []int{}, Tasks: []int64{}}
	for _, e := range th.Events {
		switch e.Kind {
		case EvOpen:
			r.ReportID, _ = strconv.ParseInt(e.Data["report_id"], 10, 64)
			r.Region, r.RegionCode = e.Data["region"], e.Data["region_code"]
			r.Year, _ = strconv.Atoi(e.Data["year"])
			r.Seats, _ = strconv.Atoi(e.Data["seats"])
		case EvCandidate:
			c := Candidate{Number: len(r.Candidates) + 1, Title: e.Data["title"], Text: e.Data["text"], Source: e.Data["source"], By: e.Actor}
			c.FactID, _ = strconv.ParseInt(e.Data["fact_id"], 10, 64)
			r.Candidates = append(r.Candidates, c)
		case EvStage:
			r.Stage = e.Data["to"]
		case EvChosen:
			for _, n := range strings.Split(e.Data["numbers"], ",") {
				if v, err := strconv.Atoi(n); err == nil {
					r.Chosen = append(r.Chosen, v)
				}
			}
			for _, n := range strings.Split(e.Data["tasks"], ",") {
				if v, err := strconv.ParseInt(n, 10, 64); err == nil {
					r.Tasks = append(r.Tasks, v)
				}
			}
		}
	}
	return r
}

// Publish sets the votes of a closed round from its tally; an open
// round's votes stay unknown to everyone.
func (r *Round) Publish(tally map[int]int, voters int) {
	if r.Stage != Closed {
		return
	}
	r.Voters = voters
	for i := range r.Candidates {
		v := tally[r.Candidates[i].Number]
		r.Candidates[i].Votes = &v
	}
}

// Choose is the candidates elected by a tally: those with votes from more
// than half of the ballots cast (过半数), most votes first, at most seats
// of them; ties for the last seat go to the earlier proposal.
func Choose(cands []Candidate, tally map[int]int, voters, seats int) []int {
	var ok []int
	for _, c := range cands {
		if 2*tally[c.Number] > voters {
			ok = append(ok, c.Number)
		}
	}
	sort.SliceStable(ok, func(a, b int) bool { return tally[ok[a]] > tally[ok[b]] })
	if len(ok) > seats {
		ok = ok[:seats]
	}
	sort.Ints(ok)
	return ok
}

// PermitRound says whether an account may open a round or move it on:
// the office.
func PermitRound(u *report.User) error {
	switch {
	case u == nil:
		return report.Errorf(report.Unauthenticated, "请先登录")
	case !track.Office(u):
		return report.Errorf(report.Forbidden, "票决由督查室组织")
	}
	return nil
}

// PermitPropose says whether an account may propose a project: any
// account, while the round takes proposals.
func PermitPropose(u *report.User, r Round) error {
	switch {
	case u == nil:
		return report.Errorf(report.Unauthenticated, "请先登录或注册再提议")
	case r.Stage != Proposing:
		return report.Errorf(report.Conflict, "%d年民生实事票决已%s，不再征集项目", r.Year, StageZH(r.Stage))
	}
	return nil
}

// PermitBallot says whether an account may vote with these choices: a
// deputy, while the round votes, choosing at most seats distinct
// candidates of the round.
func PermitBallot(u *report.User, r Round, choices []int) error {
	switch {
	case u == nil:
		return report.Errorf(report.Unauthenticated, "请先登录再投票")
	case u.Role != Deputy:
		return report.Errorf(report.Forbidden, "只有人大代表可以投票")
	case r.Stage != Voting:
		return report.Errorf(report.Conflict, "%d年民生实事票决%s，现在不能投票", r.Year, StageZH(r.Stage))
	case len(choices) == 0:
		return report.Errorf(report.Invalid, "请至少选择一个项目")
	case len(choices) > r.Seats:
		return report.Errorf(report.Invalid, "最多选择 %d 个项目，选了 %d 个", r.Seats, len(choices))
	}
	seen := map[int]bool{}
	for _, c := range choices {
		if c < 1 || c > len(r.Candidates) || seen[c] {
			return report.Errorf(report.Invalid, "候选项目 %d 不在本轮或重复", c)
		}
		seen[c] = true
	}
	return nil
}
