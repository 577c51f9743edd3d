package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var rows = [][]string{
	{"序号", "工作任务", "牵头单位", "完成时限"},
	{"1", "新建养老机构床位1000张", "市民政局", "2020年12月底"},
	{"2", "含,逗号与\"引号\"的任务", "", "长期坚持"},
	{"3", `=HYPERLINK("http://example.com","点此")`, "+县教育局", "-3.4"},
}

// TestCSVFormulas: cells a spreadsheet would run are written as text,
// numbers stay numbers, and reading the CSV back gives the cells as they were.
func TestCSVFormulas(t *testing.T) {
	cases := map[string]string{"=1+1": "'=1+1", "+86 0471": "'+86 0471", "-cmd|' /C calc'!A0": "'-cmd|' /C calc'!A0", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "-3.4": "-3.4", "+5": "+5", "县民政局": "县民政局"}
	for in, want := range cases {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, [][]string{{in}}); err != nil {
			t.Fatal(err)
		}
		rows, err := ReadTable("x.csv", buf.Bytes())
		if err != nil || len(rows) != 1 || rows[0][0] != in {
			t.Errorf("%q read back as %v (%v)", in, rows, err)
		}
		if got := strings.TrimSuffix(strings.TrimPrefix(buf.String(), "\ufeff"), "\r\n"); strings.Trim(got, `"`) != want {
			t.Errorf("%q written as %q, want %q", in, got, want)
		}
	}
}

func TestRoundTrips(t *testing.T) {
	var csvBuf, xlsxBuf bytes.Buffer
	if err := WriteCSV(&csvBuf, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(csvBuf.Bytes(), []byte{0xEF, 0xBB, 0xBF}) {
		t.Error("CSV without a byte-order mark opens garbled in Excel")
	}
	if err := WriteXLSX(&xlsxBuf, "任务", rows); err != nil {
		t.Fatal(err)
	}
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().String(strings.TrimPrefix(csvBuf.String(), "\ufeff"))
	for name, raw := range map[string][]byte{"t.csv": csvBuf.Bytes(), "t.xlsx": xlsxBuf.Bytes(), "gbk.csv": []byte(gbk)} {
		got, err := ReadTable(name, raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Spreadsheets drop trailing empty cells; compare what holds text.
		for i := range got {
			for len(got[i]) < len(rows[i]) {
				got[i] = append(got[i], "")
			}
		}
		if diff := cmp.Diff(rows, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	if _, err := ReadTable("x.xlsx", []byte("PK\x03\x04 not really")); err == nil {
		t.Error("a broken workbook should fail")
	}
	if _, err := ReadTable("x.csv", []byte("a,\"b\nc")); err == nil {
		t.Error("a broken CSV should fail")
	}
}
