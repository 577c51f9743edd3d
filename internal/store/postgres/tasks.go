package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlcommon"
)

// insertTasks makes a task of every commitment, with its first event.
func (s *Store) insertTasks(ctx context.Context, tx pgx.Tx, reportID int64, id report.Identity, facts []report.Fact) error {
	var commitments []report.Fact
	for _, f := range facts {
		if f.Kind == report.Commitment {
			commitments = append(commitments, f)
		}
	}
	if len(commitments) == 0 {
		return nil
	}
	ids, err := nextIDs(ctx, tx, "tasks", len(commitments))
	if err != nil {
		return err
	}
	now := s.now().UTC()
	tasks := make([][]any, len(commitments))
	events := make([][]any, len(commitments))
	for i, f := range commitments {
		year := id.PlanTo
		if f.Year != nil {
			year = *f.Year
		}
		title := f.Indicator
		if f.Action != nil {
			title = *f.Action + f.Indicator
		}
		tasks[i] = []any{ids[i], f.ID, reportID, id.Region, id.RegionCode, year, title, f.Quote}
		events[i] = []any{ids[i], 1, now, "baogao", "created", `{"from":"report"}`}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"tasks"}, []string{"id", "fact_id", "report_id", "region", "region_code", "year", "title", "quote"}, pgx.CopyFromRows(tasks)); err != nil {
		return err
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"task_events"}, []string{"task_id", "seq", "at", "actor", "kind", "data"}, pgx.CopyFromRows(events))
	return err
}

// taskWhere is the WHERE clause of a task filter, over tasks t.
func taskWhere(f report.TaskFilter) (string, args) {
	var a args
	where := sqlcommon.TaskWhere(f, a.add)
	return where, a
}

// TaskHeads implements report.TaskStore.
func (s *Store) TaskHeads(ctx context.Context, f report.TaskFilter) ([]report.TaskHead, error) {
	where, a := taskWhere(f)
	rows, err := s.db.Query(ctx, `SELECT `+sqlcommon.TaskHeadColumns+` FROM tasks t`+where+` ORDER BY t.id`, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return sqlcommon.TaskHeads(rows)
}

// Tasks implements report.TaskStore.
func (s *Store) Tasks(ctx context.Context, f report.TaskFilter) ([]report.Task, error) {
	where, a := taskWhere(f)
	return s.tasks(ctx, where, a)
}

// TasksByID implements report.TaskStore.
func (s *Store) TasksByID(ctx context.Context, ids []int64) ([]report.Task, error) {
	if len(ids) == 0 {
		return []report.Task{}, nil
	}
	return s.tasks(ctx, ` WHERE t.id = ANY($1)`, []any{ids})
}

// tasks lists the tasks of a WHERE clause over tasks t, with their events.
func (s *Store) tasks(ctx context.Context, where string, a []any) ([]report.Task, error) {
	// One snapshot for both reads, so that events match their tasks.
	var tasks []report.Task
	err := pgx.BeginTxFunc(ctx, s.db, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+sqlcommon.TaskColumns+` FROM tasks t`+where+` ORDER BY t.id`, a...)
		if err != nil {
			return err
		}
		byID := map[int64]int{}
		for rows.Next() {
			t, err := sqlcommon.ScanTask(rows.Scan)
			if err != nil {
				rows.Close()
				return err
			}
			byID[t.ID] = len(tasks)
			tasks = append(tasks, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(tasks) == 0 {
			return err
		}
		erows, err := tx.Query(ctx, `SELECT e.id, e.task_id, e.seq, e.at, e.actor, e.kind, e.data FROM task_events e JOIN tasks t ON t.id = e.task_id`+where+` ORDER BY e.task_id, e.seq`, a...)
		if err != nil {
			return err
		}
		defer erows.Close()
		var events []report.Event
		for erows.Next() {
			e, err := scanEvent(erows)
			if err != nil {
				return err
			}
			events = append(events, e)
		}
		if err := erows.Err(); err != nil {
			return err
		}
		sqlcommon.AttachEvents(tasks, byID, events)
		return nil
	})
	if tasks == nil {
		tasks = []report.Task{}
	}
	return tasks, err
}

func scanEvent(r pgx.Row) (report.Event, error) {
	var e report.Event
	var data string
	if err := r.Scan(&e.ID, &e.TaskID, &e.Seq, &e.At, &e.Actor, &e.Kind, &data); err != nil {
		return e, err
	}
	e.At = e.At.UTC()
	var err error
	e.Data, err = sqlcommon.DecodeEventData(data)
	return e, err
}

// Task implements report.TaskStore.
func (s *Store) Task(ctx context.Context, id int64) (*report.Task, error) {
	var t report.Task
	err := pgx.BeginTxFunc(ctx, s.db, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		t, err = sqlcommon.ScanTask(tx.QueryRow(ctx, `SELECT `+sqlcommon.TaskColumns+` FROM tasks t WHERE t.id = $1`, id).Scan)
		if errors.Is(err, pgx.ErrNoRows) {
			return report.Errorf(report.NotFound, "任务 %d 不存在", id)
		}
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, task_id, seq, at, actor, kind, data FROM task_events WHERE task_id = $1 ORDER BY seq`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				return err
			}
			t.Events = append(t.Events, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// AppendEvents implements report.TaskStore. Each task's row is locked
// first, so that of two writers who saw the same last event one wins and
// the other is told to retry; the unique (task_id, seq) holds even so.
func (s *Store) AppendEvents(ctx context.Context, batches []report.EventBatch) (err error) {
	defer report.Wrap(&err, "postgres.AppendEvents")
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		for _, b := range batches {
			if err := s.appendEvents(ctx, tx, b); err != nil {
				return err
			}
		}
		return nil
	})
	if isCode(err, uniqueViolation) {
		return report.Errorf(report.Conflict, "任务已被他人修改：请刷新后重试")
	}
	return err
}

// appendEvents writes one batch after checking, with the task's row
// locked, that nobody wrote first.
func (s *Store) appendEvents(ctx context.Context, tx pgx.Tx, b report.EventBatch) error {
	var last *int
	err := tx.QueryRow(ctx, `SELECT (SELECT max(seq) FROM task_events WHERE task_id = t.id) FROM tasks t WHERE t.id = $1 FOR UPDATE`, b.TaskID).Scan(&last)
	if errors.Is(err, pgx.ErrNoRows) {
		return report.Errorf(report.NotFound, "任务 %d 不存在", b.TaskID)
	}
	if err != nil {
		return err
	}
	if last == nil || *last != b.AfterSeq {
		seen := 0
		if last != nil {
			seen = *last
		}
		return report.Errorf(report.Conflict, "任务 %d 已被他人修改（已有 %d 条记录，而非 %d 条）：请刷新后重试", b.TaskID, seen, b.AfterSeq)
	}
	for i, e := range b.Events {
		at := e.At
		if at.IsZero() {
			at = s.now()
		}
		data, _ := json.Marshal(e.Data)
		if _, err := tx.Exec(ctx, `INSERT INTO task_events(task_id, seq, at, actor, kind, data) VALUES ($1,$2,$3,$4,$5,$6)`,
			b.TaskID, b.AfterSeq+i+1, at.UTC(), e.Actor, e.Kind, string(data)); err != nil {
			return err
		}
	}
	return nil
}

// AddTasks implements report.TaskStore.
func (s *Store) AddTasks(ctx context.Context, tasks []report.NewTask, batches []report.EventBatch) (ids []int64, err error) {
	defer report.Wrap(&err, "postgres.AddTasks")
	if err := sqlcommon.CheckNewTasks(tasks); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		ids = ids[:0]
		for _, t := range tasks {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO tasks(report_id, region, region_code, year, title, quote, origin_file, origin_row) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
				t.ReportID, t.Region, t.RegionCode, t.Year, t.Title, t.Quote, t.Origin.File, t.Origin.Row).Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			if _, err := tx.Exec(ctx, `INSERT INTO task_events(task_id, seq, at, actor, kind, data) VALUES ($1,1,$2,$3,'created',$4)`,
				id, s.now().UTC(), t.Actor, sqlcommon.CreatedFromPlan(t.Origin)); err != nil {
				return err
			}
			if err := s.appendEvents(ctx, tx, report.EventBatch{TaskID: id, AfterSeq: 1, Events: t.Events}); err != nil {
				return err
			}
		}
		for _, b := range batches {
			if err := s.appendEvents(ctx, tx, b); err != nil {
				return err
			}
		}
		return nil
	})
	if isCode(err, uniqueViolation) {
		return nil, report.Errorf(report.Conflict, "任务已被他人修改：请刷新后重试")
	}
	return ids, err
}

// AddEvidence implements report.TaskStore.
func (s *Store) AddEvidence(ctx context.Context, name string, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])
	_, err := s.db.Exec(ctx, `INSERT INTO evidence(sha256, name, bytes, added) VALUES ($1,$2,$3,$4) ON CONFLICT (sha256) DO NOTHING`,
		h, name, data, s.now().UTC())
	return h, err
}

// Evidence implements report.TaskStore.
func (s *Store) Evidence(ctx context.Context, sha string) (string, []byte, error) {
	var name string
	var data []byte
	err := s.db.QueryRow(ctx, `SELECT name, bytes FROM evidence WHERE sha256 = $1`, sha).Scan(&name, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, report.Errorf(report.NotFound, "证据文件 %s 不存在", sha)
	}
	return name, data, err
}
