// Package pipeline runs the stages in order — ingest → clean → identify →
// segment → extract — and hands each result to a report.Store. It is the
// one place that knows the order; the stages do not import each other.
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/baogao/baogao/internal/clean"
	"github.com/baogao/baogao/internal/dedupe"
	"github.com/baogao/baogao/internal/extract"
	"github.com/baogao/baogao/internal/identify"
	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/report"
	"github.com/baogao/baogao/internal/search"
	"github.com/baogao/baogao/internal/segment"
)

// Options tune a run.
type Options struct {
	Ingest   ingest.Options
	Clean    clean.Options
	Workers  int    // 0 means one per CPU
	Uploader string // recorded on every source stored
	// FactsOnly skips what only storing needs (the file's hash, the
	// near-duplicate signature, the glossary, the search passages): for
	// extract.
	FactsOnly bool
	// Pack bundles a source as the store keeps it, on the workers rather
	// than the writer; Run sets it from a store that packs.
	Pack func(*report.Source) []byte
	// Stored tells a near-duplicate of a report already stored, by its
	// signature: such a copy is kept as provenance, its facts and search
	// passages are the first copy's, so they are not read. Run sets it.
	Stored func(minHash []uint32) bool
}

// Processed is one file carried through every stage, before storage.
type Processed struct {
	File     ingest.File
	SHA256   string
	Clean    clean.Result
	Identity report.Identity
	Sections []report.Section
	Terms    []report.Term
	Facts    []report.Fact
	MinHash  []uint32
	Passages []report.Passage // for the search index
	Offsets  []byte           // the packed clean→raw map, when made ahead
	Packed   []byte           // the store's bundle of the source, when made ahead
}

// Source returns the file as a report.Source.
func (p *Processed) Source() report.Source {
	offsets := p.Offsets
	if offsets == nil {
		offsets = clean.EncodeOffsets(p.Clean.Text)
	}
	return report.Source{Passages: p.Passages,
		Path: p.File.Path, SHA256: p.SHA256, Format: p.Clean.Format, Encoding: p.Clean.Encoding,
		Page: p.Identity.Page, Pages: p.Identity.Pages,
		Raw: p.File.Raw, Layer: p.Clean.Layer, Clean: p.Clean.Text.String(),
		Offsets: offsets, Packed: p.Packed, Summary: p.Clean.Summary, MinHash: p.MinHash,
		Sections: p.Sections, Terms: p.Terms,
	}
}

// Process runs clean, identify, segment and extract on one file. It stores
// nothing.
func Process(f ingest.File, opt Options) (p *Processed, err error) {
	// A backstop: a bug met by one file fails that file, not the batch.
	defer func() {
		if v := recover(); v != nil {
			p, err = nil, fmt.Errorf("internal error while reading this file: %v", v)
		}
	}()
	p = &Processed{File: f}
	if !opt.FactsOnly {
		sum := sha256.Sum256(f.Raw) // what the store knows the file by
		p.SHA256 = hex.EncodeToString(sum[:])
	}
	res, err := clean.Clean(f.Raw, f.Format, opt.Clean)
	if err != nil {
		return nil, err
	}
	p.Clean = res
	text := res.Text.String()
	if n := hanCount(text, minHan); n < minHan {
		return nil, report.Errorf(report.Invalid, "文本只有 %d 个汉字，太短，不像一份报告（至少 %d 个）", n, minHan)
	}
	p.Identity = identify.IdentifyWith(text, identify.Hints{Title: res.Title, Masthead: res.Masthead, Name: ingest.DisplayName(f.Path)})
	p.Sections = segment.Split(text, p.Identity.PlanFrom)
	if !opt.FactsOnly {
		p.MinHash = dedupe.Signature(text)
	}
	// A page of a split copy is stored with its facts whatever it resembles.
	copied := opt.Stored != nil && p.Identity.Pages <= 1 && opt.Stored(p.MinHash)
	if !copied {
		p.Facts = evidence(p, extract.Facts(text, extract.Context{Identity: p.Identity, Sections: p.Sections}))
	}
	if opt.FactsOnly {
		return p, nil
	}
	p.Terms = extract.Glossary(text, p.Sections)
	if !copied {
		p.Passages = search.Passages(text, p.Sections, p.Clean.Text.RawSpan)
	}
	// What the writer would do with the source's bytes is done here, on
	// one of the workers.
	p.Offsets = clean.EncodeOffsets(p.Clean.Text)
	if opt.Pack != nil {
		src := p.Source()
		p.Packed = opt.Pack(&src)
	}
	return p, nil
}

// minHan is the fewest Han characters a file must hold to be taken as a
// report (or a page of one): fewer is an empty page, a stray byte, a
// file of another kind.
const minHan = 10

// hanCount counts the Han characters of s, up to enough.
func hanCount(s string, enough int) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			if n++; n >= enough {
				break
			}
		}
	}
	return n
}

// evidence turns facts found in the cleaned text into facts that point at
// the original bytes: quote == evidence[start:end].
func evidence(p *Processed, found []extract.Found) []report.Fact {
	src := p.File.Raw
	if p.Clean.Layer != nil {
		src = p.Clean.Layer
	}
	out := make([]report.Fact, 0, len(found))
	for _, f := range found {
		fact := f.Fact
		fact.File = ingest.DisplayName(p.File.Path)
		fact.Start, fact.End = p.Clean.Text.RawSpan(f.Start, f.End)
		if p.Clean.Layer != nil {
			fact.Quote = string(src[fact.Start:fact.End])
		} else {
			fact.Quote = clean.DecodeAs(src[fact.Start:fact.End], p.Clean.Encoding)
		}
		fact.SourceID = -1 // the first source of the stored report
		out = append(out, fact)
	}
	return out
}

// Outcome says what storing a file did.
type Outcome string

// Outcomes of storing one file.
const (
	New       Outcome = "new"       // a report not seen before
	Unchanged Outcome = "unchanged" // these exact bytes were stored already
	Copy      Outcome = "copy"      // another copy of a stored report
	Page      Outcome = "page"      // a page joined to a stored split report
)

// Ingester stores processed files, recognising copies and pages of reports
// already stored. It is not safe for concurrent use.
type Ingester struct {
	Store report.Store
	// Uploader is recorded on every source stored: an account or a login name.
	Uploader string
	mu       sync.RWMutex // the workers read sigs and index while Add grows them
	sigs     []report.Signature
	index    *dedupe.Index // over sigs, by position
	init     bool
}

// nearCopy returns the first stored report that mh nearly duplicates, or
// -1; stored first is taken first.
func (in *Ingester) nearCopy(mh []uint32) int {
	in.mu.RLock()
	defer in.mu.RUnlock()
	if in.index == nil {
		return -1
	}
	for _, i := range in.index.Candidates(mh) {
		if dedupe.Similarity(in.sigs[i].MinHash, mh) >= dedupe.Threshold {
			return i
		}
	}
	return -1
}

// Add stores p and says how. It returns the report ID.
func (in *Ingester) Add(ctx context.Context, p *Processed) (Outcome, int64, error) {
	if src, err := in.Store.SourceByHash(ctx, p.SHA256); err == nil {
		return Unchanged, src.ReportID, nil
	} else if report.KindOf(err) != report.NotFound {
		return "", 0, err
	}
	if !in.init {
		sigs, err := in.Store.Signatures(ctx)
		if err != nil {
			return "", 0, err
		}
		index := dedupe.NewIndex()
		for i, sg := range sigs {
			index.Add(i, sg.MinHash)
		}
		in.mu.Lock()
		in.sigs, in.index, in.init = sigs, index, true
		in.mu.Unlock()
	}
	src := p.Source()
	src.Uploader = in.Uploader
	title := strings.TrimSpace(p.Identity.Title)
	id := p.Identity
	// A page of a split copy joins the other pages of the same title.
	if id.Pages > 1 {
		for _, sg := range in.sigs {
			if sg.Pages == id.Pages && sg.Page != id.Page && sg.Title == title && title != "" {
				r, err := in.Store.Report(ctx, sg.ReportID)
				if err != nil {
					return "", 0, err
				}
				merged := mergePages(r, id)
				if r.Identity.Corrected != nil && id.Year != 0 {
					// A person corrected the report's year: the new page's facts follow.
					report.ShiftYears(p.Facts, merged.Year-id.Year)
				}
				if err := in.Store.AddSource(ctx, r.ID, merged, &src, p.Facts); err != nil {
					return "", 0, err
				}
				in.remember(r.ID, src.ID, title, id, p.MinHash)
				return Page, r.ID, nil
			}
		}
	}
	// A near-duplicate of a stored copy, first stored first (the index
	// spares comparing with every one): facts and the search index come
	// from the first copy; a second copy is provenance. Only this writer
	// adds to sigs, so it reads them unlocked.
	if i := in.nearCopy(p.MinHash); i >= 0 {
		r, err := in.Store.ReportHeader(ctx, in.sigs[i].ReportID) // the identity; the copy's text is not needed
		if err != nil {
			return "", 0, err
		}
		src.NoIndex = true
		if err := in.Store.AddSource(ctx, r.ID, r.Identity, &src, nil); err != nil {
			return "", 0, err
		}
		in.remember(r.ID, src.ID, title, id, p.MinHash)
		return Copy, r.ID, nil
	}
	r := &report.Report{Identity: id, Sources: []report.Source{src}}
	if err := in.Store.AddReport(ctx, r, p.Facts); err != nil {
		return "", 0, err
	}
	in.remember(r.ID, r.Sources[0].ID, title, id, p.MinHash)
	return New, r.ID, nil
}

func (in *Ingester) remember(reportID, sourceID int64, title string, id report.Identity, mh []uint32) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.index.Add(len(in.sigs), mh)
	in.sigs = append(in.sigs, report.Signature{ReportID: reportID, SourceID: sourceID, Title: title, Page: id.Page, Pages: id.Pages, MinHash: mh})
}

// mergePages folds the identity read from a new page into the report's:
// fields the stored pages lacked are taken from it (page 1 names the
// speaker), and the report stays partial until every page is in.
func mergePages(r *report.Report, add report.Identity) report.Identity {
	id := r.Identity
	fill := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	fill(&id.Region, add.Region)
	fill(&id.RegionCode, add.RegionCode)
	fill((*string)(&id.Level), string(add.Level))
	fill(&id.Session, add.Session)
	fill(&id.Speaker, add.Speaker)
	fill(&id.SpeakerTitle, add.SpeakerTitle)
	fill(&id.DeliveredOn, add.DeliveredOn)
	if id.Year == 0 {
		id.Year, id.ReviewFrom, id.ReviewTo, id.PlanFrom, id.PlanTo = add.Year, add.ReviewFrom, add.ReviewTo, add.PlanFrom, add.PlanTo
	}
	pages := map[int]bool{add.Page: true}
	for _, s := range r.Sources {
		if s.Page > 0 {
			pages[s.Page] = true
		}
	}
	id.Partial = len(pages) < add.Pages
	return id
}

// Stats sums up a run.
type Stats struct {
	Files, New, Unchanged, Copies, Pages, Failed int
	Skipped                                      int // files in the folders that are of no report format
	Bytes                                        int64
	Elapsed                                      time.Duration
	Added                                        []int64 // reports new or grown by a page
	Touched                                      []int64 // every stored report a file of the batch belongs to
}

// Run ingests every file under paths into st. Files are processed in
// parallel and stored one at a time in input order; fail is called once
// per bad file and the batch goes on. progress, when not nil, is called
// after each file.
func Run(ctx context.Context, st report.Store, paths []string, opt Options, progress func(done int), fail func(path string, err error)) Stats {
	start := time.Now()
	var s Stats
	in := &Ingester{Store: st, Uploader: opt.Uploader}
	if pk, ok := st.(report.SourcePacker); ok && opt.Pack == nil {
		opt.Pack = pk.PackSource
	}
	if opt.Stored == nil {
		opt.Stored = func(mh []uint32) bool { return in.nearCopy(mh) >= 0 }
	}
	skipped := ProcessAll(paths, opt, func(path string, p *Processed, err error) {
		s.Files++
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		if err == nil {
			s.Bytes += int64(len(p.File.Raw))
			var out Outcome
			var id int64
			out, id, err = in.Add(ctx, p)
			if out == New || out == Page {
				s.Added = append(s.Added, id)
			}
			if err == nil && id != 0 {
				s.Touched = append(s.Touched, id)
			}
			switch out {
			case New:
				s.New++
			case Unchanged:
				s.Unchanged++
			case Copy:
				s.Copies++
			case Page:
				s.Pages++
			}
		}
		if err != nil {
			s.Failed++
			fail(path, err)
		}
		if progress != nil {
			progress(s.Files)
		}
	})
	s.Elapsed = time.Since(start)
	s.Skipped = skipped
	return s
}

// ProcessAll reads every file under paths and processes them on every
// core, and calls each once per file in input order, with the file's
// result or why it failed (read or processed). At most a few files per
// core are in flight, so memory stays bounded on any corpus. It returns
// how many files in the folders were skipped for their extension.
func ProcessAll(paths []string, opt Options, each func(path string, p *Processed, err error)) int {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	type item struct {
		p    *Processed
		path string
		err  error
		done chan struct{}
	}
	queue := make(chan *item, workers*2)
	order := make(chan *item, workers*2)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range queue {
				if it.err == nil {
					f := ingest.File{Path: it.path, Raw: it.p.File.Raw, Format: it.p.File.Format}
					it.p, it.err = Process(f, opt)
				}
				close(it.done)
			}
		}()
	}
	var skipped atomic.Int64
	walk := opt.Ingest
	walk.Skipped = func(string) { skipped.Add(1) }
	go func() {
		ingest.Walk(paths, walk, func(f ingest.File) {
			it := &item{path: f.Path, p: &Processed{File: f}, done: make(chan struct{})}
			order <- it
			queue <- it
		}, func(path string, err error) {
			it := &item{path: path, err: err, done: make(chan struct{})}
			close(it.done)
			order <- it
		})
		close(queue)
		close(order)
	}()
	for it := range order {
		<-it.done
		each(it.path, it.p, it.err)
		it.p = nil
	}
	wg.Wait()
	return int(skipped.Load())
}
