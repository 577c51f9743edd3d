package report

import (
	"context"
	"time"
)

// Review actions: a person vouches for a fact, fixes it, or strikes it.
const (
	Confirm = "confirm"
	Correct = "correct"
	Reject  = "reject"
)

// Review is a person's word on a fact, kept forever; the latest review of
// a fact is its standing.
type Review struct {
	ID       int64     `json:"id"`
	FactID   int64     `json:"fact_id"`
	ReportID int64     `json:"report_id"`
	Action   string    `json:"action"`
	Fact     *Fact     `json:"fact,omitempty"` // the fact as corrected, for Correct
	Note     string    `json:"note,omitempty"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

// ReviewStore keeps reviews and lets facts be re-extracted around them.
type ReviewStore interface {
	// AddReview records a review of a stored fact.
	AddReview(ctx context.Context, r *Review) error
	// Reviews lists the reviews of a report's facts (0: of all), oldest first.
	Reviews(ctx context.Context, reportID int64) ([]Review, error)
	// ReviseFacts re-extracts a report in one transaction: facts in update
	// keep their IDs (and so their tasks and reviews) and take the new
	// content, facts in remove go, facts in add are stored with their
	// tasks.
	ReviseFacts(ctx context.Context, reportID int64, update []Fact, remove []int64, add []Fact) error
}

// Latest is the standing review of each fact.
func Latest(rs []Review) map[int64]Review {
	out := map[int64]Review{}
	for _, r := range rs {
		out[r.FactID] = r
	}
	return out
}

// Reviewed applies a review to a fact: a correction replaces its content
// (keeping its identity and evidence), a rejection says to drop it.
func Reviewed(f Fact, r Review) (Fact, bool) {
	switch r.Action {
	case Reject:
		return f, false
	case Correct:
		if r.Fact != nil {
			c := *r.Fact
			c.ID, c.ReportID, c.SourceID, c.Region, c.RegionCode = f.ID, f.ReportID, f.SourceID, f.Region, f.RegionCode
			return c, true
		}
	}
	return f, true
}
