package track

import (
	_ "embed"

	"github.com/baogao/baogao/internal/report"
)

//go:embed data/miss_reasons.tsv
var missReasonsTSV string

// MissReason is a coded reason a task was missed.
type MissReason struct{ Code, Name, Example string }

// MissReasons are the codes of data/miss_reasons.tsv.
func MissReasons() []MissReason {
	var out []MissReason
	for _, f := range report.DataRows(missReasonsTSV) {
		out = append(out, MissReason{f[0], f[1], f[2]})
	}
	return out
}

// missReasonName names a code, or "" when it is none.
func missReasonName(code string) string {
	for _, r := range MissReasons() {
		if r.Code == code {
			return r.Name
		}
	}
	return ""
}
