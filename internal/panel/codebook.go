package panel

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/baogao/baogao/internal/extract"
)

// Column is one column of the long layout, as the codebook gives it.
type Column struct {
	Name     string `json:"name"`
	Type     string `json:"type"` // string, integer, number, boolean
	Nullable bool   `json:"nullable"`
	Unit     string `json:"unit,omitempty"`
	Doc      string `json:"doc"`
}

// Columns reads the long layout's columns from Row's tags.
func Columns() []Column {
	t := reflect.TypeOf(Row{})
	out := make([]Column, t.NumField())
	for i := range out {
		f := t.Field(i)
		c := Column{Name: strings.Split(f.Tag.Get("json"), ",")[0], Unit: f.Tag.Get("unit"), Doc: f.Tag.Get("doc")}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			c.Nullable, ft = true, ft.Elem()
		}
		switch ft.Kind() {
		case reflect.Int, reflect.Int64:
			c.Type = "integer"
		case reflect.Float64:
			c.Type = "number"
		case reflect.Bool:
			c.Type = "boolean"
		default:
			c.Type = "string"
		}
		out[i] = c
	}
	return out
}

// Conventions explain what the values mean beyond one column.
var Conventions = map[string]string{
	"year":          "目标行的 year 是计划年；实绩取自其后报告对同一年的陈述（回顾部分）。The row's year is the plan year; the result is what a later report states for that year.",
	"estimated":     "result_estimated 为 true：实绩是报告作出时的预计数（原文“预计”），不是最终统计数。",
	"value":         "数值按原文单位，不换算：950亿元 记 950 与 亿元；比较时 actual 换算到目标单位。Values are as written, not scaled.",
	"growth":        "增长记正、下降记负（下降3% 记 -3）；区间目标只有 low/high，无 growth。",
	"qualifier":     "左右、以上、以内、以下、力争、突破、不低于；超N、N多、N余 记 以上。",
	"wording":       "hard：确保、不低于、以上、以内、以下、突破（政府自我约束的界）；soft：力争、争取、左右、预期（努力方向）；先看 hard。",
	"verdict":       "met：实绩达到目标区间；exceeded：超出；missed：未达到；no_result：没有报告陈述该年实绩；not_comparable：口径或单位不可比（why 说明）。",
	"gap":           "gap = actual − 目标最近的界（增长目标为个百分点）；完成为非负。",
	"provenance":    "每个事实的引文 == 文件原始字节[start:end]，文件以 sha256 命名；target_fact_id / result_fact_id 对应 baogao 的事实编号。",
	"region_code":   "region_code 为报告年份有效的行政区划代码（yescallop/areacodes, CC0）；region_code_now 沿撤并追到今天所用代码。全国为 100000。",
	"wide_layout":   "宽表每个地区×年份一行，每个有规范编号的指标一组列 <id>.goal、<id>.actual、<id>.verdict…；同一指标有多条目标时取第一条。",
	"span_years":    "多年目标（五年规划）不在本面板：只收年度主要预期目标。",
	"missing":       "空值：原文没有该数。数值列为空不是 0。",
	"encoding_note": "CSV 为 UTF-8 带 BOM，以 = + - @ 开头的非数值单元格前加 ' 以免被当作公式。",
}

// Codebook is the machine-readable description of an export.
type Codebook struct {
	Dataset     string            `json:"dataset"`
	Format      string            `json:"format"`
	Layout      string            `json:"layout"`
	Columns     []Column          `json:"columns"`
	Conventions map[string]string `json:"conventions"`
	Counts      Counts            `json:"counts"`
	Provenance  Provenance        `json:"provenance"`
}

// Counts summarise the rows.
type Counts struct {
	Rows        int            `json:"rows"`
	Regions     int            `json:"regions"`
	YearFrom    int            `json:"year_from"`
	YearTo      int            `json:"year_to"`
	WithResult  int            `json:"with_result"`
	Verdicts    map[string]int `json:"verdicts"`
	ByLevel     map[string]int `json:"by_level"`
	ByIndicator map[string]int `json:"by_indicator"` // lexicon ids; "" for none
}

// Provenance says what made the export, so that it can be made again.
type Provenance struct {
	Baogao        string   `json:"baogao"`   // module version and VCS revision
	Lexicons      string   `json:"lexicons"` // SHA-256 of the extraction lexicons
	Filter        string   `json:"filter"`
	Inputs        []string `json:"inputs"`         // SHA-256 of every file a row points to
	InputsSHA256  string   `json:"inputs_sha256"`  // of the sorted list
	Made          string   `json:"made"`           // RFC 3339
	RowsSHA256    string   `json:"rows_sha256"`    // of the JSON lines of the long layout
	AreaCodesCite string   `json:"areacodes_cite"` // the division data's source
}

// NewCodebook describes p as exported.
func NewCodebook(p *Panel, format, layout, filter string, now time.Time) Codebook {
	cb := Codebook{Dataset: "baogao 政府工作报告目标面板 (targets panel)", Format: format, Layout: layout, Columns: Columns(), Conventions: Conventions}
	c := Counts{Verdicts: map[string]int{}, ByLevel: map[string]int{}, ByIndicator: map[string]int{}}
	regions := map[string]bool{}
	rows := sha256.New()
	for _, r := range p.Rows {
		c.Rows++
		regions[r.RegionCode+"|"+r.Region] = true
		if c.YearFrom == 0 || r.Year < c.YearFrom {
			c.YearFrom = r.Year
		}
		c.YearTo = max(c.YearTo, r.Year)
		if r.ResultFactID != 0 {
			c.WithResult++
		}
		c.Verdicts[r.Verdict]++
		c.ByLevel[r.Level]++
		c.ByIndicator[r.Canonical]++
		fmt.Fprintf(rows, "%s\n", jsonLine(r))
	}
	c.Regions = len(regions)
	cb.Counts = c
	in := sha256.Sum256([]byte(strings.Join(p.Inputs, "\n")))
	cb.Provenance = Provenance{Baogao: version(), Lexicons: extract.LexiconDigest(), Filter: filter, Inputs: p.Inputs,
		InputsSHA256: hex.EncodeToString(in[:]), Made: now.UTC().Format(time.RFC3339), RowsSHA256: hex.EncodeToString(rows.Sum(nil)),
		AreaCodesCite: "yescallop/areacodes (CC0 1.0), https://github.com/yescallop/areacodes"}
	return cb
}

// version names the build: module version and VCS revision when known.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Path + " " + bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
			v += " " + s.Key + "=" + s.Value
		}
	}
	return v
}

// Markdown renders the codebook for people.
func (cb Codebook) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# 代码本 Codebook：%s\n\n", cb.Dataset)
	fmt.Fprintf(&b, "格式 %s，%s 表；%d 行，%d 个地区，%d—%d 年；有实绩 %d 行。\n\n", cb.Format, cb.Layout, cb.Counts.Rows, cb.Counts.Regions, cb.Counts.YearFrom, cb.Counts.YearTo, cb.Counts.WithResult)
	b.WriteString("## 列 Columns（长表）\n\n| 列 | 类型 | 可空 | 单位 | 说明 |\n|---|---|---|---|---|\n")
	for _, c := range cb.Columns {
		null := ""
		if c.Nullable {
			null = "是"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", c.Name, c.Type, null, c.Unit, strings.ReplaceAll(c.Doc, "|", "\\|"))
	}
	b.WriteString("\n## 约定 Conventions\n\n")
	for _, k := range sortedKeys(cb.Conventions) {
		fmt.Fprintf(&b, "- **%s**：%s\n", k, cb.Conventions[k])
	}
	b.WriteString("\n## 计数 Counts\n\n")
	for _, group := range []struct {
		name string
		m    map[string]int
	}{{"结论 verdict", cb.Counts.Verdicts}, {"级别 level", cb.Counts.ByLevel}, {"指标 canonical", cb.Counts.ByIndicator}} {
		fmt.Fprintf(&b, "- %s：", group.name)
		for i, k := range sortedKeys(group.m) {
			if i > 0 {
				b.WriteString("，")
			}
			name := k
			if name == "" {
				name = "（无编号）"
			}
			fmt.Fprintf(&b, "%s %d", name, group.m[k])
		}
		b.WriteString("\n")
	}
	p := cb.Provenance
	fmt.Fprintf(&b, "\n## 来源 Provenance\n\n- baogao：%s\n- 词表 SHA-256：%s\n- 筛选：%s\n- 输入文件：%d 个，清单 SHA-256 %s（逐个列于 JSON 代码本）\n- 各行 SHA-256：%s\n- 生成时间：%s\n- 行政区划代码：%s\n",
		p.Baogao, p.Lexicons, p.Filter, len(p.Inputs), p.InputsSHA256, p.RowsSHA256, p.Made, p.AreaCodesCite)
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
