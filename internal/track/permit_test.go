package track

import (
	"strings"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// TestPermit is the table of who may make which change to a task, as a
// supervision office runs: every cell is checked; a refusal is
// Unauthenticated without an account, Forbidden with one, in Chinese.
func TestPermit(t *testing.T) {
	task := &report.Task{ID: 7, State: report.State{LeadUnit: "区教育局", CoUnits: []string{"区民政局"}, Status: InProgress,
		Milestones: []report.Milestone{{Name: "主体完工", Due: "2020-09-30"}}}}
	users := map[string]*report.User{
		"admin":  {Name: "督查室", Role: "admin"},
		"office": {Name: "督查员", Role: "editor"},
		"lead":   {Name: "教育局", Role: "editor", Unit: "区教育局"},
		"co":     {Name: "民政局", Role: "editor", Unit: "区民政局"},
		"other":  {Name: "财政局", Role: "editor", Unit: "区财政局"},
		"viewer": {Name: "代表", Role: "viewer"},
		"nobody": nil,
	}
	office := []string{"admin", "office"}
	unit := append(office, "lead", "co")
	cases := []struct {
		name    string
		u       Update
		allowed []string
	}{
		{"reassign the lead", Update{LeadUnit: "区财政局"}, office},
		{"set co-units", Update{CoUnits: "区财政局"}, office},
		{"set the lead official", Update{Official: "张三"}, office},
		{"move the deadline", Update{Deadline: "2021年6月底"}, office},
		{"add a node", Update{Milestone: "验收@2020年11月"}, office},
		{"mark a node reached", Update{Milestone: "主体完工@2020年9月30日@done"}, unit},
		{"report progress", Update{Progress: "已完成主体", Evidence: "https://example.org/1"}, unit},
		{"start", Update{Status: InProgress}, unit},
		{"close", Update{Status: Done}, office},
		{"drop", Update{Status: Dropped, Reason: "上级调整"}, office},
		{"give a verdict", Update{Verdict: Met, Evidence: "x"}, office},
		{"rate the task", Update{Rating: "85", Reason: "按期高质量完成"}, office},
		{"ask to close", Update{Request: Done}, append(office, "lead")},
		{"ask to drop", Update{Request: Dropped, Reason: "规划调整"}, append(office, "lead")},
	}
	for _, c := range cases {
		for who, user := range users {
			err := Permit(user, task, c.u)
			want := false
			for _, a := range c.allowed {
				want = want || a == who
			}
			switch {
			case want && err != nil:
				t.Errorf("%s by %s refused: %v", c.name, who, err)
			case !want && err == nil:
				t.Errorf("%s by %s allowed", c.name, who)
			case !want && who == "nobody" && report.KindOf(err) != report.Unauthenticated:
				t.Errorf("%s by nobody: %v, want Unauthenticated", c.name, err)
			case !want && who != "nobody" && report.KindOf(err) != report.Forbidden:
				t.Errorf("%s by %s: %v, want Forbidden", c.name, who, err)
			case !want && !hasHan(err.Error()):
				t.Errorf("%s by %s: %v, want the reason in Chinese", c.name, who, err)
			}
		}
	}
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff })
}

// TestRequests: a unit's request stands until the office decides, and a
// dropped task can be reopened by the office with a reason.
func TestRequests(t *testing.T) {
	ev := func(kind string, data map[string]string) report.Event {
		return report.Event{Kind: kind, Actor: "x", Data: data}
	}
	s := Fold([]report.Event{ev(EvCreated, nil), ev(EvProgress, map[string]string{"text": "开工"}), ev(EvRequest, map[string]string{"to": Dropped, "reason": "规划调整"})}, "2020-12-31")
	if s.Request == nil || s.Request.To != Dropped || s.Status != InProgress {
		t.Fatalf("a pending request: %+v", s)
	}
	s = Fold([]report.Event{ev(EvCreated, nil), ev(EvRequest, map[string]string{"to": Dropped, "reason": "规划调整"}),
		ev(EvStatus, map[string]string{"to": Dropped, "reason": "同意销号"}), ev(EvProgress, map[string]string{"text": "仍报送"}),
		ev(EvStatus, map[string]string{"to": InProgress, "reason": "督查室重新启用"})}, "2020-12-31")
	if s.Request != nil || s.Status != InProgress || len(s.Progress) != 0 {
		t.Errorf("dropped, a progress ignored, reopened: %+v", s)
	}
	if err := CheckEvent(report.State{Status: InProgress}, ev(EvRequest, map[string]string{"to": Dropped})); report.KindOf(err) != report.Invalid {
		t.Errorf("a drop request without a reason: %v", err)
	}
}

// TestMissReasons: a miss needs a coded reason, 其他 needs its words; a
// unit's proposal stands beside the office's verdict; each code of
// data/miss_reasons.tsv has a name and an example.
func TestMissReasons(t *testing.T) {
	rs := MissReasons()
	if len(rs) != 5 {
		t.Fatalf("%d reasons", len(rs))
	}
	for _, r := range rs {
		if r.Code == "" || r.Name == "" || r.Example == "" || missReasonName(r.Code) != r.Name {
			t.Errorf("reason %+v", r)
		}
	}
	st := report.State{Status: InProgress}
	verdict := func(data map[string]string) error { return CheckEvent(st, report.Event{Kind: EvVerdict, Data: data}) }
	if err := verdict(map[string]string{"verdict": Missed, "evidence": "x"}); report.KindOf(err) != report.Invalid {
		t.Errorf("a miss without a reason: %v", err)
	}
	if err := verdict(map[string]string{"verdict": Missed, "evidence": "x", "miss_reason": "other"}); report.KindOf(err) != report.Invalid {
		t.Errorf("其他 without words: %v", err)
	}
	if err := verdict(map[string]string{"verdict": Missed, "evidence": "x", "miss_reason": "funds"}); err != nil {
		t.Errorf("a coded miss: %v", err)
	}
	if err := verdict(map[string]string{"verdict": Unverifiable, "evidence": "无法实地核查"}); err != nil {
		t.Errorf("无法核实: %v", err)
	}
	s := Fold([]report.Event{{Kind: EvCreated}, {Kind: EvRequest, Data: map[string]string{"miss_reason": "approval"}},
		{Kind: EvVerdict, Data: map[string]string{"verdict": Missed, "evidence": "x", "miss_reason": "funds", "reason": "资金未到"}}}, "2020-12-31")
	if s.MissReasonProposed != "approval" || s.MissReason != "funds" || s.MissReasonText != "资金未到" || s.Request != nil {
		t.Errorf("state %+v", s)
	}
}

// TestNodesRoundTrip: a 节点 cell as offices write it and as the export
// writes it reads to the same nodes.
func TestNodesRoundTrip(t *testing.T) {
	got, err := nodes("3月底前完成选址；6月底开工建设\n竣工@2024年11月30日（已完成）", 2024)
	want := []string{"完成选址@2024-03-31", "开工建设@2024-06-30", "竣工@2024-11-30@done"}
	if err != nil || len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("nodes: %v %q", err, got)
	}
	if _, err := nodes("尽快", 2024); err == nil {
		t.Error("a node without a date was read")
	}
	// What ExportRows writes of a task's nodes reads back to them.
	task := report.Task{Year: 2024, State: report.State{Milestones: []report.Milestone{{Name: "选址", Due: "2024-03-31", Done: true}, {Name: "开工", Due: "2024-06-30"}}}}
	rows := ExportRows([]report.Task{task}, func(report.Task) string { return InProgress }, time.Date(2024, 7, 1, 0, 0, 0, 0, time.Local))
	col := -1
	for i, h := range rows[0] {
		if h == "节点" {
			col = i
		}
	}
	back, err := nodes(rows[1][col], 2024)
	if err != nil || len(back) != 2 || back[0] != "选址@2024-03-31@done" || back[1] != "开工@2024-06-30" {
		t.Errorf("exported %q read back as %q (%v)", rows[1][col], back, err)
	}
}
