package serve

import "strconv"

func itoa(n int) string { return strconv.Itoa(n) }

func trimNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
