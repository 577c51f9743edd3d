package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlcommon"
)

// CorrectIdentity implements report.Store.
func (s *Store) CorrectIdentity(ctx context.Context, reportID int64, id report.Identity) (err error) {
	defer report.Wrap(&err, "sqlite.CorrectIdentity(%d)", reportID)
	if id.Corrected == nil {
		return report.Errorf(report.Invalid, "更正须写明更正人")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var before string
		if err := tx.QueryRowContext(ctx, `SELECT identity FROM reports WHERE id = ?`, reportID).Scan(&before); errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.NotFound, "报告 %d 不存在", reportID)
		} else if err != nil {
			return err
		}
		var old report.Identity
		if err := json.Unmarshal([]byte(before), &old); err != nil {
			return err
		}
		after, _ := json.Marshal(id)
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET region=?, region_code=?, level=?, year=?, identity=? WHERE id=?`,
			id.Region, id.RegionCode, string(id.Level), id.Year, string(after), reportID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO identity_corrections(report_id, at, actor, before, after) VALUES (?,?,?,?,?)`,
			reportID, id.Corrected.At.UTC().Format(time.RFC3339Nano), id.Corrected.By, before, string(after)); err != nil {
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
		_, err := tx.ExecContext(ctx, `UPDATE tasks SET region=?, region_code=?, year=year+? WHERE report_id=?`, id.Region, id.RegionCode, delta, reportID)
		return err
	})
}

// shiftFactYears moves the years of a report's facts by delta, in the
// year column and in the stored fact.
func shiftFactYears(ctx context.Context, tx *sql.Tx, reportID int64, delta int) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, fact FROM facts WHERE report_id = ?`, reportID)
	if err != nil {
		return err
	}
	var docs []report.FactJSON
	for rows.Next() {
		var d report.FactJSON
		if err := rows.Scan(&d.ID, &d.JSON); err != nil {
			rows.Close()
			return err
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	facts, bodies, err := sqlcommon.ShiftedFacts(docs, delta)
	if err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE facts SET year=?, fact=? WHERE id=?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, f := range facts {
		if _, err := stmt.ExecContext(ctx, f.Year, bodies[i], f.ID); err != nil {
			return err
		}
	}
	return nil
}
