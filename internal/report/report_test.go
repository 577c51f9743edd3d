package report

import "testing"

// TestHeading: a report is named from its identity, never from the page
// title it came with.
func TestHeading(t *testing.T) {
	for _, c := range []struct {
		id   Identity
		want string
	}{
		{Identity{Region: "江苏省盐城市亭湖区", Year: 2020, Title: "来源：新华社"}, "2020年江苏省盐城市亭湖区政府工作报告"},
		{Identity{Region: "全国", Level: LevelNational, Year: 2024}, "2024年国务院政府工作报告"},
		{Identity{Region: "福建省", Year: 2022, Kind: KindSummary}, "2022年福建省政府工作报告（报道与摘要）"},
		{Identity{Year: 2016}, "2016年政府工作报告"},
		{Identity{}, "政府工作报告"},
	} {
		if got := c.id.Heading(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.id, got, c.want)
		}
	}
}
