package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// maxPrepared bounds the statements kept: a read's text is made of its
// filter's clauses, not its values, so a few hundred cover every filter;
// past them a read is prepared each time as before.
const maxPrepared = 512

// prepared keeps the statements of the reads made again and again. Each
// read of database/sql prepares its text anew, and preparing cost as much
// as running the small reads an import's evidence pass and a board's page
// make by the thousand.
type prepared struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// query runs a read through its kept statement.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := s.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.db.QueryContext(ctx, q, args...)
}

// queryRow is query for one row.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := s.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.db.QueryRowContext(ctx, q, args...)
}

// stmt is the kept statement of a text, prepared on first use; nil when
// the cache is full or the text does not prepare (the plain read then
// reports why).
func (s *Store) stmt(ctx context.Context, q string) *sql.Stmt {
	p := &s.prepared
	p.mu.Lock()
	st, ok := p.stmts[q]
	full := len(p.stmts) >= maxPrepared
	p.mu.Unlock()
	if ok || full {
		return st
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if old, ok := p.stmts[q]; ok { // prepared meanwhile by another read
		st.Close()
		return old
	}
	if p.stmts == nil {
		p.stmts = map[string]*sql.Stmt{}
	}
	p.stmts[q] = st
	return st
}

// closeStatements closes the kept statements.
func (s *Store) closeStatements() {
	p := &s.prepared
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, st := range p.stmts {
		st.Close()
	}
	p.stmts = nil
}
