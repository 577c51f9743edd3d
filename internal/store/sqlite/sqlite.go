// Package sqlite is the default Store: one SQLite file through the pure-Go
// modernc.org/sqlite driver, WAL and foreign keys on, numbered migrations
// embedded and applied on open.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/sqlcommon"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a report.Store in one SQLite file.
type Store struct {
	db    *sql.DB
	now   func() time.Time
	flush sync.Mutex // one writer of the full-text index at a time (see FlushIndex)
	prepared
}

var _ report.Store = (*Store)(nil)

// Open opens (creating if needed) the database file at path and migrates it.
func Open(ctx context.Context, path string) (*Store, error) {
	return openUpTo(ctx, path, 0)
}

// openUpTo opens a database migrated up to a version (0: the latest), so
// that a test can make a database as an earlier release left it.
func openUpTo(ctx context.Context, path string, upTo int) (*Store, error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Every transaction here writes: take the write lock at BEGIN, where
	// the busy timeout waits for it, not midway, where it cannot.
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(2 * runtime.NumCPU())
	db.SetMaxIdleConns(2 * runtime.NumCPU())
	s := &Store{db: db, now: time.Now}
	if err := s.migrate(ctx, upTo); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if err := s.backfillIndex(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("index %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.closeStatements()
	return s.db.Close()
}

func (s *Store) migrate(ctx context.Context, upTo int) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		v, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, "migrations/"), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: bad number", name)
		}
		if upTo > 0 && v > upTo {
			break
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, v).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, _ := migrations.ReadFile(name)
		if err := s.applyMigration(ctx, v, string(body)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// applyMigration runs one migration in a transaction. A migration that
// rebuilds a table says "-- foreign_keys: off" on its first line: SQLite's
// way to rebuild a table is with foreign keys off (else dropping the old
// table cascades to the rows that point at it), on a connection of its own
// since the pragma is ignored inside a transaction, and with every key
// checked before commit.
func (s *Store) applyMigration(ctx context.Context, version int, body string) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	rebuild := strings.HasPrefix(body, "-- foreign_keys: off")
	if rebuild {
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if rebuild {
		rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
		if err != nil {
			return err
		}
		broken := rows.Next()
		rows.Close()
		if broken {
			return fmt.Errorf("the rebuild leaves rows whose keys point nowhere")
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version) VALUES (?)`, version); err != nil {
		return err
	}
	return tx.Commit()
}

// inTx runs fn in a write transaction. The write lock is taken at BEGIN
// and waited for up to the busy timeout; if another writer still holds
// it, the caller is told to retry (Conflict), not that something broke.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return busy(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return busy(err)
	}
	return busy(tx.Commit())
}

// busy turns SQLite's "database is locked" into a Conflict to retry.
func busy(err error) error {
	if err != nil && (strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked")) {
		return report.Errorf(report.Conflict, "数据库正忙，请稍后重试：%v", err)
	}
	return err
}

// SourceByHash implements report.Store.
func (s *Store) SourceByHash(ctx context.Context, sha string) (*report.Source, error) {
	row := s.db.QueryRowContext(ctx, `SELECT id, report_id, path, sha256, format, encoding, page, pages, summary, added, uploader FROM sources WHERE sha256 = ?`, sha)
	src, err := scanSourceMeta(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.NotFound, "没有 SHA-256 为 %s 的文件", sha)
	}
	return src, err
}

type scanner interface{ Scan(...any) error }

func scanSourceMeta(r scanner) (*report.Source, error) {
	var src report.Source
	var sum, added string
	if err := r.Scan(&src.ID, &src.ReportID, &src.Path, &src.SHA256, &src.Format, &src.Encoding, &src.Page, &src.Pages, &sum, &added, &src.Uploader); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(sum), &src.Summary); err != nil {
		return nil, fmt.Errorf("source %d summary: %w", src.ID, err)
	}
	src.Added, _ = time.Parse(time.RFC3339Nano, added)
	return &src, nil
}

// AddReport implements report.Store.
func (s *Store) AddReport(ctx context.Context, r *report.Report, facts []report.Fact) (err error) {
	defer report.Wrap(&err, "sqlite.AddReport")
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r.Added = s.now().UTC()
		ident, _ := json.Marshal(r.Identity)
		res, err := tx.ExecContext(ctx, `INSERT INTO reports(region, region_code, level, year, identity, added) VALUES (?,?,?,?,?,?)`,
			r.Identity.Region, r.Identity.RegionCode, string(r.Identity.Level), r.Identity.Year, string(ident), r.Added.Format(time.RFC3339Nano))
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		for i := range r.Sources {
			if err := s.insertSource(ctx, tx, r.ID, r.Identity.Title, &r.Sources[i]); err != nil {
				return err
			}
		}
		if err := s.insertFacts(ctx, tx, r.ID, r.Sources, facts); err != nil {
			return err
		}
		return s.insertTasks(ctx, tx, r.ID, r.Identity, facts)
	})
}

// AddSource implements report.Store.
func (s *Store) AddSource(ctx context.Context, reportID int64, id report.Identity, src *report.Source, facts []report.Fact) (err error) {
	defer report.Wrap(&err, "sqlite.AddSource(%d)", reportID)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		ident, _ := json.Marshal(id)
		res, err := tx.ExecContext(ctx, `UPDATE reports SET region=?, region_code=?, level=?, year=?, identity=? WHERE id=?`,
			id.Region, id.RegionCode, string(id.Level), id.Year, string(ident), reportID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return report.Errorf(report.NotFound, "报告 %d 不存在", reportID)
		}
		if err := s.insertSource(ctx, tx, reportID, id.Title, src); err != nil {
			return err
		}
		if err := s.insertFacts(ctx, tx, reportID, []report.Source{*src}, facts); err != nil {
			return err
		}
		return s.insertTasks(ctx, tx, reportID, id, facts)
	})
}

func (s *Store) insertSource(ctx context.Context, tx *sql.Tx, reportID int64, title string, src *report.Source) error {
	src.ReportID = reportID
	src.Added = s.now().UTC()
	sum, _ := json.Marshal(src.Summary)
	secs, _ := json.Marshal(sqlcommon.NonNil(src.Sections))
	terms, _ := json.Marshal(sqlcommon.NonNil(src.Terms))
	packed := src.Packed
	if packed == nil {
		packed = packSource(src)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO sources(report_id, path, sha256, format, encoding, page, pages, title, raw, layer, clean, offsets, summary, minhash, added, sections, terms, uploader, packed)
		VALUES (?,?,?,?,?,?,?,?,?,NULL,'',x'',?,?,?,?,?,?,1)`,
		reportID, src.Path, src.SHA256, src.Format, src.Encoding, src.Page, src.Pages, title, packed, string(sum), sqlcommon.PackU32(src.MinHash), src.Added.Format(time.RFC3339Nano), string(secs), string(terms), src.Uploader)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return report.Errorf(report.Conflict, "文件 %s 已在库中", src.SHA256)
		}
		return err
	}
	if src.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return s.indexSource(ctx, tx, reportID, src)
}

// insertFacts stores facts, many rows a statement; a fact's SourceID may
// be the index of its source in srcs as a negative number (-1 for the
// first) before IDs exist.
func (s *Store) insertFacts(ctx context.Context, tx *sql.Tx, reportID int64, srcs []report.Source, facts []report.Fact) error {
	const batch = 64
	for from := 0; from < len(facts); from += batch {
		part := facts[from:min(len(facts), from+batch)]
		var q strings.Builder
		q.WriteString(`INSERT INTO facts(report_id, source_id, kind, indicator, canonical, year, section, start, end, fact) VALUES `)
		args := make([]any, 0, 10*len(part))
		for i := range part {
			f := &part[i]
			f.ReportID = reportID
			if f.SourceID <= 0 {
				k := int(-f.SourceID) - 1
				if k < 0 || k >= len(srcs) {
					k = 0
				}
				f.SourceID = srcs[k].ID
			}
			body, _ := json.Marshal(f)
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?,?,?,?,?)")
			args = append(args, reportID, f.SourceID, string(f.Kind), f.Indicator, f.Canonical, f.Year, f.Section, f.Start, f.End, string(body))
		}
		res, err := tx.ExecContext(ctx, q.String(), args...)
		if err != nil {
			return err
		}
		// Rows of one statement take consecutive rowids in a write
		// transaction: the last one names them all.
		last, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for i := range part {
			part[i].ID = last - int64(len(part)-1-i)
		}
	}
	return nil
}

// Report implements report.Store.
func (s *Store) Report(ctx context.Context, id int64) (*report.Report, error) {
	r, err := s.reportRow(ctx, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, report_id, path, sha256, format, encoding, page, pages, summary, added, raw, layer, CAST(clean AS BLOB), offsets, minhash, sections, terms, uploader, packed FROM sources WHERE report_id = ? ORDER BY page, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var src *report.Source
		var raw, layer, clean, offs, mh []byte
		var sum, added, secs, terms string
		var s0 report.Source
		var packed bool
		if err := rows.Scan(&s0.ID, &s0.ReportID, &s0.Path, &s0.SHA256, &s0.Format, &s0.Encoding, &s0.Page, &s0.Pages, &sum, &added, &raw, &layer, &clean, &offs, &mh, &secs, &terms, &s0.Uploader, &packed); err != nil {
			return nil, err
		}
		text := ""
		if packed {
			u, err := UnpackSource(raw)
			if err != nil {
				return nil, fmt.Errorf("source %d: %w", s0.ID, err)
			}
			raw, layer, text, offs = u.Raw, u.Layer, u.Clean, u.Offsets
		} else {
			text = string(clean)
		}
		src = &s0
		json.Unmarshal([]byte(sum), &src.Summary)
		json.Unmarshal([]byte(secs), &src.Sections)
		json.Unmarshal([]byte(terms), &src.Terms)
		src.Added, _ = time.Parse(time.RFC3339Nano, added)
		if raw == nil {
			raw = []byte{} // an empty file, not a missing one
		}
		src.Raw, src.Layer, src.Clean, src.Offsets, src.MinHash = raw, layer, text, offs, sqlcommon.UnpackU32(mh)
		r.Sources = append(r.Sources, *src)
	}
	return r, rows.Err()
}

// ReportHeader implements report.Store.
func (s *Store) ReportHeader(ctx context.Context, id int64) (*report.Report, error) {
	return s.reportRow(ctx, id)
}

func (s *Store) reportRow(ctx context.Context, id int64) (*report.Report, error) {
	var r report.Report
	var ident, added string
	err := s.queryRow(ctx, `SELECT id, identity, added FROM reports WHERE id = ?`, id).Scan(&r.ID, &ident, &added)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.NotFound, "报告 %d 不存在", id)
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(ident), &r.Identity); err != nil {
		return nil, err
	}
	r.Added, _ = time.Parse(time.RFC3339Nano, added)
	return &r, nil
}

// Reports implements report.Store.
func (s *Store) Reports(ctx context.Context, f report.ReportFilter) ([]report.Report, error) {
	q := `SELECT id, identity, added FROM reports WHERE 1=1`
	var args []any
	if sqlcommon.IsCode(f.Region) {
		q += ` AND region_code = ?`
		args = append(args, f.Region)
	} else if f.Region != "" {
		q += ` AND (region LIKE ? ESCAPE '\' OR region_code = ?)`
		args = append(args, sqlcommon.Contains(f.Region), f.Region)
	}
	if f.Level != "" {
		q += ` AND level = ?`
		args = append(args, string(f.Level))
	}
	if f.Year != 0 {
		q += ` AND year = ?`
		args = append(args, f.Year)
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit) + ` OFFSET ` + strconv.Itoa(max(f.Offset, 0))
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []report.Report
	byID := map[int64]int{}
	for rows.Next() {
		var r report.Report
		var ident, added string
		if err := rows.Scan(&r.ID, &ident, &added); err != nil {
			rows.Close()
			return nil, err
		}
		json.Unmarshal([]byte(ident), &r.Identity)
		r.Added, _ = time.Parse(time.RFC3339Nano, added)
		byID[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	// The sources of exactly these reports: a region's reports lie far
	// apart, and the range between its first and last is the whole table.
	const chunk = 500
	for from := 0; from < len(out); from += chunk {
		part := out[from:min(len(out), from+chunk)]
		ids := make([]any, len(part))
		for i, r := range part {
			ids[i] = r.ID
		}
		srows, err := s.db.QueryContext(ctx, `SELECT id, report_id, path, sha256, format, encoding, page, pages, summary, added, uploader FROM sources WHERE report_id IN (?`+strings.Repeat(",?", len(ids)-1)+`) ORDER BY report_id, page, id`, ids...)
		if err != nil {
			return nil, err
		}
		for srows.Next() {
			src, err := scanSourceMeta(srows)
			if err != nil {
				srows.Close()
				return nil, err
			}
			if i, ok := byID[src.ReportID]; ok {
				out[i].Sources = append(out[i].Sources, *src)
			}
		}
		srows.Close()
		if err := srows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Signatures implements report.Store.
func (s *Store) Signatures(ctx context.Context) ([]report.Signature, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT report_id, id, title, page, pages, minhash FROM sources ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.Signature
	for rows.Next() {
		var sg report.Signature
		var mh []byte
		if err := rows.Scan(&sg.ReportID, &sg.SourceID, &sg.Title, &sg.Page, &sg.Pages, &mh); err != nil {
			return nil, err
		}
		sg.MinHash = sqlcommon.UnpackU32(mh)
		out = append(out, sg)
	}
	return out, rows.Err()
}

// Facts implements report.Store. A region narrows to its reports first,
// so that the facts are read through the report index; an indicator that
// is a canonical id is looked up exactly; rows come in ID order, which is
// report and position order, so LIMIT needs no sort.
func (s *Store) Facts(ctx context.Context, f report.FactFilter) ([]report.Fact, error) {
	docs, err := s.FactsJSON(ctx, f)
	if err != nil {
		return nil, err
	}
	return sqlcommon.DecodeFacts(docs)
}

// FactsJSON implements report.Store: facts as stored, for answers that
// pass them on without decoding them.
func (s *Store) FactsJSON(ctx context.Context, f report.FactFilter) ([]report.FactJSON, error) {
	q := `SELECT f.id, f.fact, r.region, r.region_code FROM facts f JOIN reports r ON r.id = f.report_id WHERE 1=1`
	if f.ReportID != 0 || f.Region != "" {
		// A report or a region narrows far more than a kind or a year;
		// left to itself SQLite walks the kind index instead, for its
		// order by id, and reads half the facts.
		q = `SELECT f.id, f.fact, r.region, r.region_code FROM facts f INDEXED BY facts_report_kind JOIN reports r ON r.id = f.report_id WHERE 1=1`
	}
	var args []any
	if f.ReportID != 0 {
		q += ` AND f.report_id = ?`
		args = append(args, f.ReportID)
	}
	if sqlcommon.IsCode(f.Region) {
		q += ` AND f.report_id IN (SELECT id FROM reports WHERE region_code = ?)`
		args = append(args, f.Region)
	} else if f.Region != "" {
		q += ` AND f.report_id IN (SELECT id FROM reports WHERE region_code = ? OR region LIKE ? ESCAPE '\')`
		args = append(args, f.Region, sqlcommon.Contains(f.Region))
	}
	if f.Year != 0 {
		q += ` AND f.year = ?`
		args = append(args, f.Year)
	}
	if f.Kind != "" {
		q += ` AND f.kind = ?`
		args = append(args, string(f.Kind))
	}
	if f.Indicator != "" {
		if sqlcommon.IsCanonicalID(f.Indicator) {
			q += ` AND f.canonical = ?`
			args = append(args, f.Indicator)
		} else {
			q += ` AND f.indicator LIKE ? ESCAPE '\'`
			args = append(args, sqlcommon.Contains(f.Indicator))
		}
	}
	if f.Section != "" {
		q += ` AND f.section = ?`
		args = append(args, f.Section)
	}
	for _, w := range strings.Fields(f.Query) {
		// The stored fact holds the indicator and the verbatim quote.
		q += ` AND f.fact LIKE ? ESCAPE '\'`
		args = append(args, sqlcommon.Contains(w))
	}
	if f.AfterID > 0 {
		q += ` AND f.id > ?`
		args = append(args, f.AfterID)
	}
	q += ` ORDER BY f.id`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, max(f.Offset, 0))
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.FactJSON
	for rows.Next() {
		var d report.FactJSON
		if err := rows.Scan(&d.ID, &d.JSON, &d.Region, &d.RegionCode); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Version implements report.Store: the last fact and the last task event,
// both read from their primary keys.
func (s *Store) Version(ctx context.Context) (string, error) {
	var facts, events, corrections, sources, reviews int64
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM facts), (SELECT coalesce(max(id), 0) FROM task_events),
		(SELECT coalesce(max(id), 0) FROM identity_corrections), (SELECT coalesce(max(id), 0) FROM sources), (SELECT coalesce(max(id), 0) FROM reviews)`).Scan(&facts, &events, &corrections, &sources, &reviews)
	return fmt.Sprintf("%d:%d:%d:%d:%d", facts, events, corrections, sources, reviews), err
}

// DB is the database handle, for tools that copy the record whole
// (package migrate); the store's methods are the way to change it.
func (s *Store) DB() *sql.DB { return s.db }

// Counts implements report.Store.
func (s *Store) Counts(ctx context.Context) (report.Counts, error) {
	var c report.Counts
	err := s.db.QueryRowContext(ctx, sqlcommon.CountsQuery).Scan(sqlcommon.CountsInto(&c)...)
	return c, err
}
