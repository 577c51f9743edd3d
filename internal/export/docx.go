package export

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// WriteDOCX writes paragraphs as a Word document: level 0 a centred
// title, 1 a bold heading, 2 body text with a first-line indent, in the
// fonts Chinese official documents use. No maintained Go DOCX writer is
// served by the module proxy here, and the few parts of WordprocessingML
// this needs are small, so they are written directly.
func WriteDOCX(w io.Writer, paragraphs [][2]string) error {
	zw := zip.NewWriter(w)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
	}
	var body strings.Builder
	for _, p := range paragraphs {
		var esc strings.Builder
		xml.EscapeText(&esc, []byte(p[1]))
		switch p[0] {
		case "0":
			fmt.Fprintf(&body, `<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr><w:t>%s</w:t></w:r></w:p>`, esc.String())
		case "1":
			fmt.Fprintf(&body, `<w:p><w:pPr><w:spacing w:before="120"/><w:ind w:firstLine="640"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr><w:t>%s</w:t></w:r></w:p>`, esc.String())
		default:
			fmt.Fprintf(&body, `<w:p><w:pPr><w:ind w:firstLine="640"/><w:spacing w:line="560" w:lineRule="exact"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, esc.String())
		}
	}
	parts["word/document.xml"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		f, err := zw.Create(name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, parts[name]); err != nil {
			return err
		}
	}
	return zw.Close()
}
