package export

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadTable: any file is read or refused, never a panic.
func FuzzReadTable(f *testing.F) {
	f.Add("t.csv", []byte("序号,工作任务\n1,新建养老机构床位1000张\n"))
	f.Add("t.xlsx", []byte("PK\x03\x04"))
	f.Add("t.csv", []byte("a,\"b\nc"))
	f.Fuzz(func(t *testing.T, name string, raw []byte) {
		ReadTable(name, raw)
	})
}

// FuzzCSVRoundTrip: a cell written by WriteCSV reads back as it was,
// formulas escaped on the way and unescaped on the way back.
func FuzzCSVRoundTrip(f *testing.F) {
	for _, c := range []string{"县民政局", "=HYPERLINK(\"x\")", "-3.4", "+86", "'=x", "@", "\t", "含,逗号"} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		if !utf8.ValidString(cell) || strings.ContainsAny(cell, "\r\x00") || cell == "" || strings.HasPrefix(cell, "\ufeff") {
			return // CSV itself turns \r\n into \n; a lone BOM cell is the file's BOM
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, [][]string{{cell, "x"}}); err != nil {
			t.Fatal(err)
		}
		rows, err := ReadTable("t.csv", buf.Bytes())
		if err != nil || len(rows) != 1 || rows[0][0] != cell {
			t.Fatalf("%q read back as %q (%v)", cell, rows, err)
		}
		if formulaLike(cell) && !strings.HasPrefix(strings.TrimPrefix(buf.String(), "\ufeff"), "'") && !strings.HasPrefix(strings.TrimPrefix(buf.String(), "\ufeff"), `"'`) {
			t.Fatalf("formula %q written as %q", cell, buf.String())
		}
	})
}
