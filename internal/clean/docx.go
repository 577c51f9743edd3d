package clean

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

// Bounds on what a DOCX or PDF expands to, against zip bombs and their
// kin: the text layer may be at most MaxExpansion times the file and
// never more than MaxLayer bytes (a long report is a few hundred KB of
// text); DOCX markup, which is mostly tags, may be MaxExpansion times the
// file and never more than 4×MaxLayer.
var (
	MaxLayer     int64 = 32 << 20
	MaxExpansion int64 = 100
)

// layerLimit is the most a file of n bytes may expand to.
func layerLimit(n int, cap int64) int64 {
	return min(cap, max(1<<20, MaxExpansion*int64(n)))
}

// errTooLarge tells what expanded too far.
func errTooLarge(what string, n int, limit int64) error {
	return report.Errorf(report.Invalid, "%s解压后超过上限（文件 %d 字节，上限 %d 字节）：疑似压缩炸弹，未读入", what, n, limit)
}

// capped reads at most limit bytes from r and fails past them.
type capped struct {
	r       io.Reader
	left    int64
	tooMuch error
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, c.tooMuch
	}
	if int64(len(p)) > c.left {
		p = p[:c.left+1] // one byte more tells "over" from "exactly"
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return 0, c.tooMuch
	}
	return n, err
}

// docxText extracts the paragraphs of word/document.xml, one a line.
func docxText(raw []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, report.Errorf(report.Invalid, "不是 DOCX 文件（不是 zip 压缩包）")
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return nil, report.Errorf(report.Invalid, "DOCX 中没有 word/document.xml")
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, report.Errorf(report.Invalid, "DOCX 文档无法读取：%v", err)
	}
	defer rc.Close()
	xmlLimit, textLimit := layerLimit(len(raw), 4*MaxLayer), layerLimit(len(raw), MaxLayer)
	tooMuch := errTooLarge("DOCX", len(raw), xmlLimit)
	if doc.UncompressedSize64 > uint64(xmlLimit) {
		return nil, tooMuch
	}
	dec := xml.NewDecoder(&capped{r: rc, left: xmlLimit, tooMuch: tooMuch})
	var out bytes.Buffer
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if errors.Is(err, tooMuch) {
			return nil, tooMuch
		}
		if err != nil {
			return nil, report.Errorf(report.Invalid, "DOCX 的 document.xml 不是有效的 XML：%v", err)
		}
		if int64(out.Len()) > textLimit {
			return nil, errTooLarge("DOCX 文本", len(raw), textLimit)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "t":
				inText = true
			case "tab":
				out.WriteByte('\t')
			case "br", "cr":
				out.WriteByte('\n')
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "t":
				inText = false
			case "p":
				out.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				out.Write(el)
			}
		}
	}
	if len(bytes.TrimSpace(out.Bytes())) == 0 {
		return nil, report.Errorf(report.Invalid, "DOCX 中没有文字")
	}
	return out.Bytes(), nil
}

// pdfText runs pdftotext (Debian's poppler-utils) on raw.
func pdfText(raw []byte, cmd string) ([]byte, error) {
	if cmd == "" {
		cmd = "pdftotext"
	}
	path, err := exec.LookPath(cmd)
	if err != nil {
		return nil, report.Errorf(report.Invalid, "读取 PDF 需要 %s（Debian 软件包 poppler-utils），尚未安装", cmd)
	}
	if !bytes.HasPrefix(raw, []byte("%PDF")) {
		return nil, report.Errorf(report.Invalid, "不是 PDF 文件")
	}
	f, err := os.CreateTemp("", "baogao-*.pdf")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(raw); err != nil {
		f.Close()
		return nil, err
	}
	f.Close()
	var stderr bytes.Buffer
	c := exec.Command(path, "-enc", "UTF-8", "-nopgbrk", f.Name(), "-")
	c.Stderr = &stderr
	pipe, err := c.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := c.Start(); err != nil {
		return nil, err
	}
	limit := layerLimit(len(raw), MaxLayer)
	tooMuch := errTooLarge("PDF 文本", len(raw), limit)
	out, rerr := io.ReadAll(&capped{r: pipe, left: limit, tooMuch: tooMuch})
	if rerr != nil {
		c.Process.Kill()
	}
	err = c.Wait()
	if errors.Is(rerr, tooMuch) {
		return nil, tooMuch
	}
	if err != nil || rerr != nil {
		return nil, report.Errorf(report.Invalid, "pdftotext 读取失败：%s", firstLine(strings.TrimSpace(stderr.String())))
	}
	if !utf8.Valid(out) || len(bytes.TrimSpace(out)) == 0 {
		return nil, report.Errorf(report.Invalid, "PDF 中没有可提取的文字（是扫描的图片吗？）")
	}
	return out, nil
}

// firstLine keeps a tool's message to one line, so that a bad file is one
// line of the batch's report.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
