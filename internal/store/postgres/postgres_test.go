package postgres_test

import (
	"context"
	"sync"
	"testing"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/postgres"
	"github.com/baogao/baogao/internal/store/postgres/pgtest"
	"github.com/baogao/baogao/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) report.Store { return pgtest.Open(t) })
}

// TestServersStartTogether: stores opened at once on an empty schema all
// start, and the advisory lock lets each migration run once.
func TestServersStartTogether(t *testing.T) {
	dsn := pgtest.DSN(t)
	const n = 6
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				st.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var applied, migrations int
	if err := st.Pool().QueryRow(context.Background(), `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&applied, &migrations); err != nil {
		t.Fatal(err)
	}
	if applied != migrations || applied == 0 {
		t.Errorf("%d migrations recorded, %d distinct", applied, migrations)
	}
}
