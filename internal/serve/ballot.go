package serve

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/baogao/baogao/internal/participate"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// 民生实事票决: the office opens a round on a report, its 民生实事 the first
// candidates; citizens propose more; deputies vote once each by secret
// ballot; the office closes the round, the tally is published, and the
// chosen projects become tasks with their nodes.

func (s *Server) round(ctx context.Context, id int64) (participate.Round, error) {
	th, err := s.st.Thread(ctx, id)
	if err == nil && th.Kind != report.ThreadRound {
		err = report.Errorf(report.NotFound, "票决 %d 不存在", id)
	}
	if err != nil {
		return participate.Round{}, err
	}
	return s.foldRound(ctx, *th)
}

// foldRound folds a round from its thread, with its tally once it is
// closed (the only time the tally is read).
func (s *Server) foldRound(ctx context.Context, th report.Thread) (participate.Round, error) {
	r := participate.FoldRound(th)
	if r.Stage == participate.Closed {
		tally, voters, err := s.st.Tally(ctx, th.ID)
		if err != nil {
			return r, err
		}
		r.Publish(tally, voters)
	}
	return r, nil
}

func (s *Server) rounds(ctx context.Context) ([]participate.Round, error) {
	ths, err := s.st.Threads(ctx, report.ThreadRound)
	if err != nil {
		return nil, err
	}
	out := make([]participate.Round, 0, len(ths))
	for _, th := range ths {
		r, err := s.foldRound(ctx, th)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

type openRoundRequest struct {
	ReportID int64 `json:"report_id"`
	Seats    int   `json:"seats"` // projects chosen at most; 10 when not given
}

// openRound starts a round on a report, with the commitments of its 民生实事
// section as the first candidates.
func (s *Server) openRound(ctx context.Context, u *report.User, in openRoundRequest) (int64, error) {
	if err := participate.PermitRound(u); err != nil {
		return 0, err
	}
	if in.Seats == 0 {
		in.Seats = 10
	}
	if in.Seats < 1 || in.Seats > 50 {
		return 0, report.Errorf(report.Invalid, "票决项目数 %d：应为 1 到 50", in.Seats)
	}
	rep, err := s.st.ReportHeader(ctx, in.ReportID)
	if err != nil {
		return 0, err
	}
	rs, err := s.rounds(ctx)
	if err != nil {
		return 0, err
	}
	for _, r := range rs {
		if r.ReportID == in.ReportID {
			return 0, report.Errorf(report.Conflict, "报告 %d 已有票决（第 %d 号，%s）", in.ReportID, r.ID, participate.StageZH(r.Stage))
		}
	}
	facts, err := s.st.Facts(ctx, report.FactFilter{ReportID: in.ReportID, Kind: report.Commitment, Section: "livelihood"})
	if err != nil {
		return 0, err
	}
	now := s.opt.Now()
	id, err := s.st.AddThread(ctx, report.ThreadRound, report.Event{At: now, Actor: u.Name, Kind: participate.EvOpen, Data: map[string]string{
		"report_id": strconv.FormatInt(rep.ID, 10), "region": rep.Identity.Region, "region_code": rep.Identity.RegionCode,
		"year": strconv.Itoa(rep.Identity.PlanTo), "seats": strconv.Itoa(in.Seats)}})
	if err != nil {
		return 0, err
	}
	var cands []report.Event
	for _, f := range facts {
		title := f.Indicator + f.NumbersZH()
		if f.Action != nil {
			title = *f.Action + title
		}
		quote := f.Quote // the report's words, where they say more than the title
		if quote == title {
			quote = ""
		}
		cands = append(cands, report.Event{At: now, Actor: u.Name, Kind: participate.EvCandidate,
			Data: map[string]string{"title": title, "text": quote, "fact_id": strconv.FormatInt(f.ID, 10), "source": "report"}})
	}
	if len(cands) > 0 {
		if err := s.st.AppendThread(ctx, id, 1, cands); err != nil {
			return 0, err
		}
	}
	s.log.Info("round opened", "round", id, "report", rep.ID, "candidates", len(cands))
	return id, nil
}

type roundActRequest struct {
	Title   string `json:"title,omitempty"`   // propose
	Text    string `json:"text,omitempty"`    // propose
	Choices []int  `json:"choices,omitempty"` // ballot: candidate numbers
	To      string `json:"to,omitempty"`      // stage: voting or closed
}

// roundAct proposes a project, casts a ballot or moves the round on.
func (s *Server) roundAct(ctx context.Context, u *report.User, id int64, action string, in roundActRequest) (participate.Round, error) {
	r, err := s.round(ctx, id)
	if err != nil {
		return r, err
	}
	switch action {
	case "candidates":
		if err := participate.PermitPropose(u, r); err != nil {
			return r, err
		}
		title, err := requiredText("项目名称", in.Title, 100)
		if err != nil {
			return r, err
		}
		body, err := requiredText("项目说明", in.Text, 2000)
		if err != nil {
			return r, err
		}
		if len(r.Candidates) >= 200 {
			return r, report.Errorf(report.Conflict, "本轮候选项目已满 200 个")
		}
		err = s.st.AppendThread(ctx, id, len(r.Events), []report.Event{{At: s.opt.Now(), Actor: u.Name, Kind: participate.EvCandidate,
			Data: map[string]string{"title": title, "text": body, "source": "citizen"}}})
		if err != nil {
			return r, err
		}
	case "ballot":
		if err := participate.PermitBallot(u, r, in.Choices); err != nil {
			return r, err
		}
		if err := s.st.CastBallot(ctx, id, u.ID, in.Choices); err != nil {
			return r, err
		}
		s.log.Info("ballot cast", "round", id) // who chose what is not logged either
	case "stage":
		if err := participate.PermitRound(u); err != nil {
			return r, err
		}
		switch {
		case in.To == participate.Voting && r.Stage == participate.Proposing && len(r.Candidates) == 0:
			return r, report.Errorf(report.Conflict, "还没有候选项目，不能开始投票")
		case in.To == participate.Voting && r.Stage == participate.Proposing, in.To == participate.Closed && r.Stage == participate.Voting:
			if err := s.st.AppendThread(ctx, id, len(r.Events), []report.Event{{At: s.opt.Now(), Actor: u.Name, Kind: participate.EvStage, Data: map[string]string{"to": in.To}}}); err != nil {
				return r, err
			}
		case in.To == participate.Closed && r.Stage == participate.Closed && len(r.Events) > 0 && r.Events[len(r.Events)-1].Kind == participate.EvStage:
			// closed, but the chosen did not become tasks: try again below
		default:
			return r, report.Errorf(report.Conflict, "票决%s，不能改为%s", participate.StageZH(r.Stage), participate.StageZH(in.To))
		}
		if in.To == participate.Closed {
			if err := s.choose(ctx, u, id); err != nil {
				return r, err
			}
		}
	default:
		return r, report.Errorf(report.NotFound, "票决没有 %q 这项操作（candidates、ballot、stage）", action)
	}
	return s.round(ctx, id)
}

// choose makes tasks of a closed round's chosen projects: a project from
// the report joins its commitment's task, a citizen's proposal becomes an
// office task whose origin is the proposal, kept as a file. Each starts
// with the nodes of data/livelihood_nodes.tsv.
func (s *Server) choose(ctx context.Context, u *report.User, id int64) error {
	r, err := s.round(ctx, id)
	if err != nil {
		return err
	}
	tally, voters, err := s.st.Tally(ctx, id)
	if err != nil {
		return err
	}
	chosen := participate.Choose(r.Candidates, tally, voters, r.Seats)
	nodes, err := participate.LivelihoodNodes(r.Year)
	if err != nil {
		return err
	}
	now := s.opt.Now()
	nodeEvents := func(votes int, n int) []report.Event {
		evs := []report.Event{{At: now, Actor: u.Name, Kind: track.EvProgress, Data: map[string]string{
			"text": fmt.Sprintf("%d年民生实事票决第 %d 号当选（%d 票，投票 %d 人）", r.Year, n, votes, voters), "evidence": fmt.Sprintf("/rounds/%d", id)}}}
		for _, nd := range nodes {
			evs = append(evs, report.Event{At: now, Actor: u.Name, Kind: track.EvMilestone, Data: map[string]string{"name": nd.Name, "due": nd.Due, "done": "false"}})
		}
		return evs
	}
	existing, err := track.LoadTasks(ctx, s.st, report.TaskFilter{ReportID: r.ReportID})
	if err != nil {
		return err
	}
	rep, err := s.st.ReportHeader(ctx, r.ReportID)
	if err != nil {
		return err
	}
	var batches []report.EventBatch
	var news []report.NewTask
	taskOf := map[int]int64{}
	// A close tried again after a failure finds what it made the first
	// time (the round's link on a task, a task made from the proposal) and
	// makes it not twice.
	link := fmt.Sprintf("/rounds/%d", id)
	chosenBy := func(t report.Task) bool {
		return slices.ContainsFunc(t.Events, func(e report.Event) bool { return e.Data["evidence"] == link })
	}
	for _, n := range chosen {
		c := r.Candidates[n-1]
		if c.FactID > 0 {
			if i := slices.IndexFunc(existing, func(t report.Task) bool { return t.FactID == c.FactID }); i >= 0 {
				t := existing[i]
				if !chosenBy(t) {
					batches = append(batches, report.EventBatch{TaskID: t.ID, AfterSeq: t.Events[len(t.Events)-1].Seq, Events: nodeEvents(tally[n], n)})
				}
				taskOf[n] = t.ID
				continue
			}
		}
		proposal := fmt.Sprintf("%d年%s民生实事票决 第 %d 号候选项目\n项目：%s\n说明：%s\n提议：%s\n", r.Year, r.Region, n, c.Title, c.Text, c.By)
		sha, err := s.st.AddEvidence(ctx, fmt.Sprintf("民生实事票决%d-候选%d.txt", id, n), []byte(proposal))
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(existing, func(t report.Task) bool { return t.Origin != nil && t.Origin.File == sha && t.Origin.Row == n }); i >= 0 {
			taskOf[n] = existing[i].ID
			continue
		}
		news = append(news, report.NewTask{ReportID: r.ReportID, Region: rep.Identity.Region, RegionCode: rep.Identity.RegionCode, Year: r.Year,
			Title: c.Title, Quote: c.Title, Origin: report.Origin{File: sha, Row: n}, Actor: u.Name, Events: nodeEvents(tally[n], n)})
	}
	ids, err := s.st.AddTasks(ctx, news, batches)
	if err != nil {
		return err
	}
	i := 0
	for _, n := range chosen {
		if _, ok := taskOf[n]; !ok {
			taskOf[n] = ids[i]
			i++
		}
	}
	var numbers, tasks []string
	for _, n := range chosen {
		numbers = append(numbers, strconv.Itoa(n))
		tasks = append(tasks, strconv.FormatInt(taskOf[n], 10))
	}
	r, err = s.round(ctx, id)
	if err != nil {
		return err
	}
	s.log.Info("round closed", "round", id, "chosen", len(chosen), "voters", voters)
	return s.st.AppendThread(ctx, id, len(r.Events), []report.Event{{At: now, Actor: u.Name, Kind: participate.EvChosen,
		Data: map[string]string{"numbers": strings.Join(numbers, ","), "tasks": strings.Join(tasks, ",")}}})
}

type roundList struct {
	Items []participate.Round `json:"items"`
}

func (s *Server) apiRounds(w http.ResponseWriter, r *http.Request) {
	rs, err := s.rounds(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, roundList{listOf(rs)})
}

func (s *Server) apiRound(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rd, err := s.round(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rd)
}

func (s *Server) apiOpenRound(w http.ResponseWriter, r *http.Request) {
	if err := participate.PermitRound(userOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	var in openRoundRequest
	if err := decodeBody(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.openRound(r.Context(), userOf(r), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rd, err := s.round(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, rd)
}

func (s *Server) apiRoundAct(w http.ResponseWriter, r *http.Request) {
	var in roundActRequest
	id, ok := s.signedInJSON(w, r, &in)
	if !ok {
		return
	}
	rd, err := s.roundAct(r.Context(), userOf(r), id, r.PathValue("action"), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rd)
}

func (s *Server) pageRounds(w http.ResponseWriter, r *http.Request) {
	rs, err := s.rounds(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	slices.Reverse(rs)
	s.render(w, r, "rounds", map[string]any{"Rounds": rs, "CanOpen": participate.PermitRound(userOf(r)) == nil})
}

func (s *Server) pageRound(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rd, err := s.round(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := userOf(r)
	voted := false
	if u != nil && u.Role == participate.Deputy {
		if voted, err = s.st.Voted(r.Context(), id, u.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, "round", map[string]any{"R": rd, "PageTitle": fmt.Sprintf("%d年%s民生实事票决", rd.Year, rd.Region), "Voted": voted,
		"CanPropose": participate.PermitPropose(u, rd) == nil, "CanVote": !voted && u != nil && u.Role == participate.Deputy && rd.Stage == participate.Voting,
		"CanStage": participate.PermitRound(u) == nil, "Stage": participate.StageZH(rd.Stage)})
}

func (s *Server) formOpenRound(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if err := participate.PermitRound(u); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.readForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err1 := strconv.ParseInt(r.PostFormValue("report_id"), 10, 64)
	seats, err2 := strconv.Atoi(r.PostFormValue("seats"))
	if err1 != nil || err2 != nil {
		s.fail(w, r, report.Errorf(report.Invalid, "请填写报告编号和票决项目数"))
		return
	}
	id, err := s.openRound(r.Context(), u, openRoundRequest{ReportID: rep, Seats: seats})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/rounds/%d", id), http.StatusSeeOther)
}

func (s *Server) formRound(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInForm(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	in := roundActRequest{Title: f.Get("title"), Text: f.Get("text"), To: f.Get("to")}
	for _, c := range f["choice"] {
		n, err := strconv.Atoi(c)
		if err != nil {
			s.fail(w, r, report.Errorf(report.Invalid, "候选项目 %q 不是编号", c))
			return
		}
		in.Choices = append(in.Choices, n)
	}
	if _, err := s.roundAct(r.Context(), userOf(r), id, f.Get("action"), in); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/rounds/%d", id), http.StatusSeeOther)
}
