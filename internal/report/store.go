package report

import "context"

// Store keeps reports, their sources and facts. Every method is one
// transaction: a failure leaves nothing half-written.
type Store interface {
	// SourceByHash finds a stored source by the SHA-256 of its raw bytes.
	// It returns an error of kind NotFound when there is none.
	SourceByHash(ctx context.Context, sha256 string) (*Source, error)
	// AddReport stores a new report with its sources and facts and sets
	// their IDs.
	AddReport(ctx context.Context, r *Report, facts []Fact) error
	// AddSource attaches another copy or page of a stored report, with
	// the facts read from it, and may update the report's identity.
	AddSource(ctx context.Context, reportID int64, id Identity, s *Source, facts []Fact) error
	// Report returns a report with its sources, raw bytes included.
	Report(ctx context.Context, id int64) (*Report, error)
	// Reports lists reports (sources without raw bytes or text), by ID.
	Reports(ctx context.Context, f ReportFilter) ([]Report, error)
	// Signatures returns the near-duplicate signature of every source.
	Signatures(ctx context.Context) ([]Signature, error)
	// Facts queries stored facts.
	Facts(ctx context.Context, f FactFilter) ([]Fact, error)
	// Close releases the store.
	Close() error
}

// ReportFilter narrows a report listing; zero fields match everything.
type ReportFilter struct {
	Region string // substring of the region name, or a region code
	Level  Level
	Year   int
}

// FactFilter narrows a fact query; zero fields match everything.
type FactFilter struct {
	ReportID  int64
	Region    string
	Year      int
	Kind      FactKind
	Indicator string // substring of the indicator or its canonical id
	Section   string
	Limit     int
}

// Signature is what near-duplicate detection compares.
type Signature struct {
	ReportID int64
	SourceID int64
	Title    string // page-free title used to join split pages
	Page     int
	Pages    int
	MinHash  []uint32
}
