package report

import (
	"iter"
	"strings"
)

// DataRows reads a table kept as data (the tab-separated files under each
// package's data/): it yields each row's line number, from 1, and its
// fields, and passes over blank lines and # comments.
func DataRows(text string) iter.Seq2[int, []string] {
	return func(yield func(int, []string) bool) {
		for i, line := range strings.Split(text, "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if !yield(i+1, strings.Split(line, "\t")) {
				return
			}
		}
	}
}
