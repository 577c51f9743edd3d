package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"strings"
	"time"

	"github.com/baogao/baogao/internal/report"
)

// AddThread implements report.ParticipationStore.
func (s *Store) AddThread(ctx context.Context, kind string, first report.Event) (id int64, err error) {
	defer report.Wrap(&err, "sqlite.AddThread")
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		at := first.At
		if at.IsZero() {
			at = s.now()
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO threads(kind, created) VALUES (?,?)`, kind, at.UTC().Format(time.RFC3339Nano))
		if err != nil {
			if strings.Contains(err.Error(), "CHECK") {
				return report.Errorf(report.Invalid, "没有 %q 这类记录", kind)
			}
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		first.At = at
		return s.insertThreadEvents(ctx, tx, id, 0, []report.Event{first})
	})
	return id, err
}

func (s *Store) insertThreadEvents(ctx context.Context, tx *sql.Tx, id int64, after int, events []report.Event) error {
	for i, e := range events {
		at := e.At
		if at.IsZero() {
			at = s.now()
		}
		data, err := json.Marshal(e.Data)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO thread_events(thread_id, seq, at, actor, kind, data) VALUES (?,?,?,?,?,?)`,
			id, after+1+i, at.UTC().Format(time.RFC3339Nano), e.Actor, e.Kind, string(data)); err != nil {
			return err
		}
	}
	return nil
}

// AppendThread implements report.ParticipationStore.
func (s *Store) AppendThread(ctx context.Context, id int64, afterSeq int, events []report.Event) (err error) {
	defer report.Wrap(&err, "sqlite.AppendThread")
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT max(seq) FROM thread_events WHERE thread_id = ?`, id).Scan(&last); err != nil {
			return err
		}
		if !last.Valid {
			return report.Errorf(report.NotFound, "记录 %d 不存在", id)
		}
		if int(last.Int64) != afterSeq {
			return report.Errorf(report.Conflict, "记录 %d 已被他人修改：请刷新后重试", id)
		}
		return s.insertThreadEvents(ctx, tx, id, afterSeq, events)
	})
}

// Threads implements report.ParticipationStore.
func (s *Store) Threads(ctx context.Context, kind string) ([]report.Thread, error) {
	return s.threads(ctx, `t.kind = ?`, kind)
}

// Thread implements report.ParticipationStore.
func (s *Store) Thread(ctx context.Context, id int64) (*report.Thread, error) {
	ts, err := s.threads(ctx, `t.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, report.Errorf(report.NotFound, "记录 %d 不存在", id)
	}
	return &ts[0], nil
}

func (s *Store) threads(ctx context.Context, where string, arg any) ([]report.Thread, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.kind, t.created, e.id, e.seq, e.at, e.actor, e.kind, e.data
		FROM threads t JOIN thread_events e ON e.thread_id = t.id WHERE `+where+` ORDER BY t.id, e.seq`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.Thread
	for rows.Next() {
		var th report.Thread
		var e report.Event
		var created, at, data string
		if err := rows.Scan(&th.ID, &th.Kind, &created, &e.ID, &e.Seq, &at, &e.Actor, &e.Kind, &data); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != th.ID {
			th.Created, _ = time.Parse(time.RFC3339Nano, created)
			out = append(out, th)
		}
		e.TaskID = th.ID
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		if err := json.Unmarshal([]byte(data), &e.Data); err != nil {
			return nil, err
		}
		last := &out[len(out)-1]
		last.Events = append(last.Events, e)
	}
	return out, rows.Err()
}

// CastBallot implements report.ParticipationStore.
func (s *Store) CastBallot(ctx context.Context, roundID, userID int64, choices []int) (err error) {
	defer report.Wrap(&err, "sqlite.CastBallot")
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ballot_voters(round_id, user_id) VALUES (?,?)`, roundID, userID); err != nil {
			if strings.Contains(err.Error(), "UNIQUE") || strings.Contains(err.Error(), "PRIMARY KEY") {
				return report.Errorf(report.Conflict, "您已在本轮投过票，每位代表只能投一次")
			}
			return err
		}
		for _, c := range choices {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ballot_tally(round_id, candidate, votes) VALUES (?,?,1)
				ON CONFLICT(round_id, candidate) DO UPDATE SET votes = votes + 1`, roundID, c); err != nil {
				return err
			}
		}
		return nil
	})
}

// Voted implements report.ParticipationStore.
func (s *Store) Voted(ctx context.Context, roundID, userID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM ballot_voters WHERE round_id = ? AND user_id = ?`, roundID, userID).Scan(&n)
	return n > 0, err
}

// Tally implements report.ParticipationStore.
func (s *Store) Tally(ctx context.Context, roundID int64) (map[int]int, int, error) {
	var voters int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM ballot_voters WHERE round_id = ?`, roundID).Scan(&voters); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT candidate, votes FROM ballot_tally WHERE round_id = ?`, roundID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := map[int]int{}
	for rows.Next() {
		var c, v int
		if err := rows.Scan(&c, &v); err != nil {
			return nil, 0, err
		}
		out[c] = v
	}
	return out, voters, rows.Err()
}

// SetFollow implements report.ParticipationStore.
func (s *Store) SetFollow(ctx context.Context, userID, taskID int64, on bool) error {
	q := `DELETE FROM follows WHERE user_id = ? AND task_id = ?`
	if on {
		q = `INSERT INTO follows(user_id, task_id) VALUES (?,?) ON CONFLICT DO NOTHING`
	}
	_, err := s.db.ExecContext(ctx, q, userID, taskID)
	if err != nil && strings.Contains(err.Error(), "FOREIGN KEY") {
		return report.Errorf(report.NotFound, "任务 %d 不存在", taskID)
	}
	return busy(err)
}

// Follows implements report.ParticipationStore.
func (s *Store) Follows(ctx context.Context, userID int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT task_id FROM follows WHERE user_id = ? ORDER BY task_id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Followers implements report.ParticipationStore.
func (s *Store) Followers(ctx context.Context, taskID int64) ([]report.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name, u.role, u.unit FROM follows f JOIN users u ON u.id = f.user_id WHERE f.task_id = ? ORDER BY u.id`, taskID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.User
	for rows.Next() {
		var u report.User
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, &u.Unit); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// AddAudit implements report.ParticipationStore.
func (s *Store) AddAudit(ctx context.Context, e report.AuditEntry) error {
	at := e.At
	if at.IsZero() {
		at = s.now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO audit(at, actor, address, method, path, status) VALUES (?,?,?,?,?,?)`,
		at.UTC().Format(time.RFC3339Nano), e.Actor, e.Address, e.Method, e.Path, e.Status)
	return busy(err)
}

// Audit implements report.ParticipationStore.
func (s *Store) Audit(ctx context.Context, limit int) ([]report.AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, actor, address, method, path, status FROM audit ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.AuditEntry
	for rows.Next() {
		var e report.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Address, &e.Method, &e.Path, &e.Status); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, e)
	}
	return out, rows.Err()
}
