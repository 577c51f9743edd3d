package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlite"
)

// TestReprocessKeepsWhatPeopleDid: the seeds are stored, people review
// facts and report on tasks, and the stored facts are then made to look
// like an older extractor's (a wrong number, a missed fact, false
// positives, one of them reviewed and one reported on). Reprocess
// restores what the extractor reads today, with the same IDs, and loses
// no review and no task event; run again, it changes nothing.
func TestReprocessKeepsWhatPeopleDid(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	Run(ctx, st, []string{"../../../shared/seeds"}, Options{}, nil, func(p string, err error) { t.Errorf("%s: %v", p, err) })
	fresh, _ := st.Facts(ctx, report.FactFilter{})
	rs, _ := st.Reports(ctx, report.ReportFilter{})
	r := rs[1] // 亭湖区 2020
	facts, _ := st.Facts(ctx, report.FactFilter{ReportID: r.ID})
	var commitments []report.Fact
	for _, f := range facts {
		if f.Kind == report.Commitment {
			commitments = append(commitments, f)
		}
	}
	if len(facts) < 20 || len(commitments) < 6 {
		t.Fatalf("%d facts, %d commitments", len(facts), len(commitments))
	}

	// People's work.
	corrected := facts[0]
	corrected.Indicator = "地区生产总值（更正）"
	reviews := []report.Review{
		{FactID: facts[0].ID, Action: report.Correct, Fact: &corrected, By: "研究员"},
		{FactID: facts[1].ID, Action: report.Confirm, By: "研究员"},
	}
	tasks, _ := st.Tasks(ctx, report.TaskFilter{ReportID: r.ID})
	progress := tasks[0]
	if err := st.AppendEvents(ctx, []report.EventBatch{{TaskID: progress.ID, AfterSeq: 1, Events: []report.Event{{Actor: "县教育局", Kind: "progress", Data: map[string]string{"text": "已开工"}}}}}); err != nil {
		t.Fatal(err)
	}

	// An older extractor's record: a wrong number, a missed commitment,
	// three false positives (one reviewed, one with a task reported on).
	wrong := facts[2]
	wrong.Quote, wrong.Indicator = wrong.Quote+"（旧）", "旧名"
	missed := commitments[len(commitments)-1]
	src := facts[0].SourceID
	y := 2020
	bogus := func(q string) report.Fact {
		v := 7.0
		return report.Fact{Kind: report.Commitment, Indicator: "假", Value: &v, Quote: q, Year: &y, SourceID: src, Start: 1, End: 2}
	}
	if err := st.ReviseFacts(ctx, r.ID, []report.Fact{wrong}, []int64{missed.ID}, []report.Fact{bogus("假一"), bogus("假二"), bogus("假三")}); err != nil {
		t.Fatal(err)
	}
	after, _ := st.Facts(ctx, report.FactFilter{ReportID: r.ID})
	b1, b2, b3 := after[len(after)-3], after[len(after)-2], after[len(after)-1]
	reviews = append(reviews, report.Review{FactID: b2.ID, Action: report.Reject, By: "研究员", Note: "不是承诺"})
	for i := range reviews {
		if err := st.AddReview(ctx, &reviews[i]); err != nil {
			t.Fatal(err)
		}
	}
	bt, _ := st.Tasks(ctx, report.TaskFilter{ReportID: r.ID})
	for _, tk := range bt {
		if tk.FactID == b3.ID {
			st.AppendEvents(ctx, []report.EventBatch{{TaskID: tk.ID, AfterSeq: 1, Events: []report.Event{{Actor: "县民政局", Kind: "progress", Data: map[string]string{"text": "已报送"}}}}})
		}
	}
	eventsBefore := humanEvents(t, st)

	s, err := Reprocess(ctx, st, nil, func(id int64, err error) { t.Errorf("report %d: %v", id, err) })
	if err != nil {
		t.Fatal(err)
	}
	if s.Updated != 1 || s.Added != 1 || s.Removed != 1 || s.Kept != 2 || s.Failed != 0 || s.Reports != len(rs) {
		t.Errorf("stats %+v, want 1 updated, 1 added, 1 removed, 2 kept", s)
	}
	now, _ := st.Facts(ctx, report.FactFilter{})
	byID := map[int64]report.Fact{}
	for _, f := range now {
		byID[f.ID] = f
	}
	if f := byID[wrong.ID]; f.Quote != facts[2].Quote || f.Indicator != facts[2].Indicator {
		t.Errorf("the wrong fact was not read anew in place: %+v", f)
	}
	if _, ok := byID[b1.ID]; ok {
		t.Error("an untouched false positive stayed")
	}
	if _, ok := byID[b2.ID]; !ok {
		t.Error("a reviewed false positive was removed")
	}
	if _, ok := byID[b3.ID]; !ok {
		t.Error("a false positive whose task was reported on was removed")
	}
	// Every fact of a fresh extraction is there again, the missed one too.
	have := map[string]bool{}
	for _, f := range now {
		have[factKey(f)] = true
	}
	for _, f := range fresh {
		if !have[factKey(f)] {
			t.Errorf("fact %q (%s) is missing after reprocess", f.Quote, f.Kind)
		}
	}
	if len(now) != len(fresh)+2 {
		t.Errorf("%d facts, a fresh extraction has %d and 2 were kept", len(now), len(fresh))
	}
	got, _ := st.Reviews(ctx, 0)
	if len(got) != len(reviews) {
		t.Errorf("%d reviews, %d made", len(got), len(reviews))
	}
	for _, rv := range got {
		if _, ok := byID[rv.FactID]; !ok {
			t.Errorf("review %d points to fact %d, which is gone", rv.ID, rv.FactID)
		}
	}
	if ev := humanEvents(t, st); ev != eventsBefore {
		t.Errorf("%d task events by people after reprocess, %d before", ev, eventsBefore)
	}
	if tk, _ := st.Task(ctx, progress.ID); tk == nil || len(tk.Events) != 2 {
		t.Errorf("the task reported on lost its events: %+v", tk)
	}

	again, err := Reprocess(ctx, st, nil, func(id int64, err error) { t.Errorf("report %d: %v", id, err) })
	if err != nil || again.Updated+again.Added+again.Removed != 0 || again.Kept != 2 {
		t.Errorf("a second reprocess: %+v %v", again, err)
	}
}

func factKey(f report.Fact) string {
	return string(f.Kind) + "|" + f.Quote + "|" + f.Indicator
}

func humanEvents(t *testing.T, st report.Store) int {
	ts, err := st.Tasks(context.Background(), report.TaskFilter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tk := range ts {
		for _, e := range tk.Events {
			if e.Actor != "baogao" {
				n++
			}
		}
	}
	return n
}
