// Package pgtest gives tests a PostgreSQL store of their own: a fresh
// schema in the database named by $BAOGAO_TEST_POSTGRES, dropped after
// the test. Without that variable the tests skip and say why; with it, a
// server that cannot be reached fails them, so CI cannot pass unproven.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/baogao/baogao/internal/store/postgres"
)

// Env names the variable that holds the test server's DSN.
const Env = "BAOGAO_TEST_POSTGRES"

// DSN returns the DSN of a new empty schema, dropped when t ends.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		t.Skip("未设置 " + Env + "（PostgreSQL 地址），跳过 PostgreSQL 测试；.ci/postgres DIR 可启动一个临时实例")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("%s=%s: 无法连接：%v", Env, base, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Error(err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a store on a new empty schema, closed and dropped when t ends.
func Open(t testing.TB) *postgres.Store {
	t.Helper()
	st, err := postgres.Open(context.Background(), DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
