package participate

import (
	"strings"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/report"
)

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02 15:04", s)
	return t
}

func TestWorkingDays(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2024-06-03 10:00", 5, "2024-06-10"}, // Monday → next Monday
		{"2024-06-07 18:00", 1, "2024-06-10"}, // Friday → Monday
		{"2024-06-08 09:00", 5, "2024-06-14"}, // a Saturday counts from Monday
		{"2024-06-03 10:00", 0, "2024-06-03"},
	} {
		got := AddWorkingDays(day(c.from), c.n)
		if got.Format("2006-01-02") != c.want || got.Hour() != 23 {
			t.Errorf("%s + %d working days = %s, want the end of %s", c.from, c.n, got, c.want)
		}
		if c.n > 0 {
			if n := WorkingDaysBetween(day(c.from), got); n != c.n {
				t.Errorf("working days from %s to %s: %d, want %d", c.from, got, n, c.n)
			}
		}
	}
}

func ev(at, actor, kind string, data map[string]string) report.Event {
	return report.Event{At: day(at), Actor: actor, Kind: kind, Data: data}
}

func TestFoldQuestion(t *testing.T) {
	th := report.Thread{ID: 7, Kind: report.ThreadQuestion, Created: day("2024-06-03 10:00"), Events: []report.Event{
		ev("2024-06-03 10:00", "13800000000", EvAsk, map[string]string{"subject": "task", "subject_id": "12", "unit": "区教育局", "text": "幼儿园何时开工？", "public": "1"}),
		ev("2024-06-12 09:00", "edu", EvAnswer, map[string]string{"text": "9月开工"}), // 7 working days: late
		ev("2024-06-12 20:00", "13800000000", EvReopen, map[string]string{"text": "具体哪一天？"}),
		ev("2024-06-13 09:00", "edu", EvAnswer, map[string]string{"text": "9月2日"}),
		ev("2024-06-13 10:00", "13800000000", EvRate, map[string]string{"rating": FairlySatisfied}),
	}}
	q := FoldQuestion(th, 5, day("2024-07-01 00:00"))
	if q.Asker != "13800000000" || q.SubjectID != 12 || q.Unit != "区教育局" || !q.Public || q.Status != Rated || q.Rating != FairlySatisfied || !q.Reopened || q.Overdue {
		t.Fatalf("%+v", q)
	}
	if len(q.Answers) != 2 || q.Answers[0].OnTime || q.Answers[0].Days != 7 || !q.Answers[1].OnTime || q.Answers[1].Days != 1 {
		t.Errorf("answers: %+v", q.Answers)
	}
	f := QuestionFigures([]Question{q})
	if len(f) != 1 || f[0].Received != 1 || f[0].Answered != 1 || f[0].OnTime != 0 || f[0].AvgDays != 7 || f[0].SatisfactionRate() != 1 {
		t.Errorf("figures: %+v", f)
	}
	asker := &report.User{Name: "13800000000", Role: Citizen}
	other := &report.User{Name: "13900000000", Role: Citizen}
	if PermitReopen(asker, q) == nil {
		t.Error("a second reopening is permitted")
	}
	if PermitRate(asker, q) == nil {
		t.Error("an answer rated twice")
	}
	answered := FoldQuestion(report.Thread{ID: 7, Events: th.Events[:4]}, 5, day("2024-07-01 00:00"))
	if PermitRate(other, answered) == nil || PermitRate(asker, answered) != nil {
		t.Error("only the asker rates")
	}
	// Waiting past the deadline is overdue; hidden questions leave the figures.
	open := FoldQuestion(report.Thread{ID: 8, Events: th.Events[:1]}, 5, day("2024-06-11 00:00"))
	if !open.Overdue || open.Status != Waiting {
		t.Errorf("unanswered past its deadline: %+v", open)
	}
	hidden := FoldQuestion(report.Thread{ID: 9, Events: append(th.Events[:1:1], ev("2024-06-04 10:00", "admin", EvHide, map[string]string{"reason": "广告"}))}, 5, day("2024-06-05 00:00"))
	if !hidden.Hidden || hidden.HideReason != "广告" || hidden.Visible(nil) || hidden.Visible(other) || !hidden.Visible(asker) || len(QuestionFigures([]Question{hidden})) != 0 {
		t.Errorf("hidden: %+v", hidden)
	}
	if PermitAnswer(&report.User{Name: "civil", Role: "editor", Unit: "区民政局"}, open) == nil || PermitAnswer(&report.User{Name: "edu", Role: "editor", Unit: "区教育局"}, open) != nil {
		t.Error("only the question's unit (or the office) answers")
	}
}

func TestChoose(t *testing.T) {
	cands := []Candidate{{Number: 1}, {Number: 2}, {Number: 3}, {Number: 4}}
	tally := map[int]int{1: 5, 2: 6, 3: 3, 4: 6}
	// 9 ballots: more than half is 5 or more; 2 seats go to 2 and 4 (6 each).
	if got := Choose(cands, tally, 9, 2); len(got) != 2 || got[0] != 2 || got[1] != 4 {
		t.Errorf("chosen %v", got)
	}
	// 10 ballots: 5 is not more than half.
	if got := Choose(cands, tally, 10, 3); len(got) != 2 || got[0] != 2 || got[1] != 4 {
		t.Errorf("chosen of 10: %v", got)
	}
	r := FoldRound(report.Thread{ID: 3, Events: []report.Event{
		ev("2024-01-10 09:00", "admin", EvOpen, map[string]string{"report_id": "4", "year": "2024", "seats": "2", "region": "青禾县"}),
		ev("2024-01-10 09:00", "admin", EvCandidate, map[string]string{"title": "新建幼儿园2所", "fact_id": "30", "source": "report"}),
		ev("2024-01-11 09:00", "13800000000", EvCandidate, map[string]string{"title": "增设公交线路", "source": "citizen"}),
		ev("2024-01-20 09:00", "admin", EvStage, map[string]string{"to": Voting}),
	}})
	if r.Stage != Voting || r.Seats != 2 || len(r.Candidates) != 2 || r.Candidates[1].Number != 2 || r.Candidates[1].By != "13800000000" || r.Candidates[0].FactID != 30 {
		t.Fatalf("%+v", r)
	}
	r.Publish(map[int]int{1: 3}, 3)
	if r.Candidates[0].Votes != nil {
		t.Error("votes published before the round closed")
	}
	deputy := &report.User{Name: "王代表", Role: Deputy}
	for _, c := range []struct {
		u       *report.User
		choices []int
		ok      bool
	}{
		{deputy, []int{1, 2}, true}, {deputy, []int{1, 1}, false}, {deputy, []int{3}, false}, {deputy, []int{1, 2, 1}, false}, {deputy, nil, false},
		{&report.User{Name: "x", Role: Citizen}, []int{1}, false}, {&report.User{Name: "admin", Role: "admin"}, []int{1}, false},
	} {
		if err := PermitBallot(c.u, r, c.choices); (err == nil) != c.ok {
			t.Errorf("%s %v: %v", c.u.Role, c.choices, err)
		}
	}
}

func TestSuggestionSheet(t *testing.T) {
	rows := [][]string{
		{"2024年人大代表建议交办表"},
		{"编号", "标题", "领衔代表", "承办单位", "办理时限"},
		{"1", "关于增设公交线路的建议", "王代表", "区交通局", "2024/06/30"},
		{"2", "关于加快幼儿园建设的建议", "李代表", "", ""},
		{},
	}
	list, err := ReadSheet(rows, DeputySuggestion)
	if err != nil || len(list) != 2 || list[0].Row != 3 || list[0].Deadline != "2024-06-30" || list[0].Kind != DeputySuggestion || list[1].Unit != "" {
		t.Fatalf("%v %+v", err, list)
	}
	if _, err := ReadSheet([][]string{{"编号", "标题"}, {"1", ""}, {"", "无号"}}, DeputySuggestion); err == nil || !strings.Contains(err.Error(), "第 2 行没有标题") || !strings.Contains(err.Error(), "第 3 行没有编号") {
		t.Errorf("bad rows: %v", err)
	}
	if _, err := ReadSheet([][]string{{"名称"}}, DeputySuggestion); err == nil {
		t.Error("a sheet with no 标题 column is read")
	}
	// The export reads back as it was.
	replied := day("2024-05-01 10:00")
	ss := []Suggestion{{ID: 1, Kind: MemberProposal, Number: "15", Title: "关于河道整治的提案", Proposer: "张委员", Unit: "区水利局", Deadline: "2024-06-30", Replied: &replied, Rating: Satisfied}}
	back, err := ReadSheet(ExportRows(ss, day("2024-07-01 00:00")), DeputySuggestion)
	if err != nil || len(back) != 1 || back[0].Kind != MemberProposal || back[0].Number != "15" || back[0].Unit != "区水利局" || back[0].Deadline != "2024-06-30" || back[0].Proposer != "张委员" {
		t.Errorf("round trip: %v %+v", err, back)
	}
	f := SuggestionFigures(append(ss, Suggestion{Kind: DeputySuggestion, Number: "2", Unit: "区水利局", Deadline: "2024-01-31"}, Suggestion{Number: "3"}))
	if len(f) != 1 || f[0].Received != 2 || f[0].AnswerRate() != 0.5 || f[0].SatisfactionRate() != 1 {
		t.Errorf("figures: %+v", f)
	}
}

// TestLivelihoodNodes reads every row of data/livelihood_nodes.tsv.
func TestLivelihoodNodes(t *testing.T) {
	ns, err := LivelihoodNodes(2024)
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, line := range strings.Split(livelihoodNodes, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			rows++
		}
	}
	if len(ns) != rows || rows == 0 {
		t.Fatalf("%d nodes of %d rows", len(ns), rows)
	}
	for i, n := range ns {
		if n.Name == "" || !strings.HasPrefix(n.Due, "2024-") || i > 0 && n.Due < ns[i-1].Due {
			t.Errorf("node %d %+v: a name and a date of the year, in order", i, n)
		}
	}
}
