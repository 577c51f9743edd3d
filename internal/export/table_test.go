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
