// Package export reads and writes the tables people keep in spreadsheets:
// CSV that opens in Excel (UTF-8 with a byte-order mark) and XLSX.
//
// Input and output: rows of strings, the first row the header.
package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/baogao/baogao/internal/report"
)

// ReadTable reads the first sheet of an XLSX file, or a CSV file (UTF-8
// with or without BOM, or GB18030 as Excel saves it in China).
func ReadTable(name string, raw []byte) ([][]string, error) {
	if strings.EqualFold(filepath.Ext(name), ".xlsx") || bytes.HasPrefix(raw, []byte("PK\x03\x04")) {
		f, err := excelize.OpenReader(bytes.NewReader(raw))
		if err != nil {
			return nil, report.Errorf(report.Invalid, "XLSX 文件无法读取：%v", err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, report.Errorf(report.Invalid, "工作簿中没有工作表")
		}
		rows, err := f.GetRows(sheets[0])
		if err != nil {
			return nil, report.Errorf(report.Invalid, "读取工作表 %s 失败：%v", sheets[0], err)
		}
		// A merged cell (one 牵头单位 for several rows) holds its value in
		// its first cell only: give it to every cell it covers.
		merged, err := f.GetMergeCells(sheets[0])
		if err != nil {
			return nil, report.Errorf(report.Invalid, "读取 %s 的合并单元格失败：%v", sheets[0], err)
		}
		for _, m := range merged {
			c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
			c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
			if err1 != nil || err2 != nil || r2-r1 > 10000 || c2-c1 > 1000 {
				continue
			}
			for r := r1; r <= r2 && r <= len(rows); r++ {
				for len(rows[r-1]) < c2 {
					rows[r-1] = append(rows[r-1], "")
				}
				for c := c1; c <= c2; c++ {
					rows[r-1][c-1] = m.GetCellValue()
				}
			}
		}
		return rows, nil
	}
	raw = bytes.TrimPrefix(raw, []byte{0xEF, 0xBB, 0xBF})
	if !isUTF8(raw) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
		if err != nil {
			return nil, report.Errorf(report.Invalid, "CSV 文件既不是 UTF-8 也不是 GB18030 编码")
		}
		raw = dec
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, report.Errorf(report.Invalid, "CSV 文件无法读取：%v", err)
	}
	for _, row := range rows {
		for i, c := range row {
			if escaped(c) {
				row[i] = c[1:] // as WriteCSV escaped it
			}
		}
	}
	return rows, nil
}

// formulaLike tells a cell a spreadsheet would run as a formula: one that
// starts with = + - @, a tab or a carriage return, and is not a number.
func formulaLike(c string) bool {
	if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return false
	}
	_, err := strconv.ParseFloat(c, 64)
	return err != nil
}

// escaped tells a cell escapeFormula wrote: an apostrophe before a
// formula-like cell or before another such cell.
func escaped(c string) bool {
	return len(c) > 1 && c[0] == '\'' && (formulaLike(c[1:]) || escaped(c[1:]))
}

// escapeFormula makes a formula-like cell text, with the apostrophe that
// spreadsheets take as "this is text" and do not show; a cell that looks
// escaped already gets one more, so that reading it back is exact.
func escapeFormula(c string) string {
	if formulaLike(c) || escaped(c) {
		return "'" + c
	}
	return c
}

func isUTF8(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

// Rows hands a table's rows to yield in order, the header first, and
// stops at yield's first error: a table can be written as it is read,
// never whole in memory.
type Rows func(yield func(row []string) error) error

// Slice is the Rows of a table already in memory.
func Slice(rows [][]string) Rows {
	return func(yield func([]string) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// WriteCSV writes rows as CSV with a byte-order mark, so Excel reads the
// Chinese right; a cell that would run as a formula is written as text.
func WriteCSV(w io.Writer, rows [][]string) error { return WriteCSVRows(w, Slice(rows)) }

// WriteCSVRows is WriteCSV for rows read as they are written.
func WriteCSVRows(w io.Writer, rows Rows) error {
	if _, err := w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	err := rows(func(row []string) error {
		out := make([]string, len(row))
		for i, c := range row {
			out[i] = escapeFormula(c)
		}
		return cw.Write(out)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes rows as one sheet with a bold, frozen header row.
func WriteXLSX(w io.Writer, sheet string, rows [][]string) error {
	return WriteXLSXRows(w, sheet, Slice(rows))
}

// WriteXLSXRows is WriteXLSX for rows read as they are written; the
// sheet goes through excelize's stream writer, which spills to disk.
func WriteXLSXRows(w io.Writer, sheet string, rows Rows) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	i := 0
	err = rows(func(r []string) error {
		cells := make([]any, len(r))
		for j, c := range r {
			if i == 0 {
				cells[j] = excelize.Cell{StyleID: bold, Value: c}
			} else {
				cells[j] = c
			}
		}
		i++
		cell, _ := excelize.CoordinatesToCellName(1, i)
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("freeze header: %w", err)
	}
	_, err = f.WriteTo(w)
	return err
}
