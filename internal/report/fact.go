package report

// FactKind is the kind of a fact, as ../shared/gold/README.md defines them.
type FactKind string

// Fact kinds.
const (
	Target     FactKind = "target"     // a main expected target for the plan period
	Achieved   FactKind = "achieved"   // a value reported for a past period
	Commitment FactKind = "commitment" // a quantified task promised for the plan period
)

// Fact is one extracted statement with its evidence. The JSON names follow
// the facts contract; fields are only ever added.
type Fact struct {
	ID        int64    `json:"id,omitempty"`
	ReportID  int64    `json:"report_id,omitempty"`
	SourceID  int64    `json:"source_id,omitempty"`
	File      string   `json:"file"`
	Kind      FactKind `json:"kind"`
	Indicator string   `json:"indicator"`
	Canonical *string  `json:"canonical"`
	Action    *string  `json:"action"`
	Year      *int     `json:"year"`
	SpanYears []int    `json:"span_years"`
	Value     *float64 `json:"value"`
	Unit      *string  `json:"unit"`
	Growth    *float64 `json:"growth_pct"`
	ChangePP  *float64 `json:"change_pp"`
	Low       *float64 `json:"low"`
	High      *float64 `json:"high"`
	Qualifier string   `json:"qualifier"`
	Estimated bool     `json:"estimated"`
	Quote     string   `json:"quote"`
	Section   *string  `json:"section"`
	Start     int      `json:"start"` // byte offsets of Quote in the source's evidence bytes
	End       int      `json:"end"`
	Rule      string   `json:"rule,omitempty"` // the extraction rule that made it
	// Region and ReportYear are filled by queries for display.
	Region     string `json:"region,omitempty"`
	RegionCode string `json:"region_code,omitempty"`
}
