package extract

import (
	"testing"

	"github.com/baogao/baogao/internal/report"
)

// TestNames holds what a commitment or result is named for: the counted
// object as written, list items in order, examples and verbs cut away.
func TestNames(t *testing.T) {
	tasks := []report.Section{{Kind: "tasks", Start: 0, End: 1 << 20}}
	review := []report.Section{{Kind: "review", Start: 0, End: 1 << 20}}
	for _, c := range []struct {
		text  string
		secs  []report.Section
		names []string
	}{
		{"国有经济总资产、所有者权益分别达2040亿元、460亿元。", tasks, []string{"国有经济总资产", "所有者权益"}},
		{"城市和农村污水处理率分别达91.7%、54%。", review, []string{"城市污水处理率", "农村污水处理率"}},
		{"城乡居民人均可支配收入分别增长7.5%、9%。", review, []string{"城镇居民人均可支配收入", "农村居民人均可支配收入"}},
		{"启动银凤晓月四期等11个项目建设。", tasks, []string{"项目建设"}},
		{"新能源综合利用等重大产业项目10个。", review, []string{"重大产业项目"}},
		{"高标准打造13条农村生态示范河道。", review, []string{"农村生态示范河道"}},
		{"开展农村人居环境整治行动完成户厕改造1.4万座。", review, []string{"户厕改造"}},
		{"做好164条河道疏浚整治和25公里生态河道建设。", tasks, []string{"河道疏浚整治", "生态河道建设"}},
		{"今年城镇保障性住房基本建成470万套、新开工630万套。", tasks, []string{"城镇保障性住房", "城镇保障性住房"}},
		{"早籼稻、中晚籼稻、粳稻每50公斤分别提高3元、5元和10元。", tasks, nil},
		{"一产增加值增长4.5%以上。", tasks, []string{"一产增加值"}},
		{"城镇调查失业率和登记失业率均4.5%左右。", tasks, []string{"城镇调查失业率", "登记失业率"}},
		{"分别新增危废焚烧、工业污泥年处置能力4.5万吨和3万吨。", tasks, []string{"危废焚烧年处置能力", "工业污泥年处置能力"}},
		{"培育农村人居环境整治示范村100个、示范镇10个。", tasks, []string{"农村人居环境整治示范村", "农村人居环境整治示范镇"}},
		{"争创省级善治示范村5个、民主法治示范村2个。", tasks, []string{"省级善治示范村", "省级民主法治示范村"}},
		{"规上工业增加值、固定资产投资、社会消费品零售总额分别增长7%、8%、6%。", tasks, []string{"规上工业增加值", "固定资产投资", "社会消费品零售总额"}},
		// A verb nearer the number opens the clause that names what is
		// counted, where the comma before it was lost; not inside a name.
		{"推进城市防洪工程新改建排涝站6座。", tasks, []string{"排涝站"}},
		{"增加保洁机械化作业装备创建市级示范社区3个。", tasks, []string{"市级示范社区"}},
		{"新增建设用地2000亩。", tasks, []string{"建设用地"}},
		{"开展全区26个重点行业专项整治。", tasks, []string{"重点行业专项整治"}},
	} {
		var got []string
		for _, f := range Facts(c.text, Context{Identity: annual2020, Sections: c.secs}) {
			if f.Fact.Unit != nil && *f.Fact.Unit == "公斤" {
				got = append(got, "每50公斤")
			}
			if c.names != nil {
				got = append(got, f.Fact.Indicator)
			}
		}
		if c.names == nil {
			for _, g := range got {
				if g == "每50公斤" {
					t.Errorf("%s: a per-unit base read as a fact", c.text)
				}
			}
			continue
		}
		if len(got) != len(c.names) {
			t.Errorf("%s: names %q, want %q", c.text, got, c.names)
			continue
		}
		for i := range got {
			if got[i] != c.names[i] {
				t.Errorf("%s: names %q, want %q", c.text, got, c.names)
				break
			}
		}
	}
}
