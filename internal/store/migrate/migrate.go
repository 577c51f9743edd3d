// Package migrate copies a SQLite record into an empty PostgreSQL
// database whole: reports with their raw bytes, facts, tasks and their
// events, accounts, evidence files, corrections, reviews, the search passages,
// what citizens and deputies did and the audit record,
// ids kept. It runs in one transaction and reads every table back before
// committing: counts and a digest of every row must match, and every raw
// file and evidence file must still hash to its name.
package migrate

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/postgres"
	"github.com/baogao/baogao/internal/store/sqlite"
)

// colType is how a column is read from SQLite and written to PostgreSQL.
type colType int

const (
	integer       colType = iota // INTEGER NOT NULL
	nullInteger                  // INTEGER
	text                         // TEXT NOT NULL
	nullText                     // TEXT
	blob                         // BLOB NOT NULL
	nullBlob                     // BLOB
	timestamp                    // RFC 3339 TEXT → TIMESTAMPTZ
	nullTimestamp                // the same, or NULL
	boolean                      // 0/1 → BOOLEAN
)

type column struct {
	name string
	typ  colType
}

type table struct {
	name  string
	key   string // the order rows are copied and compared in
	cols  []column
	seq   bool // has an id sequence to move past the copied ids
	bytes int  // rows are sent in batches of about this many bytes
	// packed are columns SQLite keeps compressed where the row's packed
	// flag is set; PostgreSQL gets them as they were written.
	// packed: SQLite may keep raw, layer, clean and offsets as one
	// compressed frame (the row's packed flag); PostgreSQL gets them as
	// they were written.
	packed bool
}

func cols(spec string) []column {
	types := map[string]colType{"i": integer, "i?": nullInteger, "t": text, "t?": nullText, "b": blob, "b?": nullBlob, "ts": timestamp, "ts?": nullTimestamp, "bool": boolean}
	var out []column
	for _, f := range strings.Fields(spec) {
		name, typ, _ := strings.Cut(f, ":")
		out = append(out, column{name, types[typ]})
	}
	return out
}

// tables in an order foreign keys accept.
var tables = []table{
	{name: "reports", key: "id", seq: true, cols: cols("id:i region:t region_code:t level:t year:i identity:t added:ts")},
	{name: "sources", key: "id", seq: true, bytes: 32 << 20, packed: true, cols: cols("id:i report_id:i path:t sha256:t format:t encoding:t page:i pages:i title:t raw:b layer:b? clean:t offsets:b summary:t minhash:b added:ts sections:t terms:t uploader:t")},
	{name: "facts", key: "id", seq: true, cols: cols(`id:i report_id:i source_id:i kind:t indicator:t canonical:t? year:i? section:t? start:i end:i fact:t`)},
	{name: "evidence", key: "sha256", bytes: 32 << 20, cols: cols("sha256:t name:t bytes:b added:ts")},
	{name: "tasks", key: "id", seq: true, cols: cols("id:i fact_id:i? report_id:i region:t region_code:t year:i title:t quote:t origin_file:t? origin_row:i?")},
	{name: "task_events", key: "id", seq: true, cols: cols("id:i task_id:i seq:i at:ts actor:t kind:t data:t")},
	{name: "users", key: "id", seq: true, cols: cols("id:i name:t role:t unit:t password:t created:ts")},
	{name: "sessions", key: "token", cols: cols("token:t user_id:i csrf:t expires:ts")},
	{name: "api_tokens", key: "token", cols: cols("token:t user_id:i name:t created:ts expires:ts? revoked:ts?")},
	{name: "identity_corrections", key: "id", seq: true, cols: cols("id:i report_id:i at:ts actor:t before:t after:t")},
	{name: "reviews", key: "id", seq: true, cols: cols("id:i fact_id:i report_id:i action:t fact:t? note:t by:t at:ts")},
	{name: "passages", key: "id", seq: true, cols: cols("id:i report_id:i source_id:i start:i end:i raw_start:i raw_end:i section:t heading:bool")},
	{name: "threads", key: "id", seq: true, cols: cols("id:i kind:t created:ts")},
	{name: "thread_events", key: "id", seq: true, cols: cols("id:i thread_id:i seq:i at:ts actor:t kind:t data:t")},
	{name: "ballot_voters", key: "round_id, user_id", cols: cols("round_id:i user_id:i")},
	{name: "ballot_tally", key: "round_id, candidate", cols: cols("round_id:i candidate:i votes:i")},
	{name: "follows", key: "user_id, task_id", cols: cols("user_id:i task_id:i")},
	{name: "audit", key: "id", seq: true, cols: cols("id:i at:ts actor:t address:t method:t path:t status:i")},
}

// Count is one table's rows on both sides.
type Count struct {
	Table  string `json:"table"`
	Rows   int    `json:"rows"`
	Copied int    `json:"copied"`
	Digest string `json:"sha256"` // of the rows as read from SQLite, equal to the one read back
}

// Result is what a copy did and checked.
type Result struct {
	Tables       []Count `json:"tables"`
	RawChecked   int     `json:"raw_files_checked"`      // sources whose raw bytes hash to their sha256
	FilesChecked int     `json:"evidence_files_checked"` // evidence files that hash to their name
}

// Copy copies the SQLite record at from into the empty PostgreSQL
// database at to. Nothing is committed unless every check passes.
func Copy(ctx context.Context, from, to string, progress func(table string, rows int)) (*Result, error) {
	src, err := sqlite.Open(ctx, from)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, to)
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	var res Result
	err = pgx.BeginFunc(ctx, dst.Pool(), func(tx pgx.Tx) error {
		for _, t := range []string{"reports", "users", "evidence"} {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return report.Errorf(report.Conflict, "目标数据库不是空的（%s 已有 %d 行）：只能迁入一个新建的数据库", t, n)
			}
		}
		for _, t := range tables {
			c, err := copyTable(ctx, src.DB(), tx, t, progress)
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			res.Tables = append(res.Tables, *c)
			if t.seq {
				if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) FROM `+t.name, t.name); err != nil {
					return err
				}
			}
		}
		var err error
		if res.RawChecked, err = checkHashes(ctx, tx, `SELECT sha256, raw FROM sources`); err != nil {
			return err
		}
		res.FilesChecked, err = checkHashes(ctx, tx, `SELECT sha256, bytes FROM evidence`)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// copyTable copies one table in key order and reads it back: the copy
// stands only if count and digest match.
func copyTable(ctx context.Context, db *sql.DB, tx pgx.Tx, t table, progress func(string, int)) (*Count, error) {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = `"` + c.name + `"`
	}
	list := strings.Join(names, ", ")
	selected := list
	if t.packed {
		selected += ", packed"
	}
	rows, err := db.QueryContext(ctx, `SELECT `+selected+` FROM `+t.name+` ORDER BY `+t.key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	copyCols := make([]string, len(t.cols))
	for i, c := range t.cols {
		copyCols[i] = c.name
	}
	var tokens tokenizer
	if t.name == "passages" {
		copyCols = append(copyCols, "tokens")
		tokens = tokenizer{db: db}
	}
	limit := t.bytes
	if limit == 0 {
		limit = 8 << 20
	}
	sum := sha256.New()
	c := &Count{Table: t.name}
	var batch [][]any
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		n, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, copyCols, pgx.CopyFromRows(batch))
		c.Copied += int(n)
		batch, size = batch[:0], 0
		if progress != nil {
			progress(t.name, c.Copied)
		}
		return err
	}
	for rows.Next() {
		vals, err := scanSQLite(rows, t)
		if err != nil {
			return nil, err
		}
		digestRow(sum, vals)
		c.Rows++
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				size += len(b)
			} else if s, ok := v.(string); ok {
				size += len(s)
			}
		}
		if t.name == "passages" {
			tok, err := tokens.of(ctx, vals)
			if err != nil {
				return nil, err
			}
			vals = append(vals, tok)
		}
		batch = append(batch, vals)
		if size >= limit || len(batch) >= 5000 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
		return nil, err
	}
	c.Digest = hex.EncodeToString(sum.Sum(nil))
	back, n, err := digestPostgres(ctx, tx, t, list)
	if err != nil {
		return nil, err
	}
	if n != c.Rows || back != c.Digest {
		return nil, report.Errorf(report.Internal, "核对失败：SQLite %d 行（%s），PostgreSQL 读回 %d 行（%s）", c.Rows, c.Digest[:12], n, back[:12])
	}
	return c, nil
}

// scanSQLite reads a row into the values PostgreSQL takes: int64,
// *int64, string, *string, []byte, time.Time, bool.
func scanSQLite(rows *sql.Rows, t table) ([]any, error) {
	cs := t.cols
	dest := make([]any, len(cs), len(cs)+1)
	for i, c := range cs {
		switch c.typ {
		case integer, boolean:
			dest[i] = new(int64)
		case nullInteger:
			dest[i] = new(sql.NullInt64)
		case text, timestamp:
			dest[i] = new(string)
		case nullText, nullTimestamp:
			dest[i] = new(sql.NullString)
		case blob, nullBlob:
			dest[i] = new([]byte)
		}
	}
	var packed bool
	if t.packed {
		dest = append(dest, &packed)
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, err
	}
	if packed {
		if err := unpack(t, dest); err != nil {
			return nil, err
		}
	}
	out := make([]any, len(cs))
	for i, c := range cs {
		switch c.typ {
		case integer:
			out[i] = *dest[i].(*int64)
		case boolean:
			out[i] = *dest[i].(*int64) != 0
		case nullInteger:
			if v := dest[i].(*sql.NullInt64); v.Valid {
				out[i] = &v.Int64
			} else {
				out[i] = (*int64)(nil)
			}
		case text:
			out[i] = *dest[i].(*string)
		case nullText:
			if v := dest[i].(*sql.NullString); v.Valid {
				out[i] = &v.String
			} else {
				out[i] = (*string)(nil)
			}
		case blob:
			b := *dest[i].(*[]byte)
			if b == nil {
				b = []byte{} // an empty blob, not NULL
			}
			out[i] = b
		case nullBlob:
			out[i] = *dest[i].(*[]byte)
		case timestamp, nullTimestamp:
			text := ""
			if c.typ == timestamp {
				text = *dest[i].(*string)
			} else if v := dest[i].(*sql.NullString); v.Valid {
				text = v.String
			} else {
				out[i] = (*time.Time)(nil)
				continue
			}
			at, err := time.Parse(time.RFC3339Nano, text)
			if err != nil {
				return nil, fmt.Errorf("column %s: %w", c.name, err)
			}
			at = at.UTC().Truncate(time.Microsecond) // PostgreSQL keeps microseconds
			if c.typ == timestamp {
				out[i] = at
			} else {
				out[i] = &at
			}
		}
	}
	return out, nil
}

// unpack gives a packed row's raw, layer, clean and offsets columns as
// they were written.
func unpack(t table, dest []any) error {
	col := map[string]int{}
	for i, c := range t.cols {
		col[c.name] = i
	}
	u, err := sqlite.UnpackSource(*dest[col["raw"]].(*[]byte))
	if err != nil {
		return fmt.Errorf("%s: %w", t.name, err)
	}
	*dest[col["raw"]].(*[]byte) = u.Raw
	*dest[col["layer"]].(*[]byte) = u.Layer
	*dest[col["clean"]].(*string) = u.Clean
	*dest[col["offsets"]].(*[]byte) = u.Offsets
	return nil
}

// digestPostgres reads a copied table back in key order and digests it
// as digestRow did the SQLite rows.
func digestPostgres(ctx context.Context, tx pgx.Tx, t table, list string) (string, int, error) {
	rows, err := tx.Query(ctx, `SELECT `+list+` FROM `+t.name+` ORDER BY `+t.key)
	if err != nil {
		return "", 0, err
	}
	defer rows.Close()
	sum := sha256.New()
	n := 0
	for rows.Next() {
		dest := make([]any, len(t.cols))
		for i, c := range t.cols {
			switch c.typ {
			case integer:
				dest[i] = new(int64)
			case nullInteger:
				dest[i] = new(*int64)
			case text:
				dest[i] = new(string)
			case nullText:
				dest[i] = new(*string)
			case blob, nullBlob:
				dest[i] = new([]byte)
			case timestamp:
				dest[i] = new(time.Time)
			case nullTimestamp:
				dest[i] = new(*time.Time)
			case boolean:
				dest[i] = new(bool)
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return "", 0, err
		}
		vals := make([]any, len(dest))
		for i, d := range dest {
			switch d := d.(type) {
			case *int64:
				vals[i] = *d
			case **int64:
				vals[i] = *d
			case *string:
				vals[i] = *d
			case **string:
				vals[i] = *d
			case *[]byte:
				vals[i] = *d
			case *time.Time:
				vals[i] = d.UTC()
			case **time.Time:
				if *d != nil {
					t := (*d).UTC()
					vals[i] = &t
				} else {
					vals[i] = (*time.Time)(nil)
				}
			case *bool:
				vals[i] = *d
			}
		}
		digestRow(sum, vals)
		n++
	}
	return hex.EncodeToString(sum.Sum(nil)), n, rows.Err()
}

// digestRow adds a row to h, each value tagged with its type and length
// so that no two rows encode alike.
func digestRow(h hash.Hash, vals []any) {
	var buf [8]byte
	put := func(tag byte, b []byte) {
		h.Write([]byte{tag})
		binary.LittleEndian.PutUint64(buf[:], uint64(len(b)))
		h.Write(buf[:])
		h.Write(b)
	}
	for _, v := range vals {
		switch v := v.(type) {
		case int64:
			put('i', []byte(strconv.FormatInt(v, 10)))
		case *int64:
			if v == nil {
				put('n', nil)
			} else {
				put('i', []byte(strconv.FormatInt(*v, 10)))
			}
		case string:
			put('t', []byte(v))
		case *string:
			if v == nil {
				put('n', nil)
			} else {
				put('t', []byte(*v))
			}
		case []byte:
			put('b', v) // drivers differ on an empty blob: nil or not
		case time.Time:
			put('d', []byte(v.Format(time.RFC3339Nano)))
		case *time.Time:
			if v == nil {
				put('n', nil)
			} else {
				put('d', []byte(v.Format(time.RFC3339Nano)))
			}
		case bool:
			put('?', []byte(strconv.FormatBool(v)))
		}
	}
	h.Write([]byte{'\n'})
}

// tokenizer computes a passage's index tokens from its source's cleaned
// text, which it reads once per source.
type tokenizer struct {
	db     *sql.DB
	source int64
	clean  string
}

func (k *tokenizer) of(ctx context.Context, vals []any) (any, error) {
	source, start, end := vals[2].(int64), int(vals[3].(int64)), int(vals[4].(int64))
	if source != k.source {
		var raw []byte
		var packed bool
		if err := k.db.QueryRowContext(ctx, `SELECT raw, clean, packed FROM sources WHERE id = ?`, source).Scan(&raw, &k.clean, &packed); err != nil {
			return nil, err
		}
		if packed {
			u, err := sqlite.UnpackSource(raw)
			if err != nil {
				return nil, err
			}
			k.clean = u.Clean
		}
		k.source = source
	}
	if start < 0 || start > end || end > len(k.clean) {
		return postgres.Tokens(""), nil
	}
	return postgres.Tokens(k.clean[start:end]), nil
}

// checkHashes counts the rows whose bytes hash to the name they are kept
// under, and fails on the first that does not.
func checkHashes(ctx context.Context, tx pgx.Tx, query string) (int, error) {
	rows, err := tx.Query(ctx, query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name string
		var b []byte
		if err := rows.Scan(&name, &b); err != nil {
			return n, err
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != name {
			return n, report.Errorf(report.Internal, "%s：读回的字节与其 SHA-256 不符", name)
		}
		n++
	}
	return n, rows.Err()
}
