// Package clean turns the bytes of one report copy into its canonical text
// and keeps, for every byte of that text, the span of original bytes it came
// from.
//
// Input: raw bytes and a format (text, html, docx, pdf). Output: a Result
// whose Text is in the canonical form that every later stage is written
// against:
//
//   - one paragraph a line, lines joined by "\n", no blank lines, no
//     leading or trailing spaces, runs of spaces folded to one;
//   - digits, Latin letters, %, '.', '+' and '-' in ASCII (２０１９ → 2019,
//     ６．１３％ → 6.13%);
//   - Chinese punctuation full-width: ，；：（）！？ (an ASCII comma or colon
//     between two digits stays: 1,234 and 7:00);
//   - simplified characters: look-alike spam characters repaired from the
//     project's table, traditional characters converted with OpenCC;
//   - site chrome, preamble and trailer around the report, repeated copies
//     of paragraphs and injected SEO phrases removed.
//
// The steps run in that order, each a function from lines to lines, and
// each counts what it did in the Result's Summary.
package clean

import (
	"os/exec"
	"strings"
	"unicode"

	"github.com/baogao/baogao/internal/report"
)

// Result is a cleaned report copy.
type Result struct {
	Text     Text
	Format   string
	Encoding string
	// Layer is the extracted text of a container format (DOCX, PDF); Text
	// maps into it rather than into the raw bytes. Nil for text and HTML.
	Layer []byte
	Title string // the HTML <title>, when there is one
	// Masthead is the opening furniture cleaning removed (a site's name,
	// its licence line): identity may read a region there when the text
	// names none.
	Masthead string
	Summary  report.Summary
}

type summary struct{ s *report.Summary }

func (m summary) remove(rule string, n int) {
	if n > 0 {
		m.s.Removed[rule] += n
	}
}
func (m summary) repair(what string) { m.s.Repaired[what]++ }

// Options tune cleaning.
type Options struct {
	// PDFToText is the pdftotext command; empty means "pdftotext" on PATH.
	PDFToText string
}

// Clean decodes raw in the given format and cleans it.
func Clean(raw []byte, format string, opt Options) (Result, error) {
	res := Result{Format: format, Summary: report.Summary{Removed: map[string]int{}, Repaired: map[string]int{}, RawBytes: len(raw)}}
	var t Text
	var err error
	switch format {
	case "html":
		t, res.Encoding, err = Decode(raw)
		if err == nil {
			t, res.Title, err = htmlArticle(t)
		}
	case "docx":
		res.Encoding = "utf-8"
		res.Layer, err = docxText(raw)
		if err == nil {
			t, err = fromUTF8(res.Layer, 0)
		}
	case "pdf":
		res.Encoding = "utf-8"
		res.Layer, err = pdfText(raw, opt.PDFToText)
		if err == nil {
			t, err = fromUTF8(res.Layer, 0)
		}
	default:
		res.Format = "text"
		t, res.Encoding, err = Decode(raw)
	}
	if err != nil {
		return res, err
	}
	res.Text, res.Masthead = cleanText(t, res.Format == "pdf", summary{&res.Summary})
	if strings.TrimSpace(res.Text.s) == "" {
		return res, report.Errorf(report.Invalid, "清理后没有留下报告正文")
	}
	res.Summary.Runes = runeCount(res.Text.s)
	return res, nil
}

// cleanText runs the chain on decoded text; it returns the clean text
// and the first lines it removed.
func cleanText(t Text, pdf bool, sum summary) (Text, string) {
	wraps := hardWraps(t, pdf)
	lines := splitLines(normalize(t, sum))
	lines = repairChars(lines, &sum)
	lines, removed := dropChrome(lines, sum)
	lines = dropRepeats(lines, sum)
	lines, cut := trimAround(lines, sum)
	removed = append(removed, cut...)
	lines = dropSEO(lines, removed, sum)
	lines = joinWraps(lines, wraps, sum)
	lines = mendProse(lines, sum)
	var mast strings.Builder
	for _, l := range removed {
		if mast.Len()+len(l.s) > 1500 {
			break
		}
		mast.WriteString(l.s)
		mast.WriteByte('\n')
	}
	return joinLines(lines), mast.String()
}

// PDFAvailable reports whether the pdftotext command can be found.
func PDFAvailable(cmd string) bool {
	if cmd == "" {
		cmd = "pdftotext"
	}
	_, err := exec.LookPath(cmd)
	return err == nil
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// runeCount counts the runes of valid UTF-8, as the bytes that do not
// continue a rune: a byte test, where utf8.RuneCountInString decodes
// each CJK rune.
func runeCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}
