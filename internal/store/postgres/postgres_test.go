package postgres_test

import (
	"testing"

	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/store/postgres/pgtest"
	"github.com/baogao/baogao/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) report.Store { return pgtest.Open(t) })
}
