package track

import (
	"slices"
	"strings"

	"github.com/baogao/baogao/internal/report"
)

// Office tells the supervision office (督查室): an admin, or an editor bound
// to no unit. It assigns lead and co-units, sets deadlines and nodes, and
// decides completion, drops and verdicts.
func Office(u *report.User) bool {
	return u != nil && (u.Role == "admin" || u.Role == "editor" && u.Unit == "")
}

// Permit says whether an account may make an update to a task, the way a
// supervision office runs: the office decides; a unit's editor reports
// progress and evidence on its own tasks, starts them, marks its nodes
// reached, and asks the office to close or drop them; a co-responsible
// unit reports progress. Every refusal says why, in Chinese.
func Permit(user *report.User, t *report.Task, u Update) error {
	switch {
	case user == nil:
		return report.Errorf(report.Unauthenticated, "请先登录再修改任务")
	case user.Role == "viewer":
		return report.Errorf(report.Forbidden, "账号 %s 只能查看", user.Name)
	case user.Role != "admin" && user.Role != "editor":
		return report.Errorf(report.Forbidden, "公众和代表账号不能修改任务：可以在任务页提问或关注")
	case Office(user):
		return nil
	}
	lead := t.State.LeadUnit != "" && t.State.LeadUnit == user.Unit
	co := slices.Contains(t.State.CoUnits, user.Unit)
	if !lead && !co {
		owner := t.State.LeadUnit
		if owner == "" {
			owner = "尚未分工"
		}
		return report.Errorf(report.Forbidden, "任务 %d 的牵头单位是 %s，%s 不能修改", t.ID, owner, user.Unit)
	}
	if u.LeadUnit != "" || u.CoUnits != "" || u.Official != "" || u.Deadline != "" || u.Verdict != "" || u.Rating != "" {
		return report.Errorf(report.Forbidden, "分工、时限、完成结论和评分由督查室决定；单位可报送进展、申请办结或申请销号")
	}
	for _, m := range u.nodes() {
		if !marksOwnNode(t, m) {
			return report.Errorf(report.Forbidden, "节点由督查室设定；单位只能把已有节点标为完成（名称@日期@done）")
		}
	}
	if (u.Status == Done || u.Status == Dropped || u.Status == NotStarted) && u.Status != t.State.Status {
		return report.Errorf(report.Forbidden, "办结、销号由督查室确认：请提交申请（request=done 或 dropped）")
	}
	if u.Request != "" && !lead {
		return report.Errorf(report.Forbidden, "只有牵头单位可以申请办结或销号")
	}
	return nil
}

// marksOwnNode tells an update that only marks an existing node reached.
func marksOwnNode(t *report.Task, milestone string) bool {
	name, _, _ := strings.Cut(milestone, "@")
	if !strings.HasSuffix(milestone, "@done") {
		return false
	}
	for _, m := range t.State.Milestones {
		if m.Name == name {
			return true
		}
	}
	return false
}
