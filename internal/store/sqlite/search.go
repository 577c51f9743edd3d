package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/search"
	"github.com/baogao/baogao/internal/store/sqlcommon"
)

// indexSource writes the passages of a stored source and their tokens,
// inside the transaction that stores the source.
func (s *Store) indexSource(ctx context.Context, tx *sql.Tx, reportID int64, src *report.Source) error {
	if src.NoIndex || src.Clean == "" {
		return nil
	}
	ps := src.Passages
	if ps == nil {
		t, err := clean.DecodeOffsets(src.Clean, src.Offsets)
		if err != nil {
			return fmt.Errorf("source %d offsets: %w", src.ID, err)
		}
		ps = search.Passages(src.Clean, src.Sections, t.RawSpan)
	}
	const batch = 200
	for from := 0; from < len(ps); from += batch {
		part := ps[from:min(len(ps), from+batch)]
		var q strings.Builder
		q.WriteString(`INSERT INTO passages(report_id, source_id, start, end, raw_start, raw_end, section, heading) VALUES `)
		args := make([]any, 0, 8*len(part))
		for i, p := range part {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?,?,?)")
			args = append(args, reportID, src.ID, p.Start, p.End, p.RawStart, p.RawEnd, p.Section, p.Heading)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// PendingPassages counts the stored passages whose tokens are not yet in
// the full-text index.
func (s *Store) PendingPassages(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM passages WHERE id > (SELECT indexed_through FROM search_state)`).Scan(&n)
	return n, err
}

// FlushIndex writes the tokens of the stored passages not yet indexed
// into the full-text index, in one transaction. Ingest stores passages
// with their reports and leaves this to the first search (or a server's
// start): FTS5 writes a segment per transaction, and one a report would
// make ingest several times slower. A search flushes first, so it sees
// every stored passage; after a crash the watermark has not moved, and the
// next flush writes them.
func (s *Store) FlushIndex(ctx context.Context) error {
	s.flush.Lock()
	defer s.flush.Unlock()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var through, last int64
		if err := tx.QueryRowContext(ctx, `SELECT indexed_through, (SELECT coalesce(max(id), 0) FROM passages) FROM search_state`).Scan(&through, &last); err != nil {
			return err
		}
		if last <= through {
			return nil
		}
		// In id order: a source's passages were stored together.
		rows, err := tx.QueryContext(ctx, `SELECT id, source_id, start, end FROM passages WHERE id > ? AND id <= ? ORDER BY id`, through, last)
		if err != nil {
			return err
		}
		type span struct {
			id, source int64
			start, end int
		}
		var ps []span
		for rows.Next() {
			var p span
			if err := rows.Scan(&p.id, &p.source, &p.start, &p.end); err != nil {
				rows.Close()
				return err
			}
			ps = append(ps, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var text string
		source := int64(-1)
		const batch = 200
		for from := 0; from < len(ps); from += batch {
			part := ps[from:min(len(ps), from+batch)]
			var q strings.Builder
			q.WriteString(`INSERT INTO passage_fts(rowid, tokens) VALUES `)
			args := make([]any, 0, 2*len(part))
			for i, p := range part {
				if p.source != source {
					var err error
					if text, err = cleanOf(ctx, tx, p.source); err != nil {
						return err
					}
					source = p.source
				}
				if i > 0 {
					q.WriteByte(',')
				}
				q.WriteString("(?,?)")
				tok := ""
				if 0 <= p.start && p.start <= p.end && p.end <= len(text) {
					tok = search.Tokens(text[p.start:p.end])
				}
				args = append(args, p.id, tok)
			}
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE search_state SET indexed_through = ?`, last)
		return err
	})
}

// flushIfPending flushes when any stored passage waits for the index.
func (s *Store) flushIfPending(ctx context.Context) error {
	var waiting bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM passages WHERE id > (SELECT indexed_through FROM search_state))`).Scan(&waiting); err != nil || !waiting {
		return err
	}
	return s.FlushIndex(ctx)
}

// backfillIndex indexes the stored sources of a database made before the
// index existed: the first source of each report and every further page.
func (s *Store) backfillIndex(ctx context.Context) error {
	// Every open asks: the answer must not cost a scan of the passages.
	var indexed, stored bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM passages), EXISTS (SELECT 1 FROM sources)`).Scan(&indexed, &stored); err != nil || indexed || !stored {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, report_id, raw, CAST(clean AS BLOB), offsets, sections, packed FROM sources
		WHERE page > 0 OR id IN (SELECT min(id) FROM sources GROUP BY report_id) ORDER BY id`)
	if err != nil {
		return err
	}
	type item struct {
		reportID int64
		src      report.Source
	}
	var items []item
	for rows.Next() {
		var it item
		var secs string
		var raw, text []byte
		var packed bool
		if err := rows.Scan(&it.src.ID, &it.reportID, &raw, &text, &it.src.Offsets, &secs, &packed); err != nil {
			rows.Close()
			return err
		}
		it.src.Clean = string(text)
		if packed {
			u, err := UnpackSource(raw)
			if err != nil {
				rows.Close()
				return err
			}
			it.src.Clean, it.src.Offsets = u.Clean, u.Offsets
		}
		if err := json.Unmarshal([]byte(secs), &it.src.Sections); err != nil {
			rows.Close()
			return err
		}
		items = append(items, it)
	}
	rows.Close()
	if len(items) == 0 {
		return rows.Err()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for i := range items {
			if err := s.indexSource(ctx, tx, items[i].reportID, &items[i].src); err != nil {
				return err
			}
		}
		return nil
	})
}

// Search implements report.Store: BM25 with headings and the targets
// section weighed up, the counts of the hits by year and by region.
func (s *Store) Search(ctx context.Context, q report.SearchQuery) (res *report.SearchResult, err error) {
	defer report.Wrap(&err, "sqlite.Search")
	if strings.TrimSpace(q.Match) == "" {
		return nil, report.Errorf(report.Invalid, "检索词为空")
	}
	if err := s.flushIfPending(ctx); err != nil {
		return nil, err
	}
	filter, fargs := "", []any{}
	if q.Region != "" {
		filter += ` AND (r.region_code = ? OR r.region LIKE ? ESCAPE '\')`
		fargs = append(fargs, q.Region, sqlcommon.Contains(q.Region))
	}
	if q.Level != "" {
		filter += ` AND r.level = ?`
		fargs = append(fargs, string(q.Level))
	}
	if q.YearFrom != 0 {
		filter += ` AND r.year >= ?`
		fargs = append(fargs, q.YearFrom)
	}
	if q.YearTo != 0 {
		filter += ` AND r.year <= ?`
		fargs = append(fargs, q.YearTo)
	}
	if q.Section != "" {
		filter += ` AND p.section = ?`
		fargs = append(fargs, q.Section)
	}
	if q.Kind != "" {
		filter += ` AND EXISTS (SELECT 1 FROM facts f WHERE f.report_id = p.report_id AND f.source_id = p.source_id AND f.kind = ? AND f.start >= p.raw_start AND f.end <= p.raw_end)`
		fargs = append(fargs, string(q.Kind))
	}
	read := func(limit int) ([]report.SearchHit, bool, error) {
		inner := `SELECT rowid AS id, bm25(passage_fts) AS rank FROM passage_fts WHERE passage_fts MATCH ?`
		args := []any{q.Match}
		if limit > 0 {
			inner += ` LIMIT ?`
			args = append(args, limit+1)
		}
		hits, err := s.searchRows(ctx, `SELECT p.id, p.report_id, p.source_id, p.start, p.end, p.raw_start, p.raw_end, p.section, r.region, r.region_code, r.level, r.year,
			m.rank * CASE WHEN p.heading = 1 THEN 1.6 WHEN p.section = 'targets' THEN 1.3 ELSE 1.0 END
			FROM (`+inner+`) m JOIN passages p ON p.id = m.id JOIN reports r ON r.id = p.report_id WHERE 1=1`+filter, append(args, fargs...)...)
		if err != nil {
			return nil, false, err
		}
		capped := false
		if limit > 0 {
			var n int // the index's hits read, before the filters
			if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM passage_fts WHERE passage_fts MATCH ? LIMIT ?)`, q.Match, limit+1).Scan(&n); err != nil {
				return nil, false, searchErr(err)
			}
			capped = n > limit
		}
		return hits, capped, nil
	}
	hits, capped, err := read(sqlcommon.SearchScan)
	if err != nil {
		return nil, err
	}
	if sqlcommon.NeedAll(hits, capped, q) {
		if hits, capped, err = read(0); err != nil {
			return nil, err
		}
	}
	res = sqlcommon.Page(hits, capped, q)
	err = sqlcommon.FillHits(res, func(h report.SearchHit) ([]byte, error) {
		text, err := cleanOf(ctx, s.db, h.SourceID)
		if err != nil {
			return nil, err
		}
		if h.Start < 0 || h.Start > h.End || h.End > len(text) {
			return nil, fmt.Errorf("passage %d–%d lies outside source %d", h.Start, h.End, h.SourceID)
		}
		return []byte(text[h.Start:h.End]), nil
	}, func(id int64) ([]string, error) { return s.sourceNames(ctx, id) })
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (s *Store) searchRows(ctx context.Context, query string, args ...any) ([]report.SearchHit, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, searchErr(err)
	}
	defer rows.Close()
	var out []report.SearchHit
	for rows.Next() {
		var h report.SearchHit
		var id int64
		var level string
		if err := rows.Scan(&id, &h.ReportID, &h.SourceID, &h.Start, &h.End, &h.RawStart, &h.RawEnd, &h.Section, &h.Region, &h.RegionCode, &level, &h.Year, &h.Score); err != nil {
			return nil, err
		}
		h.Level = report.Level(level)
		out = append(out, h)
	}
	return out, searchErr(rows.Err())
}

func (s *Store) sourceNames(ctx context.Context, reportID int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT path FROM sources WHERE report_id = ? ORDER BY page, id`, reportID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, filepath.Base(p))
	}
	return out, rows.Err()
}

// searchErr turns a match expression the index refuses into a clear error.
func searchErr(err error) error {
	if err != nil && strings.Contains(err.Error(), "fts5") {
		return report.Errorf(report.Invalid, "检索式无法解析：%v", err)
	}
	return err
}
