package serve

import (
	"errors"
	"net/http"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

func trimNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func asMaxBytes(err error, target **http.MaxBytesError) bool { return errors.As(err, target) }
