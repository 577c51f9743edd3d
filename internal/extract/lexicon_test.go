package extract

import (
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/report"
)

// TestIndicatorLexicon checks every name of data/indicators.tsv: it maps
// to its own entry written alone and after the words reports put before
// it, and no name belongs to two entries.
func TestIndicatorLexicon(t *testing.T) {
	owner := map[string]string{}
	want := []string{"gdp", "general_budget_revenue", "fixed_asset_investment", "retail_sales", "urban_income", "rural_income",
		"industrial_value_added", "services_value_added", "trade", "fdi", "urban_jobs", "registered_unemployment",
		"surveyed_unemployment", "cpi", "energy_intensity", "pm25", "good_air_days", "forest_coverage", "rd_ratio"}
	ids := map[string]bool{}
	for _, e := range Indicators() {
		ids[e.ID] = true
		for _, name := range e.Names {
			t.Run(e.ID+"/"+name, func(t *testing.T) {
				if o, ok := owner[name]; ok {
					t.Fatalf("%s is a name of both %s and %s", name, o, e.ID)
				}
				owner[name] = e.ID
				for _, written := range []string{name, "全区" + name, "区属" + name} {
					got, ok := Canonical(written)
					if !ok || got.ID != e.ID {
						t.Errorf("Canonical(%q) = %v, want %s", written, got, e.ID)
					}
				}
			})
		}
	}
	for _, id := range want {
		if !ids[id] {
			t.Errorf("lexicon lacks %s", id)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"服务业增加值占地区生产总值比重", ""},
		{"高新技术产业产值占规上工业产值比重", ""},
		{"单位地区生产总值能耗", "energy_intensity"},
		{"农民人均纯收入", "rural_income"},
		{"区属GDP", "gdp"},
	} {
		got, ok := Canonical(c.in)
		if c.want == "" && ok || c.want != "" && (!ok || got.ID != c.want) {
			t.Errorf("Canonical(%q) = %v, want %q", c.in, got, c.want)
		}
	}
	for _, e := range Indicators() {
		if e.ID == "cpi" || e.ID == "energy_intensity" || e.ID == "registered_unemployment" || e.ID == "pm25" {
			if e.Higher {
				t.Errorf("%s: lower is better", e.ID)
			}
		}
	}
}

// TestActionEntries tries every verb of data/actions.txt as a commitment's
// action: 今年 + verb + 示范点10个 is one commitment with that action. The
// verbs that state a level (提高到, 控制在, 达到) are read as levels instead.
func TestActionEntries(t *testing.T) {
	tasks := []report.Section{{Kind: "tasks", Start: 0, End: 1 << 20}}
	for _, a := range lexicon().actions {
		if isLevelVerb(a) || strings.HasSuffix(a, "到") || strings.HasSuffix(a, "至") || strings.HasSuffix(a, "在") {
			continue
		}
		text := "今年" + a + "示范点10个。"
		fs := Facts(text, Context{Identity: annual2020, Sections: tasks})
		if len(fs) != 1 || fs[0].Fact.Action == nil || *fs[0].Fact.Action != a || fs[0].Fact.Indicator != "示范点" {
			got := ""
			if len(fs) == 1 && fs[0].Fact.Action != nil {
				got = *fs[0].Fact.Action + " | " + fs[0].Fact.Indicator
			}
			t.Errorf("%s: %d facts, %q", a, len(fs), got)
		}
	}
}
