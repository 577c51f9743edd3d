package sqlcommon

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/baogao/baogao/internal/evaluate"
	"github.com/baogao/baogao/internal/report"
)

// TestDecodeFactsAsEncodingJSON: the facts of the answer keys, stored as
// the store writes them, decode to what encoding/json gives.
func TestDecodeFactsAsEncodingJSON(t *testing.T) {
	var docs []report.FactJSON
	for _, name := range []string{"seeds.jsonl", "corpus.jsonl", "web.jsonl"} {
		gold, err := evaluate.ReadGoldFile(filepath.Join("../../../../shared/gold", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, fact := range gold {
			sec := "review"
			fact.Section, fact.Canonical = &sec, &fact.Indicator // fields the answer keys leave out
			b, _ := json.Marshal(fact)                           // every field, as the store writes a fact
			docs = append(docs, report.FactJSON{ID: int64(len(docs) + 1), JSON: b, Region: "某区", RegionCode: "320902"})
		}
	}
	if len(docs) < 1000 {
		t.Fatalf("%d facts", len(docs))
	}
	got, err := DecodeFacts(docs)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		var want report.Fact
		if err := json.Unmarshal(d.JSON, &want); err != nil {
			t.Fatal(err)
		}
		want.ID, want.Region, want.RegionCode = d.ID, d.Region, d.RegionCode
		if !reflect.DeepEqual(got[i], want) {
			t.Fatalf("fact %d decodes to\n%+v\nwant\n%+v", i, got[i], want)
		}
	}
	if _, err := DecodeFacts([]report.FactJSON{{ID: 9, JSON: []byte(`{"kind": `)}}); err == nil {
		t.Error("a broken fact decodes")
	}
}

func TestDecodeEventData(t *testing.T) {
	for _, data := range []string{`{}`, `null`, `{"fact_id":"12","quote":"新建学校\"12\"所\n","verdict":"met"}`, `{"note":"\u4e2d\u6587 \ud83d\ude00 <b>&amp;"}`} {
		var want map[string]string
		if err := json.Unmarshal([]byte(data), &want); err != nil {
			t.Fatal(err)
		}
		got, err := DecodeEventData(data)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v %v, want %v", data, got, err, want)
		}
	}
	for _, bad := range []string{`{"a":1}`, `{"a":`, `[]`} {
		if _, err := DecodeEventData(bad); err == nil {
			t.Errorf("%s decodes", bad)
		}
	}
}
