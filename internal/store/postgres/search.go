package postgres

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/search"
	"github.com/baogao/baogao/internal/store/sqlcommon"
)

// indexSource writes the passages of a stored source with their tokens,
// inside the transaction that stores the source.
func indexSource(ctx context.Context, tx pgx.Tx, reportID int64, src *report.Source) error {
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
	rows := make([][]any, 0, len(ps))
	for _, p := range ps {
		tok := ""
		if 0 <= p.Start && p.Start <= p.End && p.End <= len(src.Clean) {
			tok = search.Tokens(src.Clean[p.Start:p.End])
		}
		rows = append(rows, []any{reportID, src.ID, p.Start, p.End, p.RawStart, p.RawEnd, p.Section, p.Heading, tsvector(tok)})
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"passages"}, []string{"report_id", "source_id", "start", "end", "raw_start", "raw_end", "section", "heading", "tokens"}, pgx.CopyFromRows(rows))
	return err
}

// tsvector turns index tokens (space-separated, package search) into a
// tsvector with their positions, without PostgreSQL's own parser, which
// would cut 6.5% and Han bigrams its own way. PostgreSQL keeps positions
// up to 16383 and 256 of them a lexeme, and lexemes under 2 KB.
func tsvector(tokens string) pgtype.TSVector {
	const maxPos, maxPerLexeme, maxLexeme = 16383, 256, 2046
	at := map[string]int{}
	var lex []pgtype.TSVectorLexeme
	for i, w := range strings.Fields(tokens) {
		if len(w) > maxLexeme {
			continue
		}
		k, ok := at[w]
		if !ok {
			k = len(lex)
			at[w] = k
			lex = append(lex, pgtype.TSVectorLexeme{Word: w})
		}
		if ps := lex[k].Positions; len(ps) < maxPerLexeme {
			lex[k].Positions = append(ps, pgtype.TSVectorPosition{Position: uint16(min(i+1, maxPos))})
		}
	}
	return pgtype.TSVector{Lexemes: lex, Valid: true}
}

// tsquery translates the match expression package search writes (FTS5:
// "phrases", "x"* prefixes, AND, OR, NOT, parentheses) into tsquery.
func tsquery(match string) (string, error) {
	var b strings.Builder
	for s := strings.TrimSpace(match); s != ""; s = strings.TrimSpace(s) {
		switch {
		case s[0] == '"':
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return "", report.Errorf(report.Invalid, "检索式无法解析：引号未闭合")
			}
			words := strings.Fields(s[1 : 1+end])
			s = s[end+2:]
			prefix := strings.HasPrefix(s, "*")
			if prefix {
				s = s[1:]
			}
			if len(words) == 0 {
				return "", report.Errorf(report.Invalid, "检索式无法解析：空短语")
			}
			b.WriteByte('(')
			for i, w := range words {
				if i > 0 {
					b.WriteString(" <-> ")
				}
				b.WriteString("'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(w) + "'")
				if prefix && i == len(words)-1 {
					b.WriteString(":*")
				}
			}
			b.WriteString(") ")
		case s[0] == '(' || s[0] == ')':
			b.WriteString(s[:1] + " ")
			s = s[1:]
		case strings.HasPrefix(s, "AND "):
			b.WriteString("& ")
			s = s[4:]
		case strings.HasPrefix(s, "OR "):
			b.WriteString("| ")
			s = s[3:]
		case strings.HasPrefix(s, "NOT "):
			b.WriteString("& ! ")
			s = s[4:]
		default:
			return "", report.Errorf(report.Invalid, "检索式无法解析：%q", s)
		}
	}
	return strings.TrimSpace(b.String()), nil
}

// Search implements report.Store: passages whose tokens match, ranked by
// ts_rank with headings and the targets section weighed up as in SQLite,
// and the counts of the hits by year and by region.
func (s *Store) Search(ctx context.Context, q report.SearchQuery) (res *report.SearchResult, err error) {
	defer report.Wrap(&err, "postgres.Search")
	if strings.TrimSpace(q.Match) == "" {
		return nil, report.Errorf(report.Invalid, "检索词为空")
	}
	tq, err := tsquery(q.Match)
	if err != nil {
		return nil, err
	}
	var a args
	filter := ` AND p.tokens @@ ` + a.add(tq) + `::tsquery`
	if q.Region != "" {
		filter += ` AND (r.region_code = ` + a.add(q.Region) + ` OR r.region LIKE ` + a.add(sqlcommon.Contains(q.Region)) + `)`
	}
	if q.Level != "" {
		filter += ` AND r.level = ` + a.add(string(q.Level))
	}
	if q.YearFrom != 0 {
		filter += ` AND r.year >= ` + a.add(q.YearFrom)
	}
	if q.YearTo != 0 {
		filter += ` AND r.year <= ` + a.add(q.YearTo)
	}
	if q.Section != "" {
		filter += ` AND p.section = ` + a.add(q.Section)
	}
	if q.Kind != "" {
		filter += ` AND EXISTS (SELECT 1 FROM facts f WHERE f.report_id = p.report_id AND f.source_id = p.source_id AND f.kind = ` + a.add(string(q.Kind)) + ` AND f.start >= p.raw_start AND f."end" <= p.raw_end)`
	}
	read := func(limit int) ([]report.SearchHit, bool, error) {
		query := `SELECT p.id, p.report_id, p.source_id, p.start, p."end", p.raw_start, p.raw_end, p.section, r.region, r.region_code, r.level, r.year,
			-ts_rank(p.tokens, $1::tsquery) * CASE WHEN p.heading THEN 1.6 WHEN p.section = 'targets' THEN 1.3 ELSE 1.0 END
			FROM passages p JOIN reports r ON r.id = p.report_id WHERE true` + filter
		if limit > 0 {
			query += fmt.Sprintf(` LIMIT %d`, limit+1)
		}
		rows, err := s.db.Query(ctx, query, a...)
		if err != nil {
			return nil, false, searchErr(err)
		}
		defer rows.Close()
		var hits []report.SearchHit
		for rows.Next() {
			var h report.SearchHit
			var id int64
			var level string
			if err := rows.Scan(&id, &h.ReportID, &h.SourceID, &h.Start, &h.End, &h.RawStart, &h.RawEnd, &h.Section, &h.Region, &h.RegionCode, &level, &h.Year, &h.Score); err != nil {
				return nil, false, err
			}
			h.Level = report.Level(level)
			hits = append(hits, h)
		}
		return hits, limit > 0 && len(hits) > limit, searchErr(rows.Err())
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
		var text []byte
		err := s.db.QueryRow(ctx, `SELECT substring(convert_to(clean, 'UTF8') FROM $1 FOR $2) FROM sources WHERE id = $3`, h.Start+1, h.End-h.Start, h.SourceID).Scan(&text)
		return text, err
	}, func(id int64) ([]string, error) { return s.sourceNames(ctx, id) })
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (s *Store) sourceNames(ctx context.Context, reportID int64) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT path FROM sources WHERE report_id = $1 ORDER BY page, id`, reportID)
	if err != nil {
		return nil, err
	}
	paths, err := pgx.CollectRows(rows, pgx.RowTo[string])
	for i, p := range paths {
		paths[i] = filepath.Base(p)
	}
	return paths, err
}

// searchErr turns a match expression the server refuses into a clear error.
func searchErr(err error) error {
	if isCode(err, "42601") {
		return report.Errorf(report.Invalid, "检索式无法解析：%v", err)
	}
	return err
}
