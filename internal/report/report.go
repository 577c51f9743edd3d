// Package report holds baogao's domain: a report and its sources, its
// identity, the facts drawn from it, and the Store that keeps them. It uses
// the standard library only so that every stage can depend on it.
package report

import (
	"fmt"
	"time"
)

// Level is the tier of government that delivered a report.
type Level string

// Levels of government, from the State Council down to counties.
const (
	LevelNational Level = "national"
	LevelProvince Level = "province"
	LevelCity     Level = "city"
	LevelDistrict Level = "district"
	LevelCounty   Level = "county"
)

// Kind tells what sort of document a report is.
type Kind string

// Kinds of report.
const (
	KindAnnual   Kind = "annual"    // one year reviewed, one year planned
	KindFiveYear Kind = "five_year" // a five-year review with the next plan
	KindSummary  Kind = "summary"   // 摘要 or a news digest
)

// Identity says which report a text is. Zero values mean "not found".
type Identity struct {
	Region     string `json:"region"`      // full name: 江苏省盐城市亭湖区
	RegionCode string `json:"region_code"` // 行政区划代码 valid in the delivery year
	Level      Level  `json:"level"`
	Title      string `json:"title"`

	Year         int  `json:"year"` // delivered
	YearInferred bool `json:"year_inferred"`
	// YearSource names the evidence the year was read from (title,
	// delivery, dateline, plan_sentence, review_sentence, milestone,
	// session, page_address, …); YearConfidence weighs it from 0 to 1.
	YearSource     string  `json:"year_source,omitempty"`
	YearConfidence float64 `json:"year_confidence,omitempty"`
	RegionSource   string  `json:"region_source,omitempty"` // title, delivery, speaker, opening, frequency, corrected
	ReviewFrom     int     `json:"review_from"`
	ReviewTo       int     `json:"review_to"`
	PlanFrom       int     `json:"plan_from"`
	PlanTo         int     `json:"plan_to"`
	PlanSpanFrom   int     `json:"plan_span_from,omitempty"` // a five-year plan beside the annual one
	PlanSpanTo     int     `json:"plan_span_to,omitempty"`
	Kind           Kind    `json:"kind"`
	Partial        bool    `json:"partial"`
	// Reported is a copy that speaks of the report (a news story, a
	// digest) rather than the report's own words: its facts are read
	// from its sentences, not from the headings it quotes.
	Reported     bool   `json:"reported,omitempty"`
	Anonymised   bool   `json:"anonymised"`
	Page, Pages  int    `json:"-"`
	Session      string `json:"session"`       // 第十届人民代表大会第四次会议
	Speaker      string `json:"speaker"`       // 魏祖民
	SpeakerTitle string `json:"speaker_title"` // 代理区长
	DeliveredOn  string `json:"delivered_on"`  // 2020-01-04
	// Corrected records a person's correction of this identity; it is
	// kept when further copies or pages of the report come in.
	Corrected *Correction `json:"corrected,omitempty"`
}

// Correction is who corrected an identity, when, and which fields.
type Correction struct {
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Fields []string  `json:"fields"` // year, region
}

// ShiftYears moves every year a fact states by delta: the facts of a
// report whose year was corrected follow it.
func ShiftYears(facts []Fact, delta int) {
	if delta == 0 {
		return
	}
	for i := range facts {
		f := &facts[i]
		if f.Year != nil {
			y := *f.Year + delta
			f.Year = &y
		}
		if len(f.SpanYears) == 2 {
			f.SpanYears = []int{f.SpanYears[0] + delta, f.SpanYears[1] + delta}
		}
	}
}

// Source is one file that a report was read from, kept byte for byte.
type Source struct {
	ID       int64  `json:"id"`
	ReportID int64  `json:"report_id"`
	Path     string `json:"path"`
	SHA256   string `json:"sha256"`
	Format   string `json:"format"`   // text, html, docx, pdf
	Encoding string `json:"encoding"` // utf-8, gb18030, big5, utf-16le…
	Page     int    `json:"page"`     // 第k/n页, 0 when not a split page
	Pages    int    `json:"pages"`
	Raw      []byte `json:"-"`
	// Layer is the text that offsets point into when Raw is a container
	// (DOCX, PDF): the extracted text. For text and HTML it is empty and
	// offsets point into Raw itself.
	Layer   []byte   `json:"-"`
	Clean   string   `json:"-"`
	Offsets []byte   `json:"-"` // encoded clean→raw map, see clean.Text
	Summary Summary  `json:"summary"`
	MinHash []uint32 `json:"-"`
	// Sections and Terms hold byte offsets into Clean.
	Sections []Section `json:"-"`
	Terms    []Term    `json:"-"`
	Added    time.Time `json:"added"`
	// Uploader is who brought the copy in: the account that uploaded it,
	// or the person who ran ingest.
	Uploader string `json:"uploader,omitempty"`
	// NoIndex keeps a further copy of a stored report out of the search
	// index: its words are the first copy's.
	NoIndex bool `json:"-"`
	// Packed is the store's own bundle of Raw, Layer, Clean and Offsets,
	// made by a SourcePacker where files are read in parallel, so that
	// the single writer need not; a store packs itself when it is nil.
	Packed []byte `json:"-"`
	// Passages are the stretches of Clean the search index points to, as
	// the pipeline cut them; a store cuts them itself when they are nil.
	Passages []Passage `json:"-"`
}

// SourcePacker is a store that keeps a source's bytes as one bundle it can
// make ahead of storing (report.Source.Packed).
type SourcePacker interface {
	PackSource(src *Source) []byte
}

// Passage is a stretch of a source's cleaned text that search hits point
// to, with its byte offsets in the cleaned text and in the raw file.
type Passage struct {
	Start, End       int
	RawStart, RawEnd int
	Section          string
	Heading          bool
}

// Evidence returns the bytes that fact offsets point into.
func (s *Source) Evidence() []byte {
	if s.Layer != nil {
		return s.Layer
	}
	return s.Raw
}

// Summary counts what cleaning removed or repaired.
type Summary struct {
	Removed  map[string]int `json:"removed"`  // rule → removed segments
	Repaired map[string]int `json:"repaired"` // "朂→最" → count
	RawBytes int            `json:"raw_bytes"`
	Runes    int            `json:"runes"`
}

// Report is one government work report, possibly read from several copies.
type Report struct {
	ID       int64     `json:"id"`
	Identity Identity  `json:"identity"`
	Sources  []Source  `json:"sources"`
	Added    time.Time `json:"added"`
}

// Section is a part of a report's cleaned text, with byte offsets into it.
type Section struct {
	Kind     string    `json:"kind"` // review, targets, tasks, government, glossary, closing, heading
	Title    string    `json:"title"`
	Start    int       `json:"start"`
	End      int       `json:"end"`
	FiveYear bool      `json:"five_year,omitempty"` // about a five-year period, not one year
	Children []Section `json:"children,omitempty"`
}

// SectionNames name the kinds of section in Chinese; a heading has none.
var SectionNames = map[string]string{"review": "回顾", "targets": "主要预期目标", "tasks": "工作任务", "government": "政府自身建设",
	"livelihood": "民生实事", "glossary": "名词解释", "closing": "结束语"}

// Term is a glossary entry (名词解释) or a quoted slogan (“两进两回”), with
// its definition where the report gives one and its span in the text.
type Term struct {
	Term       string `json:"term"`
	Definition string `json:"definition,omitempty"`
	Kind       string `json:"kind"` // glossary, or slogan: a quoted name the body uses
	Start      int    `json:"start"`
	End        int    `json:"end"`
}

// ZH names a level in Chinese, "-" when unknown.
func (l Level) ZH() string {
	if s, ok := map[Level]string{LevelNational: "国家", LevelProvince: "省级", LevelCity: "地市级", LevelDistrict: "区", LevelCounty: "县级"}[l]; ok {
		return s
	}
	return "-"
}

// ZH names a kind of report in Chinese.
func (k Kind) ZH() string {
	return map[Kind]string{KindAnnual: "年度", KindFiveYear: "五年", KindSummary: "摘要"}[k]
}

// Heading names a report as people cite it, from its identity:
// 2020年盐城市亭湖区政府工作报告; a news story or digest about one says so.
// The page title a copy came with (来源：新华社…) is never the name.
func (id Identity) Heading() string {
	region := id.Region
	if id.Level == LevelNational || region == "全国" {
		region = "国务院"
	}
	name := "政府工作报告"
	switch {
	case region != "" && id.Year != 0:
		name = fmt.Sprintf("%d年%s政府工作报告", id.Year, region)
	case region != "":
		name = region + "政府工作报告"
	case id.Year != 0:
		name = fmt.Sprintf("%d年政府工作报告", id.Year)
	}
	if id.Kind == KindSummary {
		name += "（报道与摘要）"
	}
	return name
}
