package panel

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/baogao/baogao/internal/export"
	"github.com/baogao/baogao/internal/report"
)

// Formats and layouts a panel is written in.
var (
	Formats = []string{"csv", "xlsx", "parquet", "jsonl"}
	Layouts = []string{"long", "wide"}
)

// Write writes the panel in a format and a layout: long is a row per
// target, wide a row per region × year with a group of columns per
// indicator (those with a lexicon id), for csv, xlsx and jsonl.
func Write(w io.Writer, p *Panel, format, layout string) error {
	var header []string
	var rows [][]string
	var objects []map[string]any
	switch layout {
	case "", "long":
		if format == "parquet" {
			pw := parquet.NewGenericWriter[Row](w)
			if _, err := pw.Write(p.Rows); err != nil {
				return err
			}
			return pw.Close()
		}
		if format == "jsonl" {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			for _, r := range p.Rows {
				if err := enc.Encode(r); err != nil {
					return err
				}
			}
			return nil
		}
		for _, c := range Columns() {
			header = append(header, c.Name)
		}
		for _, r := range p.Rows {
			rows = append(rows, cells(r))
		}
	case "wide":
		if format == "parquet" {
			return report.Errorf(report.Invalid, "宽表的列随指标而变：请用 csv、xlsx 或 jsonl（parquet 用长表）")
		}
		header, rows, objects = wide(p.Rows)
		if format == "jsonl" {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			for _, o := range objects {
				if err := enc.Encode(o); err != nil {
					return err
				}
			}
			return nil
		}
	default:
		return report.Errorf(report.Invalid, "layout=%q：可选 long 或 wide", layout)
	}
	table := export.Slice(append([][]string{header}, rows...))
	switch format {
	case "csv":
		return export.WriteCSVRows(w, table)
	case "xlsx":
		return export.WriteXLSXRows(w, "面板", table)
	}
	return report.Errorf(report.Invalid, "format=%q：可选 %s", format, strings.Join(Formats, "、"))
}

// cells renders a row as text, in column order; an absent number is "".
func cells(r Row) []string {
	v := reflect.ValueOf(r)
	out := make([]string, v.NumField())
	for i := range out {
		out[i] = text(v.Field(i))
	}
	return out
}

func text(f reflect.Value) string {
	switch f.Kind() {
	case reflect.Pointer:
		if f.IsNil() {
			return ""
		}
		return text(f.Elem())
	case reflect.Float64:
		return strconv.FormatFloat(f.Float(), 'f', -1, 64)
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(f.Int(), 10)
	case reflect.Bool:
		return strconv.FormatBool(f.Bool())
	}
	return f.String()
}

// wideFields are the columns a wide row keeps of each indicator.
var wideFields = []string{"goal", "qualifier", "wording", "actual", "gap", "gap_unit", "verdict", "target_fact_id", "result_fact_id"}

func wide(rows []Row) ([]string, [][]string, []map[string]any) {
	type key struct {
		code string
		year int
	}
	base := []string{"region", "region_code", "region_code_now", "level", "parent_region", "parent_code", "year"}
	var keys []key
	byKey := map[key]map[string]any{}
	inds := map[string]bool{}
	for _, r := range rows {
		if r.Canonical == "" {
			continue
		}
		k := key{r.RegionCode + "|" + r.Region, r.Year}
		o, ok := byKey[k]
		if !ok {
			o = map[string]any{"region": r.Region, "region_code": r.RegionCode, "region_code_now": r.RegionCodeNow, "level": r.Level,
				"parent_region": r.ParentRegion, "parent_code": r.ParentCode, "year": r.Year}
			byKey[k] = o
			keys = append(keys, k)
		}
		if _, taken := o[r.Canonical+".goal"]; taken {
			continue // the first target of an indicator stands for it
		}
		inds[r.Canonical] = true
		long := map[string]any{}
		b, _ := json.Marshal(r)
		json.Unmarshal(b, &long)
		for _, f := range wideFields {
			o[r.Canonical+"."+f] = long[f]
		}
	}
	var names []string
	for n := range inds {
		names = append(names, n)
	}
	sort.Strings(names)
	header := append([]string(nil), base...)
	for _, n := range names {
		for _, f := range wideFields {
			header = append(header, n+"."+f)
		}
	}
	var out [][]string
	var objects []map[string]any
	for _, k := range keys {
		o := byKey[k]
		line := make([]string, len(header))
		for i, h := range header {
			switch v := o[h].(type) {
			case nil:
			case float64:
				line[i] = strconv.FormatFloat(v, 'f', -1, 64)
			default:
				line[i] = fmt.Sprint(v)
			}
		}
		out = append(out, line)
		objects = append(objects, o)
	}
	return header, out, objects
}

func jsonLine(r Row) []byte {
	b, _ := json.Marshal(r)
	return b
}
