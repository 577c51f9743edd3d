// Package review orders the stored facts by doubt, for people to confirm,
// correct or reject before they go into a dataset: facts made by rules
// known to be weak or read outside any section, facts two copies of a
// report state differently,
// targets no later report answers, indicators outside the lexicon.
package review

import (
	"bufio"
	"context"
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/extract"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/track"
)

// Item is a fact in the queue, with why it is there and its context.
type Item struct {
	Fact    report.Fact `json:"fact"`
	Doubt   float64     `json:"doubt"`
	Reasons []string    `json:"reasons"`
	Before  string      `json:"before"` // the words before the quote in the file
	After   string      `json:"after"`
}

//go:embed data/doubts.tsv
var doubtsTSV string

type doubt struct {
	cue    string
	weight float64
	why    string
}

// doubts are the weak rules of data/doubts.tsv.
var doubts = func() []doubt {
	var out []doubt
	sc := bufio.NewScanner(strings.NewReader(doubtsTSV))
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		w, err := strconv.ParseFloat(f[1], 64)
		if len(f) != 3 || err != nil {
			panic("doubts.tsv: " + l)
		}
		out = append(out, doubt{f[0], w, f[2]})
	}
	return out
}()

// Queue lists the unreviewed facts of the reports the filter keeps, most
// doubtful first, at most limit (0: all) with a doubt above zero.
func Queue(ctx context.Context, st report.Store, f report.ReportFilter, limit int) ([]Item, error) {
	rs, err := st.Reports(ctx, f)
	if err != nil {
		return nil, err
	}
	higher := extract.Directions()
	achievedOf := map[string][]report.Fact{}
	var items []Item
	for _, r := range rs {
		facts, err := st.Facts(ctx, report.FactFilter{ReportID: r.ID})
		if err != nil {
			return nil, err
		}
		reviews, err := st.Reviews(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		reviewed := report.Latest(reviews)
		// Copies of one report that state one figure differently.
		stated := map[string]map[string]bool{}
		key := func(x report.Fact) string {
			c := x.Indicator
			if x.Canonical != nil {
				c = *x.Canonical
			}
			y := ""
			if x.Year != nil {
				y = strconv.Itoa(*x.Year)
			}
			return string(x.Kind) + "|" + c + "|" + y
		}
		for _, x := range facts {
			k := key(x)
			if stated[k] == nil {
				stated[k] = map[string]bool{}
			}
			stated[k][strconv.FormatInt(x.SourceID, 10)+"|"+x.NumbersZH()] = true
		}
		var targets []report.Fact
		for _, x := range facts {
			if x.Kind == report.Target {
				targets = append(targets, x)
			}
		}
		unanswered := map[int64]bool{}
		if len(targets) > 0 && r.Identity.RegionCode != "" {
			achieved, ok := achievedOf[r.Identity.RegionCode] // a region's reports share them
			if !ok {
				if achieved, err = st.Facts(ctx, report.FactFilter{Region: r.Identity.RegionCode, Kind: report.Achieved}); err != nil {
					return nil, err
				}
				achievedOf[r.Identity.RegionCode] = achieved
			}
			for i, res := range track.Pair(targets, achieved) {
				if res == nil && track.Judge(targets[i], nil, track.Direction(targets[i].Canonical, higher)).Verdict == track.NoResult {
					unanswered[targets[i].ID] = true
				}
			}
		}
		var rep *report.Report
		for _, x := range facts {
			if _, ok := reviewed[x.ID]; ok {
				continue
			}
			it := Item{Fact: x}
			for _, d := range doubts {
				if strings.Contains(x.Rule, d.cue) {
					it.Doubt += d.weight
					it.Reasons = append(it.Reasons, d.why)
				}
			}
			if x.Section == nil {
				it.Doubt += 2
				it.Reasons = append(it.Reasons, "报告没有可辨认的章节，类型由措辞推断")
			}
			if conflict(stated[key(x)]) {
				it.Doubt += 3
				it.Reasons = append(it.Reasons, "同一报告的不同文本对此数字说法不一")
			}
			if unanswered[x.ID] {
				it.Doubt++
				it.Reasons = append(it.Reasons, "目标没有下一年报告的实绩对应")
			}
			if x.Canonical == nil && x.Kind != report.Commitment {
				it.Doubt += 0.5
				it.Reasons = append(it.Reasons, "指标不在规范词表中")
			}
			if it.Doubt == 0 {
				continue
			}
			if rep == nil {
				if rep, err = st.Report(ctx, r.ID); err != nil {
					return nil, err
				}
			}
			it.Before, it.After = around(rep, x)
			items = append(items, it)
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Doubt > items[j].Doubt })
	if limit > 0 && len(items) > limit {
		items = items[:limit]
	}
	return items, nil
}

// conflict tells whether two sources of a report state one figure with
// different numbers; one source stating two numbers is two facts.
func conflict(stated map[string]bool) bool {
	var es [][2]string
	for k := range stated {
		src, nums, _ := strings.Cut(k, "|")
		es = append(es, [2]string{src, nums})
	}
	for i := range es {
		for j := i + 1; j < len(es); j++ {
			if es[i][0] != es[j][0] && es[i][1] != es[j][1] {
				return true
			}
		}
	}
	return false
}

// around is the text of the file on either side of a fact's quote.
func around(rep *report.Report, f report.Fact) (string, string) {
	for _, s := range rep.Sources {
		if s.ID != f.SourceID {
			continue
		}
		b := s.Evidence()
		if f.Start < 0 || f.End > len(b) || f.Start > f.End {
			return "", ""
		}
		lo, hi := max(0, f.Start-90), min(len(b), f.End+90)
		for lo < f.Start && !utf8.RuneStart(b[lo]) {
			lo++
		}
		for hi > f.End && hi < len(b) && !utf8.RuneStart(b[hi]) {
			hi--
		}
		return strings.ToValidUTF8(string(b[lo:f.Start]), ""), strings.ToValidUTF8(string(b[f.End:hi]), "")
	}
	return "", ""
}

// Apply sets fields of a fact from field=value pairs as people write a
// correction (value=950 unit=亿元; an empty value clears a field).
func Apply(f report.Fact, sets []string) (report.Fact, error) {
	if len(sets) == 0 {
		return f, report.Errorf(report.Invalid, "更正须至少给出一个 --set 字段=值")
	}
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return f, report.Errorf(report.Invalid, "%q：写作 字段=值", kv)
		}
		v = strings.TrimSpace(v)
		str := func() *string {
			if v == "" {
				return nil
			}
			return &v
		}
		num := func(dst **float64) error {
			if v == "" {
				*dst = nil
				return nil
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return report.Errorf(report.Invalid, "%s=%q 不是数", k, v)
			}
			*dst = &x
			return nil
		}
		var err error
		switch k {
		case "indicator":
			f.Indicator = v
		case "canonical":
			f.Canonical = str()
		case "action":
			f.Action = str()
		case "unit":
			f.Unit = str()
		case "qualifier":
			f.Qualifier = v
		case "kind":
			switch report.FactKind(v) {
			case report.Target, report.Achieved, report.Commitment:
				f.Kind = report.FactKind(v)
			default:
				err = report.Errorf(report.Invalid, "kind=%q：可选 target、achieved、commitment", v)
			}
		case "year":
			if v == "" {
				f.Year = nil
			} else if y, e := strconv.Atoi(v); e == nil && y >= 1949 && y <= 2100 {
				f.Year = &y
			} else {
				err = report.Errorf(report.Invalid, "year=%q 不是年份", v)
			}
		case "estimated":
			f.Estimated = v == "true" || v == "是"
		case "value":
			err = num(&f.Value)
		case "growth_pct":
			err = num(&f.Growth)
		case "change_pp":
			err = num(&f.ChangePP)
		case "low":
			err = num(&f.Low)
		case "high":
			err = num(&f.High)
		default:
			err = report.Errorf(report.Invalid, "字段 %q 不可更正：可用 indicator canonical action kind year value unit growth_pct change_pp low high qualifier estimated", k)
		}
		if err != nil {
			return f, err
		}
	}
	return f, nil
}

// Record stores a person's review of a fact: a correction sets the given
// field=value pairs on the fact as stored, the other actions take none.
func Record(ctx context.Context, st report.Store, rv *report.Review, sets []string) error {
	switch rv.Action {
	case report.Confirm, report.Reject:
		if len(sets) > 0 {
			return report.Errorf(report.Invalid, "只有更正（correct）才改字段")
		}
	case report.Correct:
		fs, err := st.Facts(ctx, report.FactFilter{AfterID: rv.FactID - 1, Limit: 1})
		if err != nil {
			return err
		}
		if len(fs) == 0 || fs[0].ID != rv.FactID {
			return report.Errorf(report.NotFound, "事实 %d 不存在", rv.FactID)
		}
		fixed, err := Apply(fs[0], sets)
		if err != nil {
			return err
		}
		rv.Fact = &fixed
	default:
		return report.Errorf(report.Invalid, "审核动作 %q：可选 confirm、correct、reject", rv.Action)
	}
	return st.AddReview(ctx, rv)
}
