// Package postgres is the Store for a database server that several
// `baogao serve` processes share: PostgreSQL through the pure-Go
// jackc/pgx driver. Migrations are embedded and applied at open under an
// advisory lock, so that servers starting together do not race.
package postgres

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/search"
	"github.com/baogao/baogao/internal/store/sqlcommon"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a report.Store in a PostgreSQL database.
type Store struct {
	db  *pgxpool.Pool
	now func() time.Time
}

var _ report.Store = (*Store)(nil)

// IsDSN tells a PostgreSQL connection string from a SQLite file name.
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database named by dsn and migrates it.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, report.Errorf(report.Invalid, "数据库地址无法解析：%w", err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	db, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, report.Errorf(report.Invalid, "连接 %s：%w", Redact(dsn), err)
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, report.Errorf(report.Invalid, "连接 %s：%w", Redact(dsn), err)
	}
	s := &Store{db: db, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", Redact(dsn), err)
	}
	return s, nil
}

// Redact drops the password from a DSN for messages.
func Redact(dsn string) string {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return "postgres://…"
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// Close closes the connections.
func (s *Store) Close() error { s.db.Close(); return nil }

// migrate applies the embedded migrations not yet applied, one
// transaction each, holding an advisory lock for the schema meanwhile.
func (s *Store) migrate(ctx context.Context) error {
	conn, err := s.db.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	const lock = `SELECT pg_advisory_lock(hashtext('baogao.migrate.' || current_schema()))`
	if _, err := conn.Exec(ctx, lock); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext('baogao.migrate.' || current_schema()))`)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
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
		var done bool
		if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, v).Scan(&done); err != nil {
			return err
		}
		if done {
			continue
		}
		body, _ := migrations.ReadFile(name)
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations(version) VALUES ($1)`, v)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// inTx runs fn in a transaction; a serialization failure or deadlock,
// which another writer caused, becomes a Conflict to retry, not a failure.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return contention(pgx.BeginFunc(ctx, s.db, fn))
}

// contention turns the errors two writers cause each other into Conflict.
func contention(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40001", "40P01", "55P03": // serialization failure, deadlock, lock not available
			return report.Errorf(report.Conflict, "数据正被他人修改，请重试（%s）", pe.Code)
		}
	}
	return err
}

// isCode tells whether err is a PostgreSQL error with the given SQLSTATE.
func isCode(err error, code string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == code
}

const (
	uniqueViolation = "23505"
	checkViolation  = "23514"
)

// nextIDs takes n values of a table's id sequence, so that rows copied in
// bulk know their ids in order.
func nextIDs(ctx context.Context, tx pgx.Tx, table string, n int) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err == nil && len(ids) != n {
		err = fmt.Errorf("%s: %d ids for %d rows", table, len(ids), n)
	}
	return ids, err
}

// SourceByHash implements report.Store.
func (s *Store) SourceByHash(ctx context.Context, sha string) (*report.Source, error) {
	src, err := scanSourceMeta(s.db.QueryRow(ctx, `SELECT `+sourceMeta+` FROM sources WHERE sha256 = $1`, sha))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, report.Errorf(report.NotFound, "没有 SHA-256 为 %s 的文件", sha)
	}
	return src, err
}

const sourceMeta = `id, report_id, path, sha256, format, encoding, page, pages, summary, added, uploader`

func scanSourceMeta(r pgx.Row) (*report.Source, error) {
	var src report.Source
	var sum string
	if err := r.Scan(&src.ID, &src.ReportID, &src.Path, &src.SHA256, &src.Format, &src.Encoding, &src.Page, &src.Pages, &sum, &src.Added, &src.Uploader); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(sum), &src.Summary); err != nil {
		return nil, fmt.Errorf("source %d summary: %w", src.ID, err)
	}
	src.Added = src.Added.UTC()
	return &src, nil
}

// AddReport implements report.Store.
func (s *Store) AddReport(ctx context.Context, r *report.Report, facts []report.Fact) (err error) {
	defer report.Wrap(&err, "postgres.AddReport")
	return s.inTx(ctx, func(tx pgx.Tx) error {
		r.Added = s.now().UTC()
		ident, _ := json.Marshal(r.Identity)
		if err := tx.QueryRow(ctx, `INSERT INTO reports(region, region_code, level, year, identity, added) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
			r.Identity.Region, r.Identity.RegionCode, string(r.Identity.Level), r.Identity.Year, string(ident), r.Added).Scan(&r.ID); err != nil {
			return err
		}
		for i := range r.Sources {
			if err := s.insertSource(ctx, tx, r.ID, r.Identity.Title, &r.Sources[i]); err != nil {
				return err
			}
		}
		if err := insertFacts(ctx, tx, r.ID, r.Sources, facts); err != nil {
			return err
		}
		return s.insertTasks(ctx, tx, r.ID, r.Identity, facts)
	})
}

// AddSource implements report.Store.
func (s *Store) AddSource(ctx context.Context, reportID int64, id report.Identity, src *report.Source, facts []report.Fact) (err error) {
	defer report.Wrap(&err, "postgres.AddSource(%d)", reportID)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		ident, _ := json.Marshal(id)
		tag, err := tx.Exec(ctx, `UPDATE reports SET region=$1, region_code=$2, level=$3, year=$4, identity=$5 WHERE id=$6`,
			id.Region, id.RegionCode, string(id.Level), id.Year, string(ident), reportID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return report.Errorf(report.NotFound, "报告 %d 不存在", reportID)
		}
		if err := s.insertSource(ctx, tx, reportID, id.Title, src); err != nil {
			return err
		}
		if err := insertFacts(ctx, tx, reportID, []report.Source{*src}, facts); err != nil {
			return err
		}
		return s.insertTasks(ctx, tx, reportID, id, facts)
	})
}

func (s *Store) insertSource(ctx context.Context, tx pgx.Tx, reportID int64, title string, src *report.Source) error {
	src.ReportID = reportID
	src.Added = s.now().UTC()
	sum, _ := json.Marshal(src.Summary)
	secs, _ := json.Marshal(sqlcommon.NonNil(src.Sections))
	terms, _ := json.Marshal(sqlcommon.NonNil(src.Terms))
	// ON CONFLICT, not the unique violation: a copy already stored is
	// told apart from a failure without aborting the statement's error path.
	err := tx.QueryRow(ctx, `INSERT INTO sources(report_id, path, sha256, format, encoding, page, pages, title, raw, layer, clean, offsets, summary, minhash, added, sections, terms, uploader)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) ON CONFLICT (sha256) DO NOTHING RETURNING id`,
		reportID, src.Path, src.SHA256, src.Format, src.Encoding, src.Page, src.Pages, title, sqlcommon.NonNil(src.Raw), src.Layer, src.Clean, sqlcommon.NonNil(src.Offsets), string(sum),
		sqlcommon.PackU32(src.MinHash), src.Added, string(secs), string(terms), src.Uploader).Scan(&src.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return report.Errorf(report.Conflict, "文件 %s 已在库中", src.SHA256)
	}
	if err != nil {
		return err
	}
	return indexSource(ctx, tx, reportID, src)
}

// insertFacts stores facts by COPY; a fact's SourceID may be the index of
// its source in srcs as a negative number (-1 for the first) before IDs
// exist.
func insertFacts(ctx context.Context, tx pgx.Tx, reportID int64, srcs []report.Source, facts []report.Fact) error {
	if len(facts) == 0 {
		return nil
	}
	ids, err := nextIDs(ctx, tx, "facts", len(facts))
	if err != nil {
		return err
	}
	rows := make([][]any, len(facts))
	for i := range facts {
		f := &facts[i]
		f.ReportID = reportID
		if f.SourceID <= 0 {
			k := int(-f.SourceID) - 1
			if k < 0 || k >= len(srcs) {
				k = 0
			}
			f.SourceID = srcs[k].ID
		}
		body, _ := json.Marshal(f) // without its id, which the row holds
		f.ID = ids[i]
		rows[i] = []any{f.ID, reportID, f.SourceID, string(f.Kind), f.Indicator, f.Canonical, f.Year, f.Section, f.Start, f.End, string(body)}
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"facts"}, []string{"id", "report_id", "source_id", "kind", "indicator", "canonical", "year", "section", "start", "end", "fact"}, pgx.CopyFromRows(rows))
	return err
}

// Report implements report.Store.
func (s *Store) Report(ctx context.Context, id int64) (*report.Report, error) {
	r, err := s.reportRow(ctx, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+sourceMeta+`, raw, layer, clean, offsets, minhash, sections, terms FROM sources WHERE report_id = $1 ORDER BY page, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var src report.Source
		var mh []byte
		var sum, secs, terms string
		if err := rows.Scan(&src.ID, &src.ReportID, &src.Path, &src.SHA256, &src.Format, &src.Encoding, &src.Page, &src.Pages, &sum, &src.Added, &src.Uploader,
			&src.Raw, &src.Layer, &src.Clean, &src.Offsets, &mh, &secs, &terms); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(sum), &src.Summary)
		json.Unmarshal([]byte(secs), &src.Sections)
		json.Unmarshal([]byte(terms), &src.Terms)
		src.Added, src.MinHash = src.Added.UTC(), sqlcommon.UnpackU32(mh)
		if src.Raw == nil {
			src.Raw = []byte{}
		}
		r.Sources = append(r.Sources, src)
	}
	return r, rows.Err()
}

// ReportHeader implements report.Store.
func (s *Store) ReportHeader(ctx context.Context, id int64) (*report.Report, error) {
	return s.reportRow(ctx, id)
}

func (s *Store) reportRow(ctx context.Context, id int64) (*report.Report, error) {
	var r report.Report
	var ident string
	err := s.db.QueryRow(ctx, `SELECT id, identity, added FROM reports WHERE id = $1`, id).Scan(&r.ID, &ident, &r.Added)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, report.Errorf(report.NotFound, "报告 %d 不存在", id)
	}
	if err != nil {
		return nil, err
	}
	r.Added = r.Added.UTC()
	return &r, json.Unmarshal([]byte(ident), &r.Identity)
}

// args numbers the parameters of a query as it is built.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// Reports implements report.Store.
func (s *Store) Reports(ctx context.Context, f report.ReportFilter) ([]report.Report, error) {
	q := `SELECT id, identity, added FROM reports WHERE true`
	var a args
	if sqlcommon.IsCode(f.Region) {
		q += ` AND region_code = ` + a.add(f.Region)
	} else if f.Region != "" {
		q += ` AND (region LIKE ` + a.add(sqlcommon.Contains(f.Region)) + ` OR region_code = ` + a.add(f.Region) + `)`
	}
	if f.Level != "" {
		q += ` AND level = ` + a.add(string(f.Level))
	}
	if f.Year != 0 {
		q += ` AND year = ` + a.add(f.Year)
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ` + a.add(f.Limit) + ` OFFSET ` + a.add(max(f.Offset, 0))
	}
	rows, err := s.db.Query(ctx, q, a...)
	if err != nil {
		return nil, err
	}
	out := []report.Report{}
	byID := map[int64]int{}
	for rows.Next() {
		var r report.Report
		var ident string
		if err := rows.Scan(&r.ID, &ident, &r.Added); err != nil {
			rows.Close()
			return nil, err
		}
		json.Unmarshal([]byte(ident), &r.Identity)
		r.Added = r.Added.UTC()
		byID[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// The sources of exactly these reports: a region's reports lie far
	// apart, and the range between its first and last is the whole table.
	ids := make([]int64, len(out))
	for i, r := range out {
		ids[i] = r.ID
	}
	srows, err := s.db.Query(ctx, `SELECT `+sourceMeta+` FROM sources WHERE report_id = ANY($1) ORDER BY report_id, page, id`, ids)
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		src, err := scanSourceMeta(srows)
		if err != nil {
			return nil, err
		}
		if i, ok := byID[src.ReportID]; ok {
			out[i].Sources = append(out[i].Sources, *src)
		}
	}
	return out, srows.Err()
}

// Signatures implements report.Store.
func (s *Store) Signatures(ctx context.Context) ([]report.Signature, error) {
	rows, err := s.db.Query(ctx, `SELECT report_id, id, title, page, pages, minhash FROM sources ORDER BY id`)
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

// Facts implements report.Store.
func (s *Store) Facts(ctx context.Context, f report.FactFilter) ([]report.Fact, error) {
	docs, err := s.FactsJSON(ctx, f)
	if err != nil {
		return nil, err
	}
	return sqlcommon.DecodeFacts(docs)
}

// FactsJSON implements report.Store.
func (s *Store) FactsJSON(ctx context.Context, f report.FactFilter) ([]report.FactJSON, error) {
	q := `SELECT f.id, f.fact, r.region, r.region_code FROM facts f JOIN reports r ON r.id = f.report_id WHERE true`
	var a args
	if f.ReportID != 0 {
		q += ` AND f.report_id = ` + a.add(f.ReportID)
	}
	if sqlcommon.IsCode(f.Region) {
		q += ` AND r.region_code = ` + a.add(f.Region)
	} else if f.Region != "" {
		q += ` AND (r.region_code = ` + a.add(f.Region) + ` OR r.region LIKE ` + a.add(sqlcommon.Contains(f.Region)) + `)`
	}
	if f.Year != 0 {
		q += ` AND f.year = ` + a.add(f.Year)
	}
	if f.Kind != "" {
		q += ` AND f.kind = ` + a.add(string(f.Kind))
	}
	if f.Indicator != "" {
		if sqlcommon.IsCanonicalID(f.Indicator) {
			q += ` AND f.canonical = ` + a.add(f.Indicator)
		} else {
			q += ` AND f.indicator LIKE ` + a.add(sqlcommon.Contains(f.Indicator))
		}
	}
	if f.Section != "" {
		q += ` AND f.section = ` + a.add(f.Section)
	}
	for _, w := range strings.Fields(f.Query) {
		// The stored fact holds the indicator and the verbatim quote.
		q += ` AND f.fact LIKE ` + a.add(sqlcommon.Contains(w))
	}
	if f.AfterID > 0 {
		q += ` AND f.id > ` + a.add(f.AfterID)
	}
	q += ` ORDER BY f.id`
	if f.Limit > 0 {
		q += ` LIMIT ` + a.add(f.Limit) + ` OFFSET ` + a.add(max(f.Offset, 0))
	}
	rows, err := s.db.Query(ctx, q, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.FactJSON
	for rows.Next() {
		var d report.FactJSON
		var body string
		if err := rows.Scan(&d.ID, &body, &d.Region, &d.RegionCode); err != nil {
			return nil, err
		}
		d.JSON = []byte(body)
		out = append(out, d)
	}
	return out, rows.Err()
}

// Version implements report.Store: the last fact, task event, correction
// and source, each read from its primary key.
func (s *Store) Version(ctx context.Context) (string, error) {
	var facts, events, corrections, sources, reviews int64
	err := s.db.QueryRow(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM facts), (SELECT coalesce(max(id), 0) FROM task_events),
		(SELECT coalesce(max(id), 0) FROM identity_corrections), (SELECT coalesce(max(id), 0) FROM sources), (SELECT coalesce(max(id), 0) FROM reviews)`).Scan(&facts, &events, &corrections, &sources, &reviews)
	return fmt.Sprintf("%d:%d:%d:%d:%d", facts, events, corrections, sources, reviews), err
}

// Pool is the connection pool, for tools that copy a record in whole
// (package migrate); the store's methods are the way to change it.
func (s *Store) Pool() *pgxpool.Pool { return s.db }

// Tokens is the tsvector a passage's text is indexed by, for tools that
// write passages themselves.
func Tokens(text string) pgtype.TSVector { return tsvector(search.Tokens(text)) }

// Counts implements report.Store.
func (s *Store) Counts(ctx context.Context) (report.Counts, error) {
	var c report.Counts
	err := s.db.QueryRow(ctx, sqlcommon.CountsQuery).Scan(sqlcommon.CountsInto(&c)...)
	return c, err
}
