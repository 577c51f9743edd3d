package report

import (
	"context"
	"time"
)

// Thread kinds: what citizens and deputies take part in.
const (
	ThreadQuestion   = "question"   // 网络问政: a question on a task or a target
	ThreadSuggestion = "suggestion" // 人大代表建议 or 政协委员提案
	ThreadRound      = "round"      // 民生实事票决: one year's ballot round
)

// Thread is a question, a suggestion or a ballot round: a run of events
// written by the people taking part, kept forever. Its state is derived
// from its events (package participate); Event.TaskID holds the thread's
// ID.
type Thread struct {
	ID      int64     `json:"id"`
	Kind    string    `json:"kind"`
	Created time.Time `json:"created"`
	Events  []Event   `json:"events"`
}

// AuditEntry is one write request the server answered: who, from where,
// what, and how it ended.
type AuditEntry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"` // the account, or "" for a visitor
	Address string    `json:"address"`
	Method  string    `json:"method"`
	Path    string    `json:"path"`
	Status  int       `json:"status"`
}

// ParticipationStore keeps what citizens and deputies do: threads of
// questions, suggestions and ballot rounds, the ballots' tally, follows of
// tasks, and the audit record of every write.
type ParticipationStore interface {
	// AddThread starts a thread with its first event and returns its ID.
	AddThread(ctx context.Context, kind string, first Event) (int64, error)
	// AppendThread adds events after the thread's event afterSeq, all or
	// none; Conflict when another writer got there first.
	AppendThread(ctx context.Context, id int64, afterSeq int, events []Event) error
	// Threads lists the threads of a kind with their events, by ID.
	Threads(ctx context.Context, kind string) ([]Thread, error)
	// Thread returns one thread with its events.
	Thread(ctx context.Context, id int64) (*Thread, error)
	// CastBallot records that an account voted in a round and adds one
	// vote to each candidate chosen, in one transaction. The ballot itself
	// is not kept, so nobody can tell who chose what. A second ballot of
	// the same account is a Conflict and changes nothing.
	CastBallot(ctx context.Context, roundID, userID int64, choices []int) error
	// Voted tells whether an account has voted in a round.
	Voted(ctx context.Context, roundID, userID int64) (bool, error)
	// Tally returns the votes of a round's candidates (by candidate
	// number) and how many accounts voted.
	Tally(ctx context.Context, roundID int64) (map[int]int, int, error)
	// SetFollow starts or stops an account's following of a task.
	SetFollow(ctx context.Context, userID, taskID int64, on bool) error
	// Follows lists the tasks an account follows.
	Follows(ctx context.Context, userID int64) ([]int64, error)
	// Followers lists the accounts that follow a task.
	Followers(ctx context.Context, taskID int64) ([]User, error)
	// AddAudit keeps one entry of the audit record.
	AddAudit(ctx context.Context, e AuditEntry) error
	// Audit returns the latest entries of the audit record, newest first.
	Audit(ctx context.Context, limit int) ([]AuditEntry, error)
}
