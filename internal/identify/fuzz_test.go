package identify

import (
	"testing"
	"unicode/utf8"
)

// FuzzIdentify: any text gets an identity without a panic, with a year
// that is unknown (0) or plausible, and a code only with a region.
func FuzzIdentify(f *testing.F) {
	f.Add("2020年政府工作报告\n——2020年1月8日在盐城市亭湖区第十届人民代表大会第五次会议上\n区长 王某", "")
	f.Add("各位代表：现在，我代表市人民政府向大会报告工作", "2023年政府工作报告_苏州市人民政府")
	f.Add("十四五 2035年远景目标 ２０２３年", "")
	f.Fuzz(func(t *testing.T, text, title string) {
		if !utf8.ValidString(text) {
			return
		}
		id := IdentifyWith(text, Hints{Title: title})
		if id.Year != 0 && (id.Year < 1949 || id.Year > 2100) {
			t.Fatalf("year %d from %q", id.Year, text)
		}
		if id.RegionCode != "" && id.Region == "" {
			t.Fatalf("code %s without a region from %q", id.RegionCode, text)
		}
	})
}
