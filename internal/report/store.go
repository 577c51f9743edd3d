package report

import (
	"context"
	"time"
)

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
	// CorrectIdentity replaces a report's identity with one a person set
	// (id.Corrected says who and when): its facts' years move by the
	// change of year, its tasks follow the year and the region, and the
	// correction is kept in the report's history. Task events stay.
	CorrectIdentity(ctx context.Context, reportID int64, id Identity) error
	// Report returns a report with its sources, raw bytes included.
	Report(ctx context.Context, id int64) (*Report, error)
	// ReportHeader returns a report's identity without its sources, for
	// callers that need no text.
	ReportHeader(ctx context.Context, id int64) (*Report, error)
	// Reports lists reports (sources without raw bytes or text), by ID.
	Reports(ctx context.Context, f ReportFilter) ([]Report, error)
	// Signatures returns the near-duplicate signature of every source.
	Signatures(ctx context.Context) ([]Signature, error)
	// Facts queries stored facts, in ID order.
	Facts(ctx context.Context, f FactFilter) ([]Fact, error)
	// FactsJSON is Facts as stored, for answers that pass facts on
	// without decoding them.
	FactsJSON(ctx context.Context, f FactFilter) ([]FactJSON, error)
	TaskStore
	UserStore
	ReviewStore
	ParticipationStore
	// Search finds passages of the reports' texts in the full-text index,
	// best first, with the counts of all hits by year and by region.
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
	// Version changes whenever facts or task events are added, so that
	// readers can cache what they computed from them.
	Version(ctx context.Context) (string, error)
	// Counts sums up what the record holds, for its front page.
	Counts(ctx context.Context) (Counts, error)
	// Close releases the store.
	Close() error
}

// ReportFilter narrows a report listing; zero fields match everything.
type ReportFilter struct {
	Region string // substring of the region name, or a region code
	Level  Level
	Year   int
	Limit  int // 0: all
	Offset int
}

// FactFilter narrows a fact query; zero fields match everything.
type FactFilter struct {
	ReportID  int64
	Region    string
	Year      int
	Kind      FactKind
	Indicator string // substring of the indicator or its canonical id
	Query     string // text the fact's indicator or quote holds (the words of q=养老)
	Section   string
	Limit     int
	Offset    int
	AfterID   int64 // only facts after this ID: pages that stay fast however deep
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

// TaskStore keeps the tasks that commitments become and their events.
// Events are appended, never changed: a task's state is derived from them.
type TaskStore interface {
	// Tasks lists tasks with their events, by ID.
	Tasks(ctx context.Context, f TaskFilter) ([]Task, error)
	// Task returns one task with its events.
	Task(ctx context.Context, id int64) (*Task, error)
	// TasksByID lists the tasks of some ids with their events, by ID, in
	// one read (the page of a board); an id not stored is left out.
	TasksByID(ctx context.Context, ids []int64) ([]Task, error)
	// TaskHeads lists the tasks of a filter as Tasks would, each with what
	// its loaded form depends on, so that a reader holding folded tasks
	// loads again only those that changed.
	TaskHeads(ctx context.Context, f TaskFilter) ([]TaskHead, error)
	// AddEvidence keeps a file given as evidence and returns its SHA-256;
	// the same bytes are kept once.
	AddEvidence(ctx context.Context, name string, data []byte) (string, error)
	// Evidence returns a kept file's name and bytes.
	Evidence(ctx context.Context, sha256 string) (string, []byte, error)
	// AppendEvents adds events to tasks, all or none. Each batch names the
	// last event its writer saw; if another writer got there first the
	// whole call fails with an error of kind Conflict.
	AppendEvents(ctx context.Context, batches []EventBatch) error
	// AddTasks adds the office's own tasks and appends events to existing
	// ones, all or none, and returns the new tasks' ids in order.
	AddTasks(ctx context.Context, tasks []NewTask, batches []EventBatch) ([]int64, error)
}

// TaskFilter narrows a task listing; zero fields match everything.
type TaskFilter struct {
	Region   string
	Year     int
	ReportID int64
}

// TaskHead names a task and what its loaded form depends on: its last
// event, and the fields an identity correction rewrites. Nothing else of
// a task changes once it is made.
type TaskHead struct {
	ID         int64
	LastEvent  int64
	Region     string
	RegionCode string
	Year       int
}

// EventBatch is events for one task, written after its event AfterSeq.
type EventBatch struct {
	TaskID   int64
	AfterSeq int
	Events   []Event
}

// User is an account that may write through the server.
type User struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Role     string `json:"role"` // admin, editor, viewer, citizen, deputy
	Unit     string `json:"unit"` // an editor bound to a unit updates only its tasks
	Password string `json:"-"`    // the argon2id hash
}

// Session is a signed-in browser.
type Session struct {
	User    User
	CSRF    string
	Expires time.Time
}

// UserStore keeps accounts, sessions and API tokens. Tokens and session
// keys are passed in hashed; the store never sees them in clear.
type UserStore interface {
	AddUser(ctx context.Context, u *User) error
	UserByName(ctx context.Context, name string) (*User, error)
	AddSession(ctx context.Context, tokenHash string, s Session) error
	SessionByToken(ctx context.Context, tokenHash string) (*Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	// AddToken keeps a token for a script; a zero expires never expires.
	AddToken(ctx context.Context, tokenHash string, userID int64, name string, expires time.Time) error
	// UserByToken finds the account of a token that is neither revoked
	// nor expired.
	UserByToken(ctx context.Context, tokenHash string) (*User, error)
	// RevokeTokens revokes a user's tokens of that name ("" for all) and
	// returns how many were still in force.
	RevokeTokens(ctx context.Context, userID int64, name string) (int, error)
}

// FactJSON is a stored fact as its JSON (without its ID and region, which
// come beside it).
type FactJSON struct {
	ID         int64
	JSON       []byte
	Region     string
	RegionCode string
}

// SearchQuery asks the full-text index. Match is an FTS5 expression over
// the index tokens (package search builds it from what people type).
type SearchQuery struct {
	Match            string
	Region           string // substring of the region name, or a region code
	Level            Level
	YearFrom, YearTo int
	Section          string
	Kind             FactKind // only passages that hold a fact of this kind
	Limit            int      // 0: every hit
	Offset           int
}

// SearchHit is one passage found, with where it stands.
type SearchHit struct {
	ReportID   int64    `json:"report_id"`
	SourceID   int64    `json:"source_id"`
	Files      []string `json:"files"`
	Region     string   `json:"region"`
	RegionCode string   `json:"region_code"`
	Level      Level    `json:"level"`
	Year       int      `json:"year"`
	Section    string   `json:"section"`
	Start      int      `json:"start"` // byte offsets in the cleaned text
	End        int      `json:"end"`
	RawStart   int      `json:"raw_start"` // byte offsets in the raw file
	RawEnd     int      `json:"raw_end"`
	Text       string   `json:"text"` // the passage, cleaned
	Score      float64  `json:"score"`
}

// SearchResult is a page of hits and the counts of all of them.
type SearchResult struct {
	Hits     []SearchHit    `json:"hits"`
	Total    int            `json:"total"`
	Capped   bool           `json:"capped"` // counting stopped: Total and the counts are lower bounds
	ByYear   map[int]int    `json:"by_year"`
	ByRegion map[string]int `json:"by_region"`
}

// Counts is what a record holds.
type Counts struct {
	Reports     int `json:"reports"`
	Sources     int `json:"sources"` // files: copies and pages of the reports
	Regions     int `json:"regions"` // with a 行政区划代码
	FromYear    int `json:"from_year"`
	ToYear      int `json:"to_year"`
	Tasks       int `json:"tasks"`
	Targets     int `json:"targets"`
	Achieved    int `json:"achieved"`
	Commitments int `json:"commitments"`
}
