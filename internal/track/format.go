package track

import "strconv"

func strconvF(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
