package track

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/baogao/baogao/internal/report"
)

// bigrams returns the distinct pairs of adjacent letters and digits of s
// (other characters skipped), each pair packed in a uint64, in order.
func bigrams(s string) []uint64 {
	var out []uint64
	prev := rune(-1)
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		if prev >= 0 {
			out = append(out, uint64(prev)<<32|uint64(r))
		}
		prev = r
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Similarity is the Dice coefficient of the character bigrams of a and b:
// 1 for the same text, near 0 for unrelated texts.
func Similarity(a, b string) float64 {
	x, y := bigrams(a), bigrams(b)
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i] == y[j]:
			common++
			i++
			j++
		case x[i] < y[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(common) / float64(len(x)+len(y))
}

// MatchThreshold is the similarity from which a row's task text names a
// stored commitment.
const MatchThreshold = 0.45

// BestMatch returns the index of the task whose commitment text is most
// like text, and the similarity; -1 when none reaches the threshold.
func BestMatch(text string, tasks []report.Task) (int, float64) {
	best, bestSim := -1, 0.0
	for i, t := range tasks {
		s := max(Similarity(text, t.Title), Similarity(text, t.Quote))
		if s > bestSim {
			best, bestSim = i, s
		}
	}
	if bestSim < MatchThreshold {
		return -1, bestSim
	}
	return best, bestSim
}

// Suggest proposes, for a task, the achieved fact of a later report that
// answers it: same region, the task's year, a like indicator; and a verdict
// from comparing the numbers (建成23个示范小区 answers 建成23个示范居民小区).
func Suggest(t report.Task, commitment report.Fact, achieved []report.Fact) *report.Suggestion {
	return newMatcher(achieved).suggest(t, commitment)
}

// matcher finds achieved facts by the character bigrams of their
// indicators, through an inverted index, so that many tasks can be matched
// against many facts.
type matcher struct {
	facts []report.Fact
	sizes []int // each fact's number of bigrams
	index map[uint64][]int
	// Scratch for one suggest: bigrams shared with each fact, and the
	// facts that share any.
	shared  []int
	touched []int
}

func newMatcher(achieved []report.Fact) *matcher {
	m := &matcher{facts: achieved, sizes: make([]int, len(achieved)), index: map[uint64][]int{}, shared: make([]int, len(achieved))}
	for i, a := range achieved {
		gs := bigrams(a.Indicator)
		m.sizes[i] = len(gs)
		for _, g := range gs {
			m.index[g] = append(m.index[g], i)
		}
	}
	return m
}

func (m *matcher) suggest(t report.Task, commitment report.Fact) *report.Suggestion {
	want := bigrams(commitment.Indicator)
	if len(want) == 0 {
		return nil
	}
	m.touched = m.touched[:0]
	for _, g := range want {
		for _, i := range m.index[g] {
			if m.shared[i] == 0 {
				m.touched = append(m.touched, i)
			}
			m.shared[i]++
		}
	}
	defer func() {
		for _, i := range m.touched {
			m.shared[i] = 0
		}
	}()
	best, bestSim := -1, 0.0
	for _, i := range m.touched {
		n := m.shared[i]
		a := &m.facts[i]
		if a.Year == nil || *a.Year != t.Year || (a.RegionCode != t.RegionCode && a.Region != t.Region) || a.ReportID == t.ReportID {
			continue
		}
		s := 2 * float64(n) / float64(len(want)+m.sizes[i])
		if commitment.Action != nil && strings.Contains(a.Quote, *commitment.Action) {
			s += 0.1
		}
		if s > bestSim || s == bestSim && i < best {
			best, bestSim = i, s
		}
	}
	if best < 0 || bestSim < 0.5 {
		return nil
	}
	a := &m.facts[best]
	sg := &report.Suggestion{FactID: a.ID, Quote: a.Quote, Verdict: NotComparable}
	if commitment.Value != nil && a.Value != nil {
		cm, cb := scale(commitment.Unit)
		am, ab := scale(a.Unit)
		if cb == ab {
			got, want := *a.Value*am, *commitment.Value*cm
			switch {
			case got > want:
				sg.Verdict = Exceeded
			case got == want:
				sg.Verdict = Met
			default:
				sg.Verdict = Missed
			}
		}
	}
	return sg
}

var (
	reISODate  = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$`)
	reZhDate   = regexp.MustCompile(`^(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?(底|末|前|上旬|中旬|下旬|以前|之前)?(?:前|之前|以前)?$`)
	reZhPeriod = regexp.MustCompile(`^(?:(\d{4})年)?(上半年|下半年|年底|年末|年内|全年|一季度|二季度|三季度|四季度|第一季度|第二季度|第三季度|第四季度)(?:前|底|末)?$`)
)

// ParseDeadline reads a deadline as supervision tables write it —
// 2020年12月底, 2020年6月, 6月30日, 年底前, 2020年上半年, 2020-06-30,
// 长期坚持 — and returns it as 2006-01-02 (the last day of the period), or
// "" for an open-ended task. year fills in a missing year.
func ParseDeadline(s string, year int) (string, error) {
	s = strings.TrimSpace(strings.NewReplacer(" ", "", "　", "").Replace(s))
	switch s {
	case "", "长期", "长期坚持", "持续推进", "常态化", "持续":
		return "", nil
	}
	last := func(y, m int) string {
		return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	atoi := func(x string, def int) int {
		if x == "" {
			return def
		}
		v, _ := strconv.Atoi(x)
		return v
	}
	if m := reISODate.FindStringSubmatch(s); m != nil {
		y, mo := atoi(m[1], 0), atoi(m[2], 0)
		if mo < 1 || mo > 12 {
			return "", report.Errorf(report.Invalid, "没有 %d 月", mo)
		}
		if m[3] == "" {
			return last(y, mo), nil
		}
		d := atoi(m[3], 0)
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			return "", report.Errorf(report.Invalid, "%d 月没有 %d 日", mo, d)
		}
		return t.Format("2006-01-02"), nil
	}
	if m := reZhPeriod.FindStringSubmatch(s); m != nil {
		y := atoi(m[1], year)
		if y == 0 {
			return "", report.Errorf(report.Invalid, "没写年份")
		}
		switch m[2] {
		case "上半年":
			return last(y, 6), nil
		case "一季度", "第一季度":
			return last(y, 3), nil
		case "二季度", "第二季度":
			return last(y, 6), nil
		case "三季度", "第三季度":
			return last(y, 9), nil
		}
		return last(y, 12), nil
	}
	if m := reZhDate.FindStringSubmatch(s); m != nil && (m[1] != "" || m[2] != "") {
		y := atoi(m[1], year)
		if y == 0 {
			return "", report.Errorf(report.Invalid, "没写年份")
		}
		mo := atoi(m[2], 12)
		if mo < 1 || mo > 12 {
			return "", report.Errorf(report.Invalid, "没有 %d 月", mo)
		}
		if m[3] != "" {
			d := atoi(m[3], 0)
			t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
			if t.Day() != d {
				return "", report.Errorf(report.Invalid, "%d 月没有 %d 日", mo, d)
			}
			return t.Format("2006-01-02"), nil
		}
		switch m[4] {
		case "上旬":
			return fmt.Sprintf("%d-%02d-10", y, mo), nil
		case "中旬":
			return fmt.Sprintf("%d-%02d-20", y, mo), nil
		}
		return last(y, mo), nil
	}
	return "", report.Errorf(report.Invalid, "%q 不是日期", s)
}

// DateZH writes a date as Chinese readers do: 2020年6月30日.
func DateZH(d string) string {
	t, err := parseDay(d)
	if err != nil {
		return d
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}
