package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlcommon"
)

// insertTasks makes a task of every commitment, with its first event,
// many rows a statement.
func (s *Store) insertTasks(ctx context.Context, tx *sql.Tx, reportID int64, id report.Identity, facts []report.Fact) error {
	var commitments []report.Fact
	for _, f := range facts {
		if f.Kind == report.Commitment {
			commitments = append(commitments, f)
		}
	}
	now := s.now().UTC().Format(time.RFC3339Nano)
	const batch = 100
	for from := 0; from < len(commitments); from += batch {
		part := commitments[from:min(len(commitments), from+batch)]
		var q strings.Builder
		q.WriteString(`INSERT INTO tasks(fact_id, report_id, region, region_code, year, title, quote) VALUES `)
		args := make([]any, 0, 7*len(part))
		for i, f := range part {
			year := id.PlanTo
			if f.Year != nil {
				year = *f.Year
			}
			title := f.Indicator
			if f.Action != nil {
				title = *f.Action + f.Indicator
			}
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?,?)")
			args = append(args, f.ID, reportID, id.Region, id.RegionCode, year, title, f.Quote)
		}
		res, err := tx.ExecContext(ctx, q.String(), args...)
		if err != nil {
			return err
		}
		last, err := res.LastInsertId()
		if err != nil {
			return err
		}
		// The rows took consecutive rowids; each task's first event:
		var eq strings.Builder
		eq.WriteString(`INSERT INTO task_events(task_id, seq, at, actor, kind, data) VALUES `)
		eargs := make([]any, 0, 3*len(part))
		for i := range part {
			if i > 0 {
				eq.WriteByte(',')
			}
			eq.WriteString(`(?,1,?,'baogao','created','{"from":"report"}')`)
			eargs = append(eargs, last-int64(len(part)-1-i), now)
		}
		if _, err := tx.ExecContext(ctx, eq.String(), eargs...); err != nil {
			return err
		}
	}
	return nil
}

// Tasks implements report.TaskStore.
func (s *Store) Tasks(ctx context.Context, f report.TaskFilter) ([]report.Task, error) {
	where, args := taskWhere(f)
	return s.tasks(ctx, where, args)
}

// TasksByID implements report.TaskStore.
func (s *Store) TasksByID(ctx context.Context, ids []int64) ([]report.Task, error) {
	if len(ids) == 0 {
		return []report.Task{}, nil
	}
	// The ids go as one JSON array, so that a page of any length is one
	// kept statement.
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	return s.tasks(ctx, ` WHERE t.id IN (SELECT value FROM json_each(?))`, []any{string(list)})
}

// tasks lists the tasks of a WHERE clause over tasks t, with their events.
func (s *Store) tasks(ctx context.Context, where string, args []any) ([]report.Task, error) {
	// Counted first: a task is large, and a slice of 20,000 grown by
	// appending costs a fifth of the read.
	var n int
	if err := s.queryRow(ctx, `SELECT count(*) FROM tasks t`+where, args...).Scan(&n); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT `+sqlcommon.TaskColumns+` FROM tasks t`+where+` ORDER BY t.id`, args...)
	if err != nil {
		return nil, err
	}
	tasks := make([]report.Task, 0, n)
	byID := make(map[int64]int, n)
	for rows.Next() {
		t, err := sqlcommon.ScanTask(rows.Scan)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byID[t.ID] = len(tasks)
		tasks = append(tasks, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(tasks) == 0 {
		return tasks, nil
	}
	erows, err := s.query(ctx, `SELECT e.id, e.task_id, e.seq, e.at, e.actor, e.kind, e.data FROM task_events e JOIN tasks t ON t.id = e.task_id`+where+` ORDER BY e.task_id, e.seq`, args...)
	if err != nil {
		return nil, err
	}
	defer erows.Close()
	var events []report.Event
	for erows.Next() {
		e, err := scanEvent(erows)
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	if err := erows.Err(); err != nil {
		return nil, err
	}
	sqlcommon.AttachEvents(tasks, byID, events)
	return tasks, nil
}

// taskWhere is the WHERE clause of a task filter, over tasks t.
func taskWhere(f report.TaskFilter) (string, []any) {
	var args []any
	where := sqlcommon.TaskWhere(f, func(v any) string { args = append(args, v); return "?" })
	return where, args
}

// TaskHeads implements report.TaskStore.
func (s *Store) TaskHeads(ctx context.Context, f report.TaskFilter) ([]report.TaskHead, error) {
	where, args := taskWhere(f)
	rows, err := s.query(ctx, `SELECT `+sqlcommon.TaskHeadColumns+` FROM tasks t`+where+` ORDER BY t.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return sqlcommon.TaskHeads(rows)
}

func scanEvent(r scanner) (report.Event, error) {
	var e report.Event
	var at, data string
	if err := r.Scan(&e.ID, &e.TaskID, &e.Seq, &at, &e.Actor, &e.Kind, &data); err != nil {
		return e, err
	}
	e.At, _ = time.Parse(time.RFC3339Nano, at)
	var err error
	e.Data, err = sqlcommon.DecodeEventData(data)
	return e, err
}

// Task implements report.TaskStore.
func (s *Store) Task(ctx context.Context, id int64) (*report.Task, error) {
	t, err := sqlcommon.ScanTask(s.queryRow(ctx, `SELECT `+sqlcommon.TaskColumns+` FROM tasks t WHERE t.id = ?`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.NotFound, "任务 %d 不存在", id)
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT id, task_id, seq, at, actor, kind, data FROM task_events WHERE task_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		t.Events = append(t.Events, e)
	}
	return &t, rows.Err()
}

// AppendEvents implements report.TaskStore.
func (s *Store) AppendEvents(ctx context.Context, batches []report.EventBatch) (err error) {
	defer report.Wrap(&err, "sqlite.AppendEvents")
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if len(batches) >= manyBatches {
			return appendMany(ctx, tx, batches, s.now)
		}
		w, err := newEventWriter(ctx, tx, s.now)
		if err != nil {
			return err
		}
		defer w.Close()
		for _, b := range batches {
			if err := w.append(b); err != nil {
				return err
			}
		}
		return nil
	})
}

// manyBatches is where appendMany takes over: an ingest's evidence pass
// writes tens of thousands of one-event batches, and two statements a
// batch made writing most of that pass's time.
const manyBatches = 32

// appendMany writes many batches with a few statements: their tasks' last
// events read a chunk at a time, checked as append checks them, and the
// events inserted many rows a statement.
func appendMany(ctx context.Context, tx *sql.Tx, batches []report.EventBatch, now func() time.Time) error {
	const chunk = 200
	last := map[int64]int{}
	var ids []int64
	for _, b := range batches {
		if _, ok := last[b.TaskID]; !ok {
			last[b.TaskID] = -1 // no such task, unless read below
			ids = append(ids, b.TaskID)
		}
	}
	for from := 0; from < len(ids); from += chunk {
		part := ids[from:min(len(ids), from+chunk)]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := tx.QueryContext(ctx, `SELECT task_id, max(seq) FROM task_events WHERE task_id IN (?`+strings.Repeat(",?", len(part)-1)+`) GROUP BY task_id`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var seq int
			if err := rows.Scan(&id, &seq); err != nil {
				rows.Close()
				return err
			}
			last[id] = seq
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	var q strings.Builder
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO task_events(task_id, seq, at, actor, kind, data) VALUES `+q.String(), args...)
		q.Reset()
		args = args[:0]
		return err
	}
	for _, b := range batches {
		seq := last[b.TaskID]
		if err := checkAfter(b, seq >= 0, int64(seq)); err != nil {
			return err
		}
		for _, e := range b.Events {
			at := e.At
			if at.IsZero() {
				at = now()
			}
			data, _ := json.Marshal(e.Data)
			seq++
			if len(args) > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?)")
			args = append(args, b.TaskID, seq, at.UTC().Format(time.RFC3339Nano), e.Actor, e.Kind, string(data))
			if len(args) >= 6*chunk {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		last[b.TaskID] = seq
	}
	return flush()
}

// eventWriter appends batches of events in one transaction, with its
// two statements prepared once: tens of thousands of batches follow an
// ingest's evidence pass.
type eventWriter struct {
	ctx          context.Context
	now          func() time.Time
	last, insert *sql.Stmt
}

func newEventWriter(ctx context.Context, tx *sql.Tx, now func() time.Time) (*eventWriter, error) {
	w := &eventWriter{ctx: ctx, now: now}
	var err error
	if w.last, err = tx.PrepareContext(ctx, `SELECT max(seq) FROM task_events WHERE task_id = ?`); err != nil {
		return nil, err
	}
	if w.insert, err = tx.PrepareContext(ctx, `INSERT INTO task_events(task_id, seq, at, actor, kind, data) VALUES (?,?,?,?,?,?)`); err != nil {
		w.last.Close()
		return nil, err
	}
	return w, nil
}

func (w *eventWriter) Close() {
	w.last.Close()
	w.insert.Close()
}

// checkAfter refuses a batch for a task that does not exist (it has no
// events) or whose last event is not the one the writer saw.
func checkAfter(b report.EventBatch, exists bool, last int64) error {
	if !exists {
		return report.Errorf(report.NotFound, "任务 %d 不存在", b.TaskID)
	}
	if int(last) != b.AfterSeq {
		return report.Errorf(report.Conflict, "任务 %d 已被他人修改（已有 %d 条记录，而非 %d 条）：请刷新后重试", b.TaskID, last, b.AfterSeq)
	}
	return nil
}

// append writes one batch after checking that nobody wrote first.
func (w *eventWriter) append(b report.EventBatch) error {
	var last sql.NullInt64
	if err := w.last.QueryRowContext(w.ctx, b.TaskID).Scan(&last); err != nil {
		return err
	}
	if err := checkAfter(b, last.Valid, last.Int64); err != nil {
		return err
	}
	for i, e := range b.Events {
		at := e.At
		if at.IsZero() {
			at = w.now()
		}
		data, _ := json.Marshal(e.Data)
		if _, err := w.insert.ExecContext(w.ctx, b.TaskID, b.AfterSeq+i+1, at.UTC().Format(time.RFC3339Nano), e.Actor, e.Kind, string(data)); err != nil {
			return err
		}
	}
	return nil
}

// AddTasks implements report.TaskStore.
func (s *Store) AddTasks(ctx context.Context, tasks []report.NewTask, batches []report.EventBatch) (ids []int64, err error) {
	defer report.Wrap(&err, "sqlite.AddTasks")
	if err := sqlcommon.CheckNewTasks(tasks); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		ids = ids[:0]
		w, err := newEventWriter(ctx, tx, s.now)
		if err != nil {
			return err
		}
		defer w.Close()
		for _, t := range tasks {
			res, err := tx.ExecContext(ctx, `INSERT INTO tasks(report_id, region, region_code, year, title, quote, origin_file, origin_row) VALUES (?,?,?,?,?,?,?,?)`,
				t.ReportID, t.Region, t.RegionCode, t.Year, t.Title, t.Quote, t.Origin.File, t.Origin.Row)
			if err != nil {
				return err
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			ids = append(ids, id)
			if _, err := tx.ExecContext(ctx, `INSERT INTO task_events(task_id, seq, at, actor, kind, data) VALUES (?,1,?,?,'created',?)`,
				id, s.now().UTC().Format(time.RFC3339Nano), t.Actor, sqlcommon.CreatedFromPlan(t.Origin)); err != nil {
				return err
			}
			if err := w.append(report.EventBatch{TaskID: id, AfterSeq: 1, Events: t.Events}); err != nil {
				return err
			}
		}
		for _, b := range batches {
			if err := w.append(b); err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}

// AddEvidence implements report.TaskStore.
func (s *Store) AddEvidence(ctx context.Context, name string, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])
	_, err := s.db.ExecContext(ctx, `INSERT INTO evidence(sha256, name, bytes, added) VALUES (?,?,?,?) ON CONFLICT(sha256) DO NOTHING`,
		h, name, data, s.now().UTC().Format(time.RFC3339))
	return h, err
}

// Evidence implements report.TaskStore.
func (s *Store) Evidence(ctx context.Context, sha string) (string, []byte, error) {
	var name string
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT name, bytes FROM evidence WHERE sha256 = ?`, sha).Scan(&name, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, report.Errorf(report.NotFound, "证据文件 %s 不存在", sha)
	}
	return name, data, err
}
