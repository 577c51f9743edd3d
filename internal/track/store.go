package track

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// This file holds the few functions of the package that read a store;
// everything they compute is done by the pure functions beside them.

// Checks returns the verdicts on a region's targets (all years when year
// is 0), with each indicator's direction from higher.
func Checks(ctx context.Context, st report.Store, region string, year int, higher map[string]bool) ([]Check, error) {
	targets, err := st.Facts(ctx, report.FactFilter{Region: region, Kind: report.Target, Year: year})
	if err != nil {
		return nil, err
	}
	achieved, err := st.Facts(ctx, report.FactFilter{Region: region, Kind: report.Achieved})
	if err != nil {
		return nil, err
	}
	return Judged(targets, achieved, higher), nil
}

// Judged checks targets against the achieved facts that answer them.
func Judged(targets, achieved []report.Fact, higher map[string]bool) []Check {
	results := Pair(targets, achieved)
	out := make([]Check, len(targets))
	for i, t := range targets {
		out[i] = Judge(t, results[i], Direction(t.Canonical, higher))
	}
	return out
}

// LoadTasks reads tasks and derives their states.
func LoadTasks(ctx context.Context, st report.Store, f report.TaskFilter) ([]report.Task, error) {
	return filled(st.Tasks(ctx, f))
}

// LoadTasksByID reads tasks by id, in id order, and derives their states;
// an id not stored is left out.
func LoadTasksByID(ctx context.Context, st report.Store, ids []int64) ([]report.Task, error) {
	return filled(st.TasksByID(ctx, ids))
}

// filled derives the states of tasks a store read.
func filled(ts []report.Task, err error) ([]report.Task, error) {
	if err != nil {
		return nil, err
	}
	for i := range ts {
		Fill(&ts[i])
	}
	return ts, nil
}

// LoadTask reads one task and derives its state.
func LoadTask(ctx context.Context, st report.Store, id int64) (*report.Task, error) {
	t, err := st.Task(ctx, id)
	if err != nil {
		return nil, err
	}
	Fill(t)
	return t, nil
}

// Fill derives a task's state and its pending suggestion from its events.
func Fill(t *report.Task) {
	t.State = Fold(t.Events, EndOfYear(t.Year))
	t.Suggestion = nil
	for i := len(t.Events) - 1; i >= 0; i-- {
		if e := t.Events[i]; e.Kind == EvSuggest {
			id, _ := strconv.ParseInt(e.Data["fact_id"], 10, 64)
			t.Suggestion = &report.Suggestion{FactID: id, Quote: e.Data["quote"], Verdict: e.Data["verdict"]}
			break
		}
	}
}

// Update is a change people ask for, as forms and flags carry it.
type Update struct {
	Status     string   `json:"status,omitempty"`
	Reason     string   `json:"reason,omitempty"`
	LeadUnit   string   `json:"lead_unit,omitempty"`
	CoUnits    string   `json:"co_units,omitempty"`
	Official   string   `json:"lead_official,omitempty"`
	Deadline   string   `json:"deadline,omitempty"`   // as people write it: 2020年12月底
	Milestone  string   `json:"milestone,omitempty"`  // 名称@日期, @done when reached
	Milestones []string `json:"milestones,omitempty"` // several nodes at once
	Progress   string   `json:"progress,omitempty"`
	Evidence   string   `json:"evidence,omitempty"`
	Verdict    string   `json:"verdict,omitempty"`
	// EvidenceFile is the SHA-256 of a file kept with AddEvidence.
	EvidenceFile string `json:"evidence_file,omitempty"`
	// Request is a unit asking the office to close (done, 申请办结) or drop
	// (dropped, 申请销号, with Reason) the task.
	Request string `json:"request,omitempty"`
	// MissReason is a code of MissReasons (with Reason as its text): a
	// unit proposes it, the office sets it with a missed verdict.
	MissReason string `json:"miss_reason,omitempty"`
	// Rating is the office's score of the task, 0 to 100 (督查室评分), with
	// Reason as its note.
	Rating string `json:"rating,omitempty"`
	// Internal keeps a progress note and its file out of the public
	// record (a draft, a file marked internal): staff see it, the public
	// does not.
	Internal bool `json:"internal,omitempty"`
}

// Apply checks an update against task t and appends it as events by
// actor, each checked against the state the ones before it leave. It
// returns the new state.
func Apply(ctx context.Context, st report.Store, t *report.Task, u Update, actor string, now time.Time) (report.State, error) {
	if u.EvidenceFile != "" {
		if _, _, err := st.Evidence(ctx, u.EvidenceFile); err != nil {
			return t.State, report.Errorf(report.Invalid, "证据文件 %s 不在库中：请先上传", u.EvidenceFile)
		}
	}
	evs, err := u.events(t, actor, now)
	if err != nil {
		return t.State, err
	}
	if len(evs) == 0 {
		return t.State, report.Errorf(report.Invalid, "没有要修改的内容")
	}
	state := t.State
	all := append([]report.Event(nil), t.Events...)
	for _, e := range evs {
		if err := CheckEvent(state, e); err != nil {
			return t.State, err
		}
		all = append(all, e)
		state = Fold(all, EndOfYear(t.Year))
	}
	if err := st.AppendEvents(ctx, []report.EventBatch{{TaskID: t.ID, AfterSeq: lastSeq(*t), Events: evs}}); err != nil {
		return t.State, err
	}
	return state, nil
}

// nodes are the update's nodes, the one and the several.
func (u Update) nodes() []string {
	if u.Milestone != "" {
		return append([]string{u.Milestone}, u.Milestones...)
	}
	return u.Milestones
}

func (u Update) events(t *report.Task, actor string, now time.Time) ([]report.Event, error) {
	if strings.TrimSpace(actor) == "" {
		return nil, report.Errorf(report.Invalid, "每次修改须记录修改人")
	}
	var evs []report.Event
	add := func(kind string, data map[string]string) {
		evs = append(evs, report.Event{Actor: actor, Kind: kind, At: now, Data: data})
	}
	assign := map[string]string{}
	if u.LeadUnit != "" {
		assign["lead_unit"] = u.LeadUnit
	}
	if u.CoUnits != "" {
		assign["co_units"] = u.CoUnits
	}
	if u.Official != "" {
		assign["lead_official"] = u.Official
	}
	if len(assign) > 0 {
		add(EvAssign, assign)
	}
	if u.Deadline != "" {
		d, err := ParseDeadline(u.Deadline, t.Year)
		if err != nil {
			return nil, report.Errorf(report.Invalid, "完成时限：%v", err)
		}
		add(EvDeadline, map[string]string{"deadline": d})
	}
	for _, ms := range u.nodes() {
		name, due, _ := strings.Cut(ms, "@")
		due, done := strings.CutSuffix(due, "@done")
		d, err := ParseDeadline(due, t.Year)
		if err != nil || d == "" {
			return nil, report.Errorf(report.Invalid, "节点 %q：写作 名称@日期", ms)
		}
		add(EvMilestone, map[string]string{"name": name, "due": d, "done": strconv.FormatBool(done)})
	}
	// The status first: a progress report starts a task that has not
	// started, and "in_progress with progress" must not read as a second start.
	if u.Status != "" && u.Status != t.State.Status {
		add(EvStatus, map[string]string{"from": t.State.Status, "to": u.Status, "reason": u.Reason})
	}
	if u.Progress != "" {
		data := map[string]string{"text": u.Progress, "evidence": u.Evidence, "evidence_file": u.EvidenceFile}
		if u.Internal {
			data["internal"] = "1"
		}
		add(EvProgress, data)
	}
	if u.Request != "" {
		add(EvRequest, map[string]string{"to": u.Request, "reason": u.Reason})
	}
	if u.MissReason != "" {
		if missReasonName(u.MissReason) == "" {
			return nil, report.Errorf(report.Invalid, "miss_reason=%q：可选 funds、policy、approval、conditions、other", u.MissReason)
		}
		if u.Verdict == "" {
			add(EvRequest, map[string]string{"miss_reason": u.MissReason, "reason": u.Reason}) // a unit's proposal
		}
	}
	if u.Rating != "" {
		add(EvRating, map[string]string{"score": strings.TrimSpace(u.Rating), "note": u.Reason})
	}
	if u.Verdict != "" {
		ev := u.Evidence
		if ev == "" && t.Suggestion != nil {
			ev = t.Suggestion.Quote // confirming the suggested evidence
		}
		if ev == "" && u.EvidenceFile != "" {
			ev = "file:" + u.EvidenceFile
		}
		add(EvVerdict, map[string]string{"verdict": u.Verdict, "evidence": ev, "evidence_file": u.EvidenceFile, "miss_reason": u.MissReason, "reason": u.Reason})
	}
	return evs, nil
}

// SuggestFor proposes evidence for the open tasks of a region's year from
// the achieved facts stored for that year, and records each proposal as
// an event for a person to confirm. It returns the tasks it proposed for.
func SuggestFor(ctx context.Context, st report.Store, region string, year int) ([]report.Task, error) {
	tasks, batches, err := proposals(ctx, st, region, year)
	if err != nil {
		return nil, err
	}
	return tasks, st.AppendEvents(ctx, batches)
}

// proposals are SuggestFor's proposals, read and not yet written.
func proposals(ctx context.Context, st report.Store, region string, year int) ([]report.Task, []report.EventBatch, error) {
	tasks, err := LoadTasks(ctx, st, report.TaskFilter{Region: region, Year: year})
	if err != nil || len(tasks) == 0 {
		return nil, nil, err
	}
	achieved, err := st.Facts(ctx, report.FactFilter{Region: region, Kind: report.Achieved, Year: year})
	if err != nil || len(achieved) == 0 {
		return nil, nil, err
	}
	commitments := map[int64]report.Fact{}
	loaded := map[int64]bool{}
	m := newMatcher(achieved)
	var batches []report.EventBatch
	var out []report.Task
	for _, t := range tasks {
		if t.State.Verdict != "" || t.Suggestion != nil || t.State.Status == Dropped || t.FactID == 0 {
			continue // the office's own tasks carry no figure a report could state
		}
		if !loaded[t.ReportID] {
			loaded[t.ReportID] = true
			fs, err := st.Facts(ctx, report.FactFilter{ReportID: t.ReportID, Kind: report.Commitment})
			if err != nil {
				return nil, nil, err
			}
			for _, f := range fs {
				commitments[f.ID] = f
			}
		}
		c, ok := commitments[t.FactID]
		if !ok {
			continue
		}
		sg := m.suggest(t, c)
		if sg == nil {
			continue
		}
		t.Suggestion = sg
		out = append(out, t)
		batches = append(batches, report.EventBatch{TaskID: t.ID, AfterSeq: lastSeq(t), Events: []report.Event{{
			Actor: "baogao", Kind: EvSuggest, Data: map[string]string{"fact_id": strconv.FormatInt(sg.FactID, 10), "quote": sg.Quote, "verdict": sg.Verdict}}}})
	}
	return out, batches, nil
}

// SuggestAfter runs SuggestFor for the years that newly stored reports
// review: a new report states the results of those years. The region-years
// are read on every core (their tasks are apart), then written one by one.
// It returns how many tasks got a proposal.
func SuggestAfter(ctx context.Context, st report.Store, reportIDs []int64) (int, error) {
	type regionYear struct {
		region string
		year   int
	}
	var keys []regionYear
	done := map[regionYear]bool{}
	seen := map[int64]bool{}
	for _, id := range reportIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		r, err := st.ReportHeader(ctx, id)
		if err != nil {
			return 0, err
		}
		region := r.Identity.RegionCode
		if region == "" {
			region = r.Identity.Region
		}
		for y := r.Identity.ReviewFrom; y != 0 && y <= r.Identity.ReviewTo && region != ""; y++ {
			if k := (regionYear{region, y}); !done[k] {
				done[k] = true
				keys = append(keys, k)
			}
		}
	}
	type result struct {
		n       int
		batches []report.EventBatch
		err     error
		done    chan struct{}
	}
	// A few region-years are in flight at a time and written in order as
	// each is read, so that memory holds their proposals only.
	workers := runtime.NumCPU()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	queue := make(chan int)
	order := make(chan *result, 2*workers)
	results := make([]*result, len(keys))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range queue {
				ts, batches, err := proposals(ctx, st, keys[i].region, keys[i].year)
				r := results[i]
				r.n, r.batches, r.err = len(ts), batches, err
				close(r.done)
			}
		}()
	}
	go func() {
		defer close(queue)
		defer close(order)
		for i := range keys {
			results[i] = &result{done: make(chan struct{})}
			order <- results[i]
			if ctx.Err() != nil {
				close(results[i].done)
				continue
			}
			queue <- i
		}
	}()
	n := 0
	var err error
	for r := range order {
		<-r.done
		if err == nil && r.err != nil {
			err = r.err
		}
		if err == nil {
			err = st.AppendEvents(ctx, r.batches)
		}
		if err == nil {
			n += r.n
		} else {
			cancel() // read no more
		}
		r.batches = nil
	}
	wg.Wait()
	return n, err
}
