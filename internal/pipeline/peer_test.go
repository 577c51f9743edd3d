package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/report"
)

// TestPeerProvinceTargets holds the 2026 provincial GDP targets to the
// table another project collected from the official sites
// (../shared/data/peer-prov-2026): the same bounds and the same wording.
func TestPeerProvinceTargets(t *testing.T) {
	dir := "../../../shared/data/peer-prov-2026"
	raw, err := os.ReadFile(filepath.Join(dir, "targets.json"))
	if err != nil {
		t.Fatal(err)
	}
	var table []struct {
		CN, File, Phrasing string
		Low, High          float64
	}
	if err := json.Unmarshal(raw, &table); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, row := range table {
		text, err := os.ReadFile(filepath.Join(dir, row.File))
		if os.IsNotExist(err) {
			continue // 福建 is not in the collection
		}
		if err != nil {
			t.Fatal(err)
		}
		p, err := Process(ingest.File{Path: row.File, Raw: text, Format: "text"}, Options{})
		if err != nil {
			t.Fatalf("%s: %v", row.CN, err)
		}
		checked++
		var got *report.Fact
		for i, f := range p.Facts {
			if f.Kind == report.Target && f.Canonical != nil && *f.Canonical == "gdp" && f.Year != nil && *f.Year == 2026 && f.Value == nil && (f.Growth != nil || f.Low != nil) {
				got = &p.Facts[i]
				break
			}
		}
		if got == nil {
			t.Errorf("%s: no 2026 GDP target", row.CN)
			continue
		}
		low, high, phrasing := 0.0, 0.0, got.Qualifier
		if got.Low != nil {
			low, high, phrasing = *got.Low, *got.High, "区间"
		} else {
			low, high = *got.Growth, *got.Growth
		}
		if low != row.Low || high != row.High || phrasing != row.Phrasing {
			t.Errorf("%s: %v–%v %q (%s), the table says %v–%v %q", row.CN, low, high, phrasing, got.Quote, row.Low, row.High, row.Phrasing)
		}
	}
	if checked < 30 {
		t.Errorf("%d provinces checked", checked)
	}
}
