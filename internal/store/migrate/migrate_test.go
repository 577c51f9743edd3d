package migrate_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/pipeline"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/migrate"
	"github.com/baogao/baogao/internal/store/postgres"
	"github.com/baogao/baogao/internal/store/postgres/pgtest"
	"github.com/baogao/baogao/internal/store/sqlite"
)

// TestCopy fills a SQLite record with the seeds and everything people add
// (accounts, task events, evidence, a correction), copies it, and reads
// the copy through the PostgreSQL store: the same reports byte for byte,
// facts, tasks with their events, accounts, files and search hits.
func TestCopy(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	path := filepath.Join(t.TempDir(), "from.db")
	src, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	stats := pipeline.Run(ctx, src, []string{"../../../../shared/seeds"}, pipeline.Options{}, nil, func(p string, err error) { t.Errorf("%s: %v", p, err) })
	if stats.New < 5 {
		t.Fatalf("%d reports", stats.New)
	}
	u := report.User{Name: "督查室", Role: "admin", Password: "$argon2id$x"}
	if err := src.AddUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	src.AddToken(ctx, "tokenhash", u.ID, "脚本", time.Now().Add(time.Hour))
	src.AddSession(ctx, "sessionhash", report.Session{User: u, CSRF: "c", Expires: time.Now().Add(time.Hour)})
	sha, err := src.AddEvidence(ctx, "验收照片.jpg", []byte("\xff\xd8 佐证"))
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := src.Tasks(ctx, report.TaskFilter{})
	if err != nil || len(tasks) == 0 {
		t.Fatalf("%v %d", err, len(tasks))
	}
	if err := src.AppendEvents(ctx, []report.EventBatch{{TaskID: tasks[0].ID, AfterSeq: 1, Events: []report.Event{
		{Actor: "督查室", Kind: "progress", Data: map[string]string{"text": "已完成主体工程", "file": sha}}}}}); err != nil {
		t.Fatal(err)
	}
	// What the public did: a citizen's question with its answer, a round
	// with a ballot, a follow, the audit record.
	citizen := report.User{Name: "13800000000", Role: "citizen", Password: "$argon2id$x"}
	src.AddUser(ctx, &citizen)
	qid, err := src.AddThread(ctx, report.ThreadQuestion, report.Event{Actor: citizen.Name, Kind: "ask", Data: map[string]string{"text": "何时开工？"}})
	if err != nil {
		t.Fatal(err)
	}
	src.AppendThread(ctx, qid, 1, []report.Event{{Actor: "督查室", Kind: "answer", Data: map[string]string{"text": "6月"}}})
	round, _ := src.AddThread(ctx, report.ThreadRound, report.Event{Actor: "督查室", Kind: "open"})
	if err := src.CastBallot(ctx, round, citizen.ID, []int{2}); err != nil {
		t.Fatal(err)
	}
	src.SetFollow(ctx, citizen.ID, tasks[0].ID, true)
	src.AddAudit(ctx, report.AuditEntry{Actor: citizen.Name, Address: "10.0.0.1", Method: "POST", Path: "/api/v1/questions", Status: 201})
	rs, _ := src.Reports(ctx, report.ReportFilter{})
	id := rs[1].Identity
	id.Year++
	id.Corrected = &report.Correction{By: "督查室", At: time.Now()}
	if err := src.CorrectIdentity(ctx, rs[1].ID, id); err != nil {
		t.Fatal(err)
	}
	src.Close()

	res, err := migrate.Copy(ctx, path, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.RawChecked != stats.New || res.FilesChecked != 1 {
		t.Errorf("hashes checked: %d raw files, %d evidence files", res.RawChecked, res.FilesChecked)
	}
	for _, c := range res.Tables {
		if c.Rows != c.Copied {
			t.Errorf("%s: %d rows, %d copied", c.Table, c.Rows, c.Copied)
		}
	}

	src, _ = sqlite.Open(ctx, path)
	defer src.Close()
	dst, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	same := func(what string, a, b any) {
		t.Helper()
		if diff := cmp.Diff(a, b, cmpopts.EquateApproxTime(time.Microsecond), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s differs (-sqlite +postgres):\n%.2000s", what, diff)
		}
	}
	for _, r := range rs {
		a, _ := src.Report(ctx, r.ID)
		b, err := dst.Report(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		same("report", a, b)
	}
	fa, _ := src.Facts(ctx, report.FactFilter{})
	fb, _ := dst.Facts(ctx, report.FactFilter{})
	same("facts", fa, fb)
	ta, _ := src.Tasks(ctx, report.TaskFilter{})
	tb, _ := dst.Tasks(ctx, report.TaskFilter{})
	same("tasks", ta, tb)
	if got, err := dst.UserByToken(ctx, "tokenhash"); err != nil || got.Name != "督查室" {
		t.Errorf("token: %v %v", got, err)
	}
	if s, err := dst.SessionByToken(ctx, "sessionhash"); err != nil || s.User.Name != "督查室" {
		t.Errorf("session: %v %v", s, err)
	}
	if name, b, err := dst.Evidence(ctx, sha); err != nil || name != "验收照片.jpg" || string(b) != "\xff\xd8 佐证" {
		t.Errorf("evidence: %q %q %v", name, b, err)
	}
	for _, k := range []string{report.ThreadQuestion, report.ThreadRound} {
		a, _ := src.Threads(ctx, k)
		b, _ := dst.Threads(ctx, k)
		same(k+" threads", a, b)
	}
	if tally, voters, err := dst.Tally(ctx, round); err != nil || voters != 1 || tally[2] != 1 {
		t.Errorf("tally: %v %d %v", tally, voters, err)
	}
	if fs, _ := dst.Follows(ctx, citizen.ID); len(fs) != 1 {
		t.Errorf("follows: %v", fs)
	}
	if log, _ := dst.Audit(ctx, 10); len(log) != 1 || log[0].Path != "/api/v1/questions" {
		t.Errorf("audit: %+v", log)
	}
	va, _ := src.Version(ctx)
	vb, _ := dst.Version(ctx)
	if va != vb {
		t.Errorf("version %s, copied %s", va, vb)
	}
	q := report.SearchQuery{Match: `"养老"`, Limit: 5}
	sa, err := src.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := dst.Search(ctx, q)
	if err != nil || sb.Total != sa.Total || sa.Total == 0 {
		t.Errorf("search 养老: %d hits in SQLite, %v %+v in PostgreSQL", sa.Total, err, sb)
	}

	// The ids go on after the copied ones, and a second copy is refused.
	r := &report.Report{Identity: report.Identity{Region: "新区", Year: 2030}, Sources: []report.Source{{Path: "n.txt", SHA256: "new", Raw: []byte("x"), Clean: "x", Offsets: clean.EncodeOffsets(clean.Identity("x"))}}}
	if err := dst.AddReport(ctx, r, nil); err != nil || r.ID <= rs[len(rs)-1].ID {
		t.Errorf("a report after the copy: id %d, %v", r.ID, err)
	}
	if _, err := migrate.Copy(ctx, path, dsn, nil); report.KindOf(err) != report.Conflict {
		t.Errorf("a copy into a database that has data: %v", err)
	}
}
