package clean

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/baogao/baogao/internal/report"
)

const sample = "2020年政府工作报告\n各位代表：\n全年实现地区生产总值950亿元，增长7.5%；一般公共预算收入121.1亿元。\n"

func mustClean(t *testing.T, raw []byte, format string) Result {
	t.Helper()
	res, err := Clean(raw, format, Options{})
	if err != nil {
		t.Fatalf("Clean: %v", err)
	}
	return res
}

// TestLookalikeTable checks every entry of data/lookalikes.tsv: it is
// repaired where it stands for the common character, and an entry that is
// also a real character is left alone outside a spam copy.
func TestLookalikeTable(t *testing.T) {
	entries := Lookalikes()
	if len(entries) < 40 {
		t.Fatalf("table has %d entries", len(entries))
	}
	seen := map[rune]bool{}
	for _, e := range entries {
		t.Run(fmt.Sprintf("%c→%c", e.Spam, e.Standard), func(t *testing.T) {
			if seen[e.Spam] {
				t.Fatalf("%c listed twice", e.Spam)
			}
			seen[e.Spam] = true
			line := "我们全力推进测试" + string(e.Spam) + "工作，成效明显。"
			spamCopy := "各位代表：\n朂新消息，建荿一批，咑好基础。\n" + line
			got := mustClean(t, []byte(spamCopy), "text").Text.String()
			if !strings.Contains(got, "测试"+string(e.Standard)+"工作") {
				t.Errorf("in a spam copy %c was not repaired to %c: %q", e.Spam, e.Standard, got)
			}
			plain := mustClean(t, []byte("各位代表：\n"+line), "text").Text.String()
			if e.SpamOnly && !strings.ContainsRune(plain, e.Spam) {
				t.Errorf("%c is a real character too, but was changed in a plain copy: %q", e.Spam, plain)
			}
			if !e.SpamOnly && strings.ContainsRune(plain, e.Spam) {
				t.Errorf("%c not repaired in a plain copy", e.Spam)
			}
		})
	}
}

func TestTraditionalOnlyWhereTraditional(t *testing.T) {
	got := mustClean(t, []byte("各位代表：\n穩增長、調結構，顯著成效。乾隆年間的甪直古鎮。\n著力推进，显著提升。"), "text").Text.String()
	want := "各位代表：\n稳增长、调结构，显著成效。乾隆年间的甪直古镇。\n著力推进，显著提升。"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestDecodeEncodings(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(sample))
	gb18030, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(sample + "𠀀"))
	big5, _ := traditionalchinese.Big5.NewEncoder().Bytes([]byte("二〇二〇年政府工作報告\n各位代表：\n全年實現地區生產總值九百五十億元，比上年增長百分之七點五，經濟運行穩中向好。\n"))
	u16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(sample))
	u16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(sample))
	u16noBOM, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(sample))
	for _, c := range []struct {
		name, enc string
		raw       []byte
		want      string
	}{
		{"utf-8", "utf-8", []byte(sample), "地区生产总值950亿元"},
		{"utf-8 BOM", "utf-8-bom", append([]byte{0xEF, 0xBB, 0xBF}, sample...), "地区生产总值950亿元"},
		{"gbk", "gb18030", gbk, "地区生产总值950亿元"},
		{"gb18030 four-byte", "gb18030", gb18030, "𠀀"},
		{"big5", "big5", big5, "地区生产总值九百五十亿元"},
		{"utf-16le BOM", "utf-16le", u16le, "地区生产总值950亿元"},
		{"utf-16be BOM", "utf-16be", u16be, "地区生产总值950亿元"},
		{"utf-16le no BOM", "utf-16le", u16noBOM, "地区生产总值950亿元"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := mustClean(t, c.raw, "text")
			if res.Encoding != c.enc {
				t.Errorf("encoding %s, want %s", res.Encoding, c.enc)
			}
			text := res.Text.String()
			i := strings.Index(text, c.want)
			if i < 0 {
				t.Fatalf("%q not in %q", c.want, text)
			}
			// The map leads back to the same characters in the raw bytes.
			s, e := res.Text.RawSpan(i, i+len(c.want))
			dec, _, err := Decode(c.raw[s:e])
			if c.enc == "utf-16le" || c.enc == "utf-16be" || c.name == "utf-8 BOM" {
				return // a BOM-less slice of UTF-16 is not self-describing
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := Simplify(dec.String()); got != c.want {
				t.Errorf("raw[%d:%d] decodes to %q, want %q", s, e, got, c.want)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name, format string
		raw          []byte
		want         string
	}{
		{"empty", "text", nil, "空文件"},
		{"blank", "text", []byte(" \n\t\n"), "空文件"},
		{"binary", "text", []byte("\x00\x01\x02\x03ELF\x00\x00\x7f\x00binary"), "二进制文件"},
		{"undecodable", "text", bytes.Repeat([]byte{0x81, 0x20, 0xFF, 0xFE, 0x80}, 50), "无法解码"},
		{"docx not zip", "docx", []byte("this is not a zip archive"), "不是 zip"},
		{"html no article", "html", []byte("<html><head><title>x</title></head><body><nav><a href=/>首页</a></nav></body></html>"), "没有正文"},
		{"pdf not pdf", "pdf", []byte("plain text"), ""},
		{"only chrome", "text", []byte("我要回帖\n分享到\n"), "没有留下报告正文"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.format == "pdf" && !PDFAvailable("") {
				c.want = "poppler-utils"
			} else if c.format == "pdf" {
				c.want = "不是 PDF"
			}
			_, err := Clean(c.raw, c.format, Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one mentioning %q", err, c.want)
			}
			if report.KindOf(err) != report.Invalid {
				t.Errorf("error kind %v, want Invalid", report.KindOf(err))
			}
		})
	}
}

func TestPDFToolMissing(t *testing.T) {
	_, err := Clean([]byte("%PDF-1.4\n"), "pdf", Options{PDFToText: "no-such-pdftotext"})
	if err == nil || !strings.Contains(err.Error(), "no-such-pdftotext") || !strings.Contains(err.Error(), "poppler-utils") {
		t.Fatalf("error %v should name the missing tool and its package", err)
	}
}

func TestHTMLArticle(t *testing.T) {
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>2020年示范区政府工作报告_政务公开</title>
<script>var ad = "领取福利";</script><style>.x{}</style></head><body>
<div class="nav"><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/gov">政务公开</a></div>
<div class="share">分享到：微信 微博</div>
<div id="content" class="article">
<h1>2020年示范区政府工作报告</h1>
<p>各位代表：</p>
<p>现在，我代表区人民政府，向大会作政府工作报告，请予审议，并请各位政协委员提出意见。</p>
<p>2019年，全区实现地区生产总值950亿元，增长7.5%&#xff1b;一般公共预算收入121.1亿元，增长9.2%。我们坚持稳中求进工作总基调，统筹推进稳增长、促改革、调结构、惠民生、防风险各项工作。</p>
<p>2020年主要预期目标是：地区生产总值增长6%左右&nbsp;；城镇新增就业1.2万人。全区上下要坚定信心，真抓实干，确保完成全年目标任务，为全面建成小康社会打下坚实基础。</p>
</div>
<div class="comments"><h3>我要回帖</h3><textarea></textarea></div>
<div class="footer">版权所有 © 示范区人民政府 网站地图</div>
</body></html>`
	res := mustClean(t, []byte(page), "html")
	text := res.Text.String()
	for _, want := range []string{"地区生产总值950亿元，增长7.5%；一般公共预算收入", "增长6%左右 ；城镇新增就业", "各位代表："} {
		if !strings.Contains(text, want) {
			t.Errorf("article text lacks %q:\n%s", want, text)
		}
	}
	for _, junk := range []string{"首页", "分享到", "领取福利", "我要回帖", "版权所有", ".x{}"} {
		if strings.Contains(text, junk) {
			t.Errorf("%q kept:\n%s", junk, text)
		}
	}
	i := strings.Index(text, "地区生产总值950亿元")
	s, e := res.Text.RawSpan(i, i+len("地区生产总值950亿元"))
	if got := page[s:e]; got != "地区生产总值950亿元" {
		t.Errorf("raw span %q", got)
	}
	j := strings.Index(text, "；一般")
	s, e = res.Text.RawSpan(j, j+len("；"))
	if got := page[s:e]; got != "&#xff1b;" {
		t.Errorf("an entity maps to %q, want the entity", got)
	}
}

func docx(t *testing.T, paras ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	w, _ = zw.Create("word/document.xml")
	var body strings.Builder
	for _, p := range paras {
		// Split each paragraph into two runs, as Word does.
		h := len(p) / 2
		for !utf8.RuneStart(p[h]) {
			h++
		}
		fmt.Fprintf(&body, `<w:p><w:r><w:t>%s</w:t></w:r><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, p[:h], p[h:])
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>`, body.String())
	zw.Close()
	return buf.Bytes()
}

func TestDOCX(t *testing.T) {
	raw := docx(t, "2020年示范区政府工作报告", "各位代表：", "全年实现地区生产总值950亿元，增长7.5%。")
	res := mustClean(t, raw, "docx")
	want := "2020年示范区政府工作报告\n各位代表：\n全年实现地区生产总值950亿元，增长7.5%。"
	if res.Text.String() != want {
		t.Errorf("got %q, want %q", res.Text.String(), want)
	}
	i := strings.Index(want, "950亿元")
	s, e := res.Text.RawSpan(i, i+len("950亿元"))
	if got := string(res.Layer[s:e]); got != "950亿元" {
		t.Errorf("layer span %q", got)
	}
}

// minimalPDF writes a one-page PDF showing lines of Latin text.
func minimalPDF(lines ...string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 12 Tf 72 720 Td 14 TL\n")
	for _, l := range lines {
		fmt.Fprintf(&content, "(%s) Tj T*\n", l)
	}
	content.WriteString("ET")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func TestPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatalf("pdftotext is needed for this test (apt install poppler-utils): %v", err)
	}
	raw := minimalPDF("Government Work Report 2020", "GDP grew 7.5 percent to 95.0 billion yuan; revenue 12.1 billion.")
	res := mustClean(t, raw, "pdf")
	if !strings.Contains(res.Text.String(), "GDP grew 7.5 percent") {
		t.Fatalf("pdf text %q", res.Text.String())
	}
	i := strings.Index(res.Text.String(), "7.5 percent")
	s, e := res.Text.RawSpan(i, i+len("7.5 percent"))
	if string(res.Layer[s:e]) != "7.5 percent" {
		t.Errorf("layer span %q", res.Layer[s:e])
	}
}

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"国内生产总值超过３０万亿元，比上年增长９％", "国内生产总值超过30万亿元，比上年增长9%"},
		{"财政收入６．１３万亿元", "财政收入6.13万亿元"},
		{"地区生产总值950亿元,增长7.5%;投资1,234.5亿元", "地区生产总值950亿元，增长7.5%；投资1,234.5亿元"},
		{"晚7:00-9:00在线(区长)", "晚7:00-9:00在线（区长）"},
		{"<U+00A0><U+00A0>现在，我代表國務(wù)院", "现在，我代表国务院"},
		{"绩效考评(xx)高层", "绩效考评（xx）高层"},
		{"a\u200bb\u3000c", "ab c"},
		{"第一段。\r\n第二段。\r第三段。", "第一段。\n第二段。\n第三段。"},
	} {
		got := mustClean(t, []byte("各位代表：\n"+c.in), "text").Text.String()
		if got != "各位代表：\n"+c.want {
			t.Errorf("%q → %q, want %q", c.in, strings.TrimPrefix(got, "各位代表：\n"), c.want)
		}
	}
}

func TestRepeatsAndTrailer(t *testing.T) {
	body := "现在，我代表区人民政府向大会作工作报告，请予审议。全年实现地区生产总值950亿元。"
	in := "某某论坛欢迎您，请先登录再发帖提问\n2020年某区政府工作报告\n" + body + "\n" + body + "\n" +
		strings.Repeat("各项工作取得新进展，群众获得感持续增强，社会大局和谐稳定。\n", 1) +
		"各位代表，新的一年，让我们团结一心、砥砺奋进，奋力开创高质量发展新局面！\n" +
		"下期预告：区长在线栏目定于5月19日晚在线解答市民提问，欢迎参与。\n"
	res := mustClean(t, []byte(in), "text")
	text := res.Text.String()
	if strings.Count(text, body) != 1 {
		t.Errorf("repeated paragraph kept %d times", strings.Count(text, body))
	}
	if strings.Contains(text, "论坛") || strings.Contains(text, "下期预告") {
		t.Errorf("preamble or trailer kept:\n%s", text)
	}
	if !strings.HasSuffix(text, "新局面！") {
		t.Errorf("closing paragraph lost:\n%s", text)
	}
	if res.Summary.Removed["repeated paragraph"] != 1 || res.Summary.Removed["preamble"] != 1 || res.Summary.Removed["trailer"] != 1 {
		t.Errorf("summary %v", res.Summary.Removed)
	}
}

func ExampleClean() {
	raw := []byte("我要回帖\n2020年政府工作报告\n各位代表：\n地区生产总值９５０億元,增長7.5%\n分享到")
	res, _ := Clean(raw, "text", Options{})
	fmt.Println(res.Text)
	i := strings.Index(res.Text.String(), "950")
	s, e := res.Text.RawSpan(i, i+3)
	fmt.Printf("%q\n", raw[s:e])
	// Output:
	// 2020年政府工作报告
	// 各位代表：
	// 地区生产总值950亿元，增长7.5%
	// "９５０"
}

// TestWrapsAndSpacesInNumbers mends what web pages and PDF wraps do to
// numbers and verbs, and keeps the offsets true.
func TestWrapsAndSpacesInNumbers(t *testing.T) {
	for in, want := range map[string]string{
		"各位代表：\n城镇居民人均可支配收入3852\n6元，增长9%。":  "城镇居民人均可支配收入38526元，增长9%。",
		"各位代表：\n社会消费品零售总额增\n长9.1%，成效明显。":    "社会消费品零售总额增长9.1%，成效明显。",
		"各位代表：\n一般公共预算收入385. 23亿元，增长6%。":    "一般公共预算收入385.23亿元，增长6%。",
		"各位代表：\n地区生产总值690亿元，同比增长9。5%。":      "地区生产总值690亿元，同比增长9.5%。",
		"各位代表：\n固定资产投资分别完成8 12.15亿元和656亿元。": "固定资产投资分别完成812.15亿元和656亿元。",
		"各位代表：\n城鎮居民 人均可支配收入增長 10.3%，成效明显。": "城镇居民人均可支配收入增长10.3%，成效明显。",
		"各位代表：\n工业用电量增 长- 12.5%，降幅收窄。":      "工业用电量增长-12.5%，降幅收窄。",
	} {
		res := mustClean(t, []byte(in), "text")
		got := res.Text.String()
		if !strings.Contains(got, want) {
			t.Errorf("%q → %q, want %q", in, got, want)
			continue
		}
		i := strings.Index(got, want)
		s, e := res.Text.RawSpan(i, i+len(want))
		if raw := in[s:e]; !strings.HasPrefix(raw, string([]rune(want)[:1])) || !strings.HasSuffix(raw, "。") {
			t.Errorf("%q: raw span %q does not hold the mended text", in, raw)
		}
	}
}

// TestStandardCharactersKept keeps every character of data/standard.tsv
// in a traditional copy that is otherwise converted.
func TestStandardCharactersKept(t *testing.T) {
	for _, st := range Standard() {
		line := "各位代表：\n華為" + st.Example + "項目在昇平街道開工。"
		got := mustClean(t, []byte(line), "text").Text.String()
		if !strings.Contains(got, st.Example) || !strings.Contains(got, "华为") {
			t.Errorf("%c: %q", st.Char, got)
		}
	}
}

// TestSpamTrailersAndWidgets drops finance and gambling spam trailers
// and news widgets; the report's own sentences stay.
func TestSpamTrailersAndWidgets(t *testing.T) {
	in := "各位代表：\n地区生产总值增长6%，一般公共预算收入增长5%。\n【正规股票配资】低息配资平台，股市有风险，投资需谨慎\n国内新闻精选：\n- 2025年03月12日\n"
	got := mustClean(t, []byte(in), "text").Text.String()
	for _, junk := range []string{"配资", "股市有风险", "新闻精选", "2025年03月12日"} {
		if strings.Contains(got, junk) {
			t.Errorf("%s kept: %q", junk, got)
		}
	}
	if !strings.Contains(got, "地区生产总值增长6%") {
		t.Errorf("report text lost: %q", got)
	}
}

// TestSEONotAfterWords keeps 生产总值 after 地区: 地区, 社区 and 城市 end
// in a place suffix but name no place.
func TestSEONotAfterWords(t *testing.T) {
	page := "亭湖区生产总值 亭湖区生产总值最新\n各位代表：\n全区地区生产总值增长6%，城市生产总值稳定。地区生产总值950亿元。\n"
	got := mustClean(t, []byte(page), "text").Text.String()
	if strings.Count(got, "地区生产总值") != 2 {
		t.Errorf("生产总值 cut after 地区: %q", got)
	}
}

// TestUTF16WithoutBOM reads Chinese UTF-16 text without a byte-order mark,
// in both byte orders, as text.
func TestUTF16WithoutBOM(t *testing.T) {
	text := "各位代表：\n地区生产总值增长6%，一般公共预算收入增长5%。\n"
	u := utf16.Encode([]rune(text))
	for _, be := range []bool{false, true} {
		raw := make([]byte, 2*len(u))
		for i, c := range u {
			if be {
				raw[2*i], raw[2*i+1] = byte(c>>8), byte(c)
			} else {
				raw[2*i], raw[2*i+1] = byte(c), byte(c>>8)
			}
		}
		res, err := Clean(raw, "text", Options{})
		if err != nil || !strings.Contains(res.Text.String(), "地区生产总值增长6%") {
			t.Errorf("big-endian %v: %v %q", be, err, res.Text.String())
		}
	}
}

// TestDOCXBomb: a small DOCX whose text expands far beyond its size is
// refused with the reason, both when its zip header admits the size and
// when the text alone passes the bound, and a large real-sized report
// still reads.
func TestDOCXBomb(t *testing.T) {
	para := strings.Repeat("新建养老机构床位1000张。", 40)
	paras := make([]string, 30000) // 41 MB of text in a 215 KB file
	for i := range paras {
		paras[i] = para
	}
	bomb := docx(t, paras...)
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes: not a bomb", len(bomb))
	}
	_, err := Clean(bomb, "docx", Options{})
	if err == nil || !strings.Contains(err.Error(), "压缩炸弹") {
		t.Fatalf("a %d-byte DOCX of 41 MB text: %v", len(bomb), err)
	}
	// The same text in a file of proportionate size is a report, only long.
	if _, err := Clean(docx(t, paras[:300]...), "docx", Options{}); err != nil {
		t.Errorf("a 190 KB DOCX report: %v", err)
	}
	// A reader the zip header lies to is stopped by the count, not the header.
	c := &capped{r: strings.NewReader(strings.Repeat("x", 100)), left: 10, tooMuch: errTooLarge("x", 1, 10)}
	if n, err := io.Copy(io.Discard, c); err == nil || n > 11 {
		t.Errorf("capped reader let %d bytes through: %v", n, err)
	}
}

// TestSummaryLabels: every key cleaning writes into a summary, over the
// seeds and the web copies, has a Chinese name.
func TestSummaryLabels(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus-web/*.txt")
	seeds, _ := filepath.Glob(seedDir + "/*.txt")
	keys := map[string]bool{}
	for _, p := range append(files, seeds...) {
		raw, _ := os.ReadFile(p)
		res, err := Clean(raw, "text", Options{})
		if err != nil {
			continue
		}
		for k := range res.Summary.Removed {
			keys[k] = true
		}
		for k := range res.Summary.Repaired {
			keys[k] = true
		}
	}
	if len(keys) < 5 {
		t.Fatalf("%d keys seen", len(keys))
	}
	for k := range keys {
		zh := LabelZH(k)
		if !strings.ContainsFunc(zh, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("summary key %q shows as %q", k, zh)
		}
	}
	for k, zh := range labelsZH {
		if LabelZH(k) != zh {
			t.Errorf("%q", k)
		}
	}
}

// TestShortLegacyTextIsGB18030: a short GBK phrase, on which the detector
// gives GB18030 and Big5 the same confidence, is read as GB18030 every
// time (the detector's own pick between them went by chance).
func TestShortLegacyTextIsGB18030(t *testing.T) {
	b, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("地区生产总值950亿元"))
	for i := 0; i < 100; i++ {
		d, enc, err := Decode(b)
		if err != nil || enc != "gb18030" || d.String() != "地区生产总值950亿元" {
			t.Fatalf("try %d: %q as %s (%v)", i, d.String(), enc, err)
		}
	}
}

// TestHardWrappedText joins a plain text saved hard-wrapped (a PDF's text
// in a .txt file), glosses cut by the wrap included, and leaves a text
// written in paragraphs as it is.
func TestHardWrappedText(t *testing.T) {
	para := "各位代表：过去一年，全市地区生产总值达到6200亿元，增长6.1%；一般公共预算收入完成330亿元，同口径增长6.5%；城镇新增就業(yè)7.2万人，城镇调查失业率5.2%。今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%。"
	var lines []string
	for r := []rune(para); len(r) > 0; {
		n := min(len(r), 24)
		lines = append(lines, string(r[:n]))
		r = r[n:]
	}
	in := "政府工作报告\n" + strings.Join(lines, "\n") + "\n"
	got := mustClean(t, []byte(in), "text").Text.String()
	for _, want := range []string{"达到6200亿元，增长6.1%；一般公共预算收入完成330亿元", "城镇新增就业7.2万人", "主要预期目标是：地区生产总值增长6%左右"} {
		if !strings.Contains(got, want) {
			t.Errorf("wrapped text not joined: %q lacks %q", got, want)
		}
	}
	// Paragraphs of prose, each its own line, are not a wrapped text.
	// Lines of one length are no wrapped text when they end sentences or
	// are a column of dated links; text written in paragraphs has no width.
	var ending, links, paragraphs []string
	for i := range 8 {
		ending = append(ending, fmt.Sprintf("全市新建学校%d所，新增学位%d个，改造农村公路%d公里。", 10+i, 1000+i, 80+i))
		links = append(links, fmt.Sprintf("- 2025年03月12日 21:05:1%d 政府工作报告", i))
		paragraphs = append(paragraphs, strings.Repeat("全市新建学校，", i+3)+"。")
	}
	for name, lines := range map[string][]string{"sentences": ending, "dated links": links, "paragraphs": paragraphs} {
		if w := textWrapWidth(lines); w != 0 {
			t.Errorf("%s read as wrapped at %d", name, w)
		}
	}
	if w := textWrapWidth(lines); w != 24 {
		t.Errorf("the wrapped text's width: %d, want 24", w)
	}
}
