package clean

import "strings"

// labelsZH name what cleaning removed or repaired, for people: the
// summary keeps stable English keys, shown in Chinese.
var labelsZH = map[string]string{
	"SEO phrase":                    "SEO 插入语",
	"chrome line":                   "网页栏目行",
	"full-width→ASCII":              "全角字母数字转半角",
	"invisible character":           "不可见字符",
	"line wrap":                     "断行",
	"pinyin gloss":                  "拼音注音",
	"preamble":                      "正文前的网页内容",
	"repeated paragraph":            "重复段落",
	"repeated title":                "重复标题",
	"space escape":                  "空格转义符",
	"space inside a word or number": "词语或数字中的空格",
	"trailer":                       "正文后的网页内容",
	"。→.":                           "数字中的句号改为小数点",
}

// LabelZH names a summary key in Chinese: 网页栏目：首页 for chrome: 首页;
// a character repair (朂→最) is its own name.
func LabelZH(key string) string {
	if zh, ok := labelsZH[key]; ok {
		return zh
	}
	if rest, ok := strings.CutPrefix(key, "chrome: "); ok {
		return "网页栏目：" + rest
	}
	return key
}
