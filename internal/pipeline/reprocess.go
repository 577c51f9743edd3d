package pipeline

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/report"
)

// ReprocessStats counts what re-extraction did to the stored facts.
type ReprocessStats struct {
	Reports   int `json:"reports"`
	Unchanged int `json:"unchanged"` // facts the new extractor reads alike
	Updated   int `json:"updated"`   // facts read anew in place: same ID, tasks and reviews kept
	Added     int `json:"added"`     // facts only the new extractor reads
	Removed   int `json:"removed"`   // facts it no longer reads, that no person had touched
	Kept      int `json:"kept"`      // facts it no longer reads but a person reviewed or reported on: kept as they were
	Failed    int `json:"failed"`
}

// Reprocess re-runs extraction on every stored report from its raw bytes
// and brings the stored facts up to date without losing what people did:
// a fact read again (the same kind at the same bytes, or the same kind and
// quote) keeps its ID, and so its task, task events and reviews; a fact no
// longer read is removed only when nobody reviewed it or reported on its
// task. A report's identity stays as stored (a person may have corrected
// it): the new facts' years follow it.
func Reprocess(ctx context.Context, st report.Store, progress func(done, total int), fail func(reportID int64, err error)) (ReprocessStats, error) {
	var s ReprocessStats
	rs, err := st.Reports(ctx, report.ReportFilter{})
	if err != nil {
		return s, err
	}
	for i, r := range rs {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		if err := reprocessReport(ctx, st, r.ID, &s); err != nil {
			s.Failed++
			fail(r.ID, err)
		}
		s.Reports++
		if progress != nil {
			progress(i+1, len(rs))
		}
	}
	return s, nil
}

func reprocessReport(ctx context.Context, st report.Store, id int64, s *ReprocessStats) error {
	rep, err := st.Report(ctx, id)
	if err != nil {
		return err
	}
	old, err := st.Facts(ctx, report.FactFilter{ReportID: id})
	if err != nil {
		return err
	}
	reviews, err := st.Reviews(ctx, id)
	if err != nil {
		return err
	}
	tasks, err := st.Tasks(ctx, report.TaskFilter{ReportID: id})
	if err != nil {
		return err
	}
	touched := map[int64]bool{} // facts a person has a word on
	for _, rv := range reviews {
		touched[rv.FactID] = true
	}
	for _, t := range tasks {
		if len(t.Events) > 1 {
			touched[t.FactID] = true
		}
	}
	bySource := map[int64][]report.Fact{}
	for _, f := range old {
		bySource[f.SourceID] = append(bySource[f.SourceID], f)
	}
	var update, add []report.Fact
	var remove []int64
	for i, src := range rep.Sources {
		stored := bySource[src.ID]
		if len(stored) == 0 && i > 0 {
			continue // a copy whose facts were never kept: its first source speaks for it
		}
		p, err := Process(ingest.File{Path: src.Path, Raw: src.Raw, Format: src.Format}, Options{})
		if err != nil {
			return fmt.Errorf("%s: %w", src.Path, err)
		}
		fresh := p.Facts
		if rep.Identity.Year != 0 && p.Identity.Year != 0 && rep.Identity.Year != p.Identity.Year {
			report.ShiftYears(fresh, rep.Identity.Year-p.Identity.Year)
		}
		for j := range fresh {
			fresh[j].SourceID, fresh[j].ReportID = src.ID, id
		}
		u, a, rm := matchFacts(stored, fresh, touched, s)
		update, add, remove = append(update, u...), append(add, a...), append(remove, rm...)
	}
	if len(update)+len(add)+len(remove) == 0 {
		return nil
	}
	return st.ReviseFacts(ctx, id, update, remove, add)
}

// matchFacts pairs the stored facts of a source with the ones read anew:
// at the same bytes first, then by the same quote.
func matchFacts(stored, fresh []report.Fact, touched map[int64]bool, s *ReprocessStats) (update, add []report.Fact, remove []int64) {
	type at struct {
		kind       report.FactKind
		start, end int
	}
	type said struct {
		kind  report.FactKind
		quote string
	}
	byAt, bySaid := map[at][]int{}, map[said][]int{}
	for i, f := range stored {
		byAt[at{f.Kind, f.Start, f.End}] = append(byAt[at{f.Kind, f.Start, f.End}], i)
		bySaid[said{f.Kind, f.Quote}] = append(bySaid[said{f.Kind, f.Quote}], i)
	}
	used := make([]bool, len(stored))
	take := func(cands []int) int {
		for _, i := range cands {
			if !used[i] {
				used[i] = true
				return i
			}
		}
		return -1
	}
	for _, f := range fresh {
		i := take(byAt[at{f.Kind, f.Start, f.End}])
		if i < 0 {
			i = take(bySaid[said{f.Kind, f.Quote}])
		}
		if i < 0 {
			add = append(add, f)
			s.Added++
			continue
		}
		f.ID = stored[i].ID
		if sameContent(stored[i], f) {
			s.Unchanged++
			continue
		}
		update = append(update, f)
		s.Updated++
	}
	for i, f := range stored {
		switch {
		case used[i]:
		case touched[f.ID]:
			s.Kept++
		default:
			remove = append(remove, f.ID)
			s.Removed++
		}
	}
	return update, add, remove
}

// sameContent compares two facts as stored, without what queries fill.
func sameContent(a, b report.Fact) bool {
	for _, f := range []*report.Fact{&a, &b} {
		f.ID, f.Region, f.RegionCode = 0, "", ""
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
