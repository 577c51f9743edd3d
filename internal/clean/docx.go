package clean

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"strings"
	"unicode/utf8"

	"github.com/baogao/baogao/internal/report"
)

// maxDocxXML bounds the unzipped document part, against zip bombs.
const maxDocxXML = 200 << 20

// docxText extracts the paragraphs of word/document.xml, one a line.
func docxText(raw []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, report.Errorf(report.Invalid, "DOCX is not a zip archive")
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return nil, report.Errorf(report.Invalid, "DOCX has no word/document.xml")
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, report.Errorf(report.Invalid, "DOCX document unreadable: %v", err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, maxDocxXML))
	var out bytes.Buffer
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, report.Errorf(report.Invalid, "DOCX document.xml is not valid XML: %v", err)
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
		return nil, report.Errorf(report.Invalid, "DOCX holds no text")
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
		return nil, report.Errorf(report.Invalid, "reading PDF needs %s (Debian package poppler-utils), which is not installed", cmd)
	}
	if !bytes.HasPrefix(raw, []byte("%PDF")) {
		return nil, report.Errorf(report.Invalid, "not a PDF file")
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
	out, err := c.Output()
	if err != nil {
		return nil, report.Errorf(report.Invalid, "pdftotext failed: %s", strings.TrimSpace(stderr.String()))
	}
	if !utf8.Valid(out) || len(bytes.TrimSpace(out)) == 0 {
		return nil, report.Errorf(report.Invalid, "PDF holds no extractable text (a scanned image?)")
	}
	return out, nil
}
