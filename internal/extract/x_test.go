package extract

import (
	"testing"

	"github.com/baogao/baogao/internal/report"
)

func TestX(t *testing.T) {
	for _, s := range []string{"1家企业入选省服务业创新百企示范工程，2家企业入选市首批服务业创新型示范企业。", "1名教师获评全国劳模。", "3部作品分别荣获国家级大奖。", "离岸执行额1亿美元。", "接待游客2241万人次。"} {
		for _, f := range Facts(s, Context{Identity: annual2020, Sections: []report.Section{{Kind: "review", Start: 0, End: 1 << 20}}}) {
			t.Logf("%s → %s | %s", s, f.Fact.Indicator, f.Fact.Rule)
		}
	}
}
