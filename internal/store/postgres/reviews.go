package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlcommon"
)

// AddReview implements report.ReviewStore.
func (s *Store) AddReview(ctx context.Context, r *report.Review) (err error) {
	defer report.Wrap(&err, "postgres.AddReview")
	body, err := sqlcommon.PrepareReview(r, s.now())
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT report_id FROM facts WHERE id = $1`, r.FactID).Scan(&r.ReportID); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return report.Errorf(report.NotFound, "事实 %d 不存在", r.FactID)
			}
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO reviews(fact_id, report_id, action, fact, note, by, at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
			r.FactID, r.ReportID, r.Action, body, r.Note, r.By, r.At.UTC()).Scan(&r.ID)
		if isCode(err, checkViolation) {
			return report.Errorf(report.Invalid, "审核动作 %q：可选 confirm、correct、reject", r.Action)
		}
		return err
	})
}

// Reviews implements report.ReviewStore.
func (s *Store) Reviews(ctx context.Context, reportID int64) ([]report.Review, error) {
	rows, err := s.db.Query(ctx, `SELECT id, fact_id, report_id, action, fact, note, by, at FROM reviews WHERE $1 = 0 OR report_id = $1 ORDER BY id`, reportID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.Review
	for rows.Next() {
		var r report.Review
		var body *string
		if err := rows.Scan(&r.ID, &r.FactID, &r.ReportID, &r.Action, &body, &r.Note, &r.By, &r.At); err != nil {
			return nil, err
		}
		if body != nil {
			r.Fact = &report.Fact{}
			json.Unmarshal([]byte(*body), r.Fact)
		}
		r.At = r.At.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviseFacts implements report.ReviewStore.
func (s *Store) ReviseFacts(ctx context.Context, reportID int64, update []report.Fact, remove []int64, add []report.Fact) (err error) {
	defer report.Wrap(&err, "postgres.ReviseFacts(%d)", reportID)
	if err := sqlcommon.FactsToAdd(add); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var ident string
		if err := tx.QueryRow(ctx, `SELECT identity FROM reports WHERE id = $1 FOR UPDATE`, reportID).Scan(&ident); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
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
			tag, err := tx.Exec(ctx, `UPDATE facts SET source_id=$1, kind=$2, indicator=$3, canonical=$4, year=$5, section=$6, start=$7, "end"=$8, fact=$9 WHERE id=$10 AND report_id=$11`,
				f.SourceID, string(f.Kind), f.Indicator, f.Canonical, f.Year, f.Section, f.Start, f.End, string(body), fid, reportID)
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 1 {
				return report.Errorf(report.NotFound, "事实 %d 不属于报告 %d", fid, reportID)
			}
		}
		if len(remove) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM facts WHERE report_id = $1 AND id = ANY($2)`, reportID, remove); err != nil {
				return err // a reviewed fact cannot go: the review's key holds it
			}
		}
		if err := insertFacts(ctx, tx, reportID, nil, add); err != nil {
			return err
		}
		return s.insertTasks(ctx, tx, reportID, id, add)
	})
}
