package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlcommon"
)

// CorrectIdentity implements report.Store.
func (s *Store) CorrectIdentity(ctx context.Context, reportID int64, id report.Identity) (err error) {
	defer report.Wrap(&err, "postgres.CorrectIdentity(%d)", reportID)
	if id.Corrected == nil {
		return report.Errorf(report.Invalid, "更正须写明更正人")
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var before string
		err := tx.QueryRow(ctx, `SELECT identity FROM reports WHERE id = $1 FOR UPDATE`, reportID).Scan(&before)
		if errors.Is(err, pgx.ErrNoRows) {
			return report.Errorf(report.NotFound, "报告 %d 不存在", reportID)
		}
		if err != nil {
			return err
		}
		var old report.Identity
		if err := json.Unmarshal([]byte(before), &old); err != nil {
			return err
		}
		after, _ := json.Marshal(id)
		if _, err := tx.Exec(ctx, `UPDATE reports SET region=$1, region_code=$2, level=$3, year=$4, identity=$5 WHERE id=$6`,
			id.Region, id.RegionCode, string(id.Level), id.Year, string(after), reportID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO identity_corrections(report_id, at, actor, before, after) VALUES ($1,$2,$3,$4,$5)`,
			reportID, id.Corrected.At.UTC(), id.Corrected.By, before, string(after)); err != nil {
			return err
		}
		delta := 0
		if old.Year != 0 && id.Year != 0 {
			delta = id.Year - old.Year
		}
		if delta != 0 {
			if err := shiftFactYears(ctx, tx, reportID, delta); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE tasks SET region=$1, region_code=$2, year=year+$3 WHERE report_id=$4`, id.Region, id.RegionCode, delta, reportID)
		return err
	})
}

// shiftFactYears moves the years of a report's facts by delta, in the
// year column and in the stored fact.
func shiftFactYears(ctx context.Context, tx pgx.Tx, reportID int64, delta int) error {
	rows, err := tx.Query(ctx, `SELECT id, fact FROM facts WHERE report_id = $1`, reportID)
	if err != nil {
		return err
	}
	docs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (report.FactJSON, error) {
		var d report.FactJSON
		var body string
		err := r.Scan(&d.ID, &body)
		d.JSON = []byte(body)
		return d, err
	})
	if err != nil {
		return err
	}
	facts, bodies, err := sqlcommon.ShiftedFacts(docs, delta)
	if err != nil {
		return err
	}
	var b pgx.Batch
	for i, f := range facts {
		b.Queue(`UPDATE facts SET year=$1, fact=$2 WHERE id=$3`, f.Year, bodies[i], f.ID)
	}
	return tx.SendBatch(ctx, &b).Close()
}
