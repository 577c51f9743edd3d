// Package chart draws the project's charts as SVG on the server, with the
// look and habits of the ECharts dashboards Chinese offices use: their
// palette, tooltips, a legend that hides a series, a true time axis where
// a missing year is a gap, readable ticks, and the chart's data to
// download. Nothing is loaded from elsewhere; a small script of the
// project's own (web/static/chart.js) adds the tooltips and toggles, and
// the chart reads the same without it, also on paper.
package chart

import (
	"math"
	"strconv"
	"strings"
)

// Palette is ECharts' default series palette.
var Palette = []string{"#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc"}

// NiceStep rounds a raw tick step up to 1, 2, 2.5 or 5 times a power of
// ten, so that ticks read 0, 5, 10 and not 5.7, 11.4.
func NiceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// Ticks covers [lo, hi] with about n intervals of a nice step, as
// ECharts' splitNumber does; the first and last ticks are the axis ends.
func Ticks(lo, hi float64, n int) []float64 {
	if n < 1 {
		n = 1
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	step := NiceStep((hi - lo) / float64(n))
	first := math.Floor(lo/step+1e-9) * step
	var out []float64
	for v := first; v <= hi+step*(1-1e-9); v += step {
		out = append(out, roundTo(v, step))
		if len(out) > 50 {
			break
		}
	}
	if len(out) < 2 {
		out = append(out, roundTo(first+step, step))
	}
	return out
}

// roundTo drops the float noise a sum of steps collects (0.30000000000000004).
func roundTo(v, step float64) float64 {
	d := math.Max(0, -math.Floor(math.Log10(step))+2)
	p := math.Pow(10, d)
	return math.Round(v*p) / p
}

// Num writes a number as Chinese users read it: no trailing zeros, no
// exponent, large values in 万 and 亿 (48,710,000 → 4871万).
func Num(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e8:
		return trim(v/1e8, 2) + "亿"
	case a >= 1e5:
		return trim(v/1e4, 1) + "万"
	}
	return trim(v, 2)
}

// trim writes v with at most d decimals, dropping trailing zeros.
func trim(v float64, d int) string {
	s := strconv.FormatFloat(v, 'f', d, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// Signed writes a difference with its sign: +0.5, −1.2, 0.
func Signed(v float64) string {
	s := Num(v)
	switch {
	case s == "0":
		return s
	case v > 0:
		return "+" + s
	}
	return "−" + strings.TrimPrefix(s, "-")
}
