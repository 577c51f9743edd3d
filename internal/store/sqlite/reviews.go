package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlcommon"
)

// AddReview implements report.ReviewStore.
func (s *Store) AddReview(ctx context.Context, r *report.Review) (err error) {
	defer report.Wrap(&err, "sqlite.AddReview")
	body, err := sqlcommon.PrepareReview(r, s.now())
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT report_id FROM facts WHERE id = ?`, r.FactID).Scan(&r.ReportID); err != nil {
			if err == sql.ErrNoRows {
				return report.Errorf(report.NotFound, "事实 %d 不存在", r.FactID)
			}
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO reviews(fact_id, report_id, action, fact, note, by, at) VALUES (?,?,?,?,?,?,?)`,
			r.FactID, r.ReportID, r.Action, body, r.Note, r.By, r.At.UTC().Format(time.RFC3339Nano))
		if err != nil {
			if strings.Contains(err.Error(), "CHECK") {
				return report.Errorf(report.Invalid, "审核动作 %q：可选 confirm、correct、reject", r.Action)
			}
			return err
		}
		r.ID, err = res.LastInsertId()
		return err
	})
}

// Reviews implements report.ReviewStore.
func (s *Store) Reviews(ctx context.Context, reportID int64) ([]report.Review, error) {
	q := `SELECT id, fact_id, report_id, action, fact, note, by, at FROM reviews`
	var args []any
	if reportID != 0 {
		q += ` WHERE report_id = ?`
		args = append(args, reportID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.Review
	for rows.Next() {
		var r report.Review
		var body sql.NullString
		var at string
		if err := rows.Scan(&r.ID, &r.FactID, &r.ReportID, &r.Action, &body, &r.Note, &r.By, &at); err != nil {
			return nil, err
		}
		if body.Valid {
			r.Fact = &report.Fact{}
			json.Unmarshal([]byte(body.String), r.Fact)
		}
		r.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviseFacts implements report.ReviewStore.
func (s *Store) ReviseFacts(ctx context.Context, reportID int64, update []report.Fact, remove []int64, add []report.Fact) (err error) {
	defer report.Wrap(&err, "sqlite.ReviseFacts(%d)", reportID)
	if err := sqlcommon.FactsToAdd(add); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var ident string
		if err := tx.QueryRowContext(ctx, `SELECT identity FROM reports WHERE id = ?`, reportID).Scan(&ident); err != nil {
			if err == sql.ErrNoRows {
				return report.Errorf(report.NotFound, "报告 %d 不存在", reportID)
			}
			return err
		}
		var id report.Identity
		json.Unmarshal([]byte(ident), &id)
		for _, f := range update {
			f.ReportID = reportID
			fid := f.ID
			f.ID = 0
			body, _ := json.Marshal(f)
			res, err := tx.ExecContext(ctx, `UPDATE facts SET source_id=?, kind=?, indicator=?, canonical=?, year=?, section=?, start=?, end=?, fact=? WHERE id=? AND report_id=?`,
				f.SourceID, string(f.Kind), f.Indicator, f.Canonical, f.Year, f.Section, f.Start, f.End, string(body), fid, reportID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return report.Errorf(report.NotFound, "事实 %d 不属于报告 %d", fid, reportID)
			}
		}
		for _, fid := range remove {
			if _, err := tx.ExecContext(ctx, `DELETE FROM facts WHERE id = ? AND report_id = ?`, fid, reportID); err != nil {
				return err // a reviewed fact cannot go: the review's key holds it
			}
		}
		if err := s.insertFacts(ctx, tx, reportID, nil, add); err != nil {
			return err
		}
		return s.insertTasks(ctx, tx, reportID, id, add)
	})
}
