// Package store opens the backend a database address names: a
// postgres:// DSN is a PostgreSQL server, anything else a SQLite file.
package store

import (
	"context"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/postgres"
	"github.com/baogao/baogao/internal/store/sqlite"
)

// Open opens and migrates the store at addr.
func Open(ctx context.Context, addr string) (report.Store, error) {
	if postgres.IsDSN(addr) {
		return postgres.Open(ctx, addr)
	}
	return sqlite.Open(ctx, addr)
}

// Describe names addr for messages, without a password.
func Describe(addr string) string {
	if postgres.IsDSN(addr) {
		return postgres.Redact(addr)
	}
	return addr
}
