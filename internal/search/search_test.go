package search

import (
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	for in, want := range map[string]string{
		"安装简单":    "安装 装简 简单",
		"待处理":     "待处 处理",
		"增长6.5%":  "增长 6.5%",
		"PM2.5浓度": "pm2.5 浓度",
		"国，家":     "国 家",
		"ＧＤＰ增长６％": "gdp 增长 6%",
	} {
		if got := Tokens(in); got != want {
			t.Errorf("Tokens(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	simplify := func(s string) string { return strings.NewReplacer("經", "经", "濟", "济").Replace(s) }
	for in, want := range map[string]string{
		"低空经济":     `"低空 空经 经济"`,
		"养老 托育":    `"养老" AND "托育"`,
		`"老旧小区改造"`: `"老旧 旧小 小区 区改 改造"`,
		"养老 -床位":   `("养老") NOT "床位"`,
		"养老 OR 托育": `("养老" OR "托育")`,
		"經濟":       `"经济"`,
		"养":        `"养"*`,
		"６．５％":     `"6.5%"`,
	} {
		p, err := Parse(in, simplify)
		if err != nil || p.Match != want {
			t.Errorf("Parse(%q) = %q %v, want %q", in, p.Match, err, want)
		}
	}
	for _, bad := range []string{"", "  ", "-床位", "，。"} {
		if _, err := Parse(bad, nil); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestHighlightAndSnippet(t *testing.T) {
	text := "推进城镇老旧小区改造，完成老旧小区改造300个。"
	hl := Highlight(text, []string{"老旧小区改造"})
	if len(hl) != 2 || text[hl[0][0]:hl[0][1]] != "老旧小区改造" {
		t.Fatalf("highlights %v", hl)
	}
	long := strings.Repeat("各项工作稳步推进。", 40) + text
	snip, shl := Snippet(long, Highlight(long, []string{"老旧小区改造"}), 40)
	if len(shl) == 0 || snip[shl[0][0]:shl[0][1]] != "老旧小区改造" || len([]rune(snip)) > 40 {
		t.Errorf("snippet %q %v", snip, shl)
	}
}
