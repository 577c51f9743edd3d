package report

import "time"

// Event is one change to a task, kept forever.
type Event struct {
	ID     int64             `json:"id"`
	TaskID int64             `json:"task_id"`
	Seq    int               `json:"seq"` // 1, 2, 3… within its task
	At     time.Time         `json:"at"`
	Actor  string            `json:"actor"`
	Kind   string            `json:"kind"`
	Data   map[string]string `json:"data"`
}

// Milestone is a node of a task.
type Milestone struct {
	Name string `json:"name"`
	Due  string `json:"due"` // 2020-06-30
	Done bool   `json:"done"`
}

// Progress is one progress update.
type Progress struct {
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Text     string    `json:"text"`
	Evidence string    `json:"evidence,omitempty"`
	// EvidenceFile is the SHA-256 of a file kept as evidence.
	EvidenceFile string `json:"evidence_file,omitempty"`
}

// Task is a commitment followed by the people who must deliver it. Its
// state is derived from its events.
type Task struct {
	ID int64 `json:"id"`
	// FactID is the commitment the task follows; 0 for a task the office
	// added from its 分工方案, whose Origin says which row of which file.
	FactID     int64       `json:"fact_id"`
	Origin     *Origin     `json:"origin,omitempty"`
	ReportID   int64       `json:"report_id"`
	Region     string      `json:"region"`
	RegionCode string      `json:"region_code"`
	Year       int         `json:"year"`
	Title      string      `json:"title"` // the commitment as written
	Quote      string      `json:"quote"`
	Events     []Event     `json:"events"`
	State      State       `json:"state"`
	Suggestion *Suggestion `json:"suggestion,omitempty"`
}

// State is a task as its events leave it.
type State struct {
	LeadUnit     string      `json:"lead_unit"`
	CoUnits      []string    `json:"co_units"`
	LeadOfficial string      `json:"lead_official"`
	Deadline     string      `json:"deadline"`
	Milestones   []Milestone `json:"milestones"`
	Status       string      `json:"status"`
	DoneOn       string      `json:"done_on,omitempty"`
	Progress     []Progress  `json:"progress"`
	Verdict      string      `json:"verdict"`
	Evidence     string      `json:"evidence,omitempty"`
	Updated      time.Time   `json:"updated"`
	// Request is a unit's pending request to close the task (申请办结) or
	// drop it (申请销号), until the supervision office decides.
	Request *Request `json:"request,omitempty"`
	// MissReason is why a missed task was missed: a code of
	// track.MissReasons and its text, proposed by the unit
	// (MissReasonProposed) and set by the office with the verdict.
	MissReason         string `json:"miss_reason,omitempty"`
	MissReasonText     string `json:"miss_reason_text,omitempty"`
	MissReasonProposed string `json:"miss_reason_proposed,omitempty"`
	// Rating is the supervision office's rating of how the task was
	// delivered (督查室评分), the latest one given; it counts in 绩效考核.
	Rating *Rating `json:"rating,omitempty"`
}

// Rating is the office's score of a task, 0 to 100, with its reason.
type Rating struct {
	Score int       `json:"score"`
	Note  string    `json:"note,omitempty"`
	By    string    `json:"by"`
	At    time.Time `json:"at"`
}

// Request is a unit asking the supervision office to change a task's status.
type Request struct {
	To     string    `json:"to"` // done or dropped
	Reason string    `json:"reason,omitempty"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// Suggestion is evidence a later report offers for a task.
type Suggestion struct {
	FactID  int64  `json:"fact_id"`
	Quote   string `json:"quote"`
	Verdict string `json:"verdict"`
}

// Origin is the row of a kept spreadsheet (a 分工方案) that a task was made
// from when no commitment of the report matched it.
type Origin struct {
	File string `json:"file"` // SHA-256 of the sheet, kept as an evidence file
	Row  int    `json:"row"`  // 1-based, as the spreadsheet shows
}

// NewTask is a task the office adds from its 分工方案, with the events that
// follow its creation.
type NewTask struct {
	ReportID   int64
	Region     string
	RegionCode string
	Year       int
	Title      string
	Quote      string // the row's task cell as written
	Origin     Origin
	Actor      string
	Events     []Event
}
