package pipeline

import (
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/baogao/baogao/internal/ingest"
	"github.com/baogao/baogao/internal/report"
)

// printPDF prints text as a PDF with Debian's chromium, one paragraph a
// line, as an office prints a report from its word processor.
func printPDF(t *testing.T, text string) []byte {
	t.Helper()
	browser := ""
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := exec.LookPath(p); err == nil {
				browser = p
				break
			}
		}
	}
	if browser == "" {
		t.Fatal("this test prints a PDF with Debian's chromium (apt install chromium)")
	}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`<html><meta charset="utf-8"><body style="font-size:14px;width:600px">`)
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			b.WriteString("<p>" + html.EscapeString(l) + "</p>")
		}
	}
	page := filepath.Join(dir, "r.html")
	if err := os.WriteFile(page, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "r.pdf")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--print-to-pdf="+out, page)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, msg)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func targets(t *testing.T, name string, raw []byte, format string) []string {
	t.Helper()
	p, err := Process(ingest.File{Path: name, Raw: raw, Format: format}, Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []string
	for _, f := range p.Facts {
		if f.Kind != report.Target {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s", f.Indicator, numbers(f)))
	}
	sort.Strings(out)
	return out
}

func numbers(f report.Fact) string {
	var b strings.Builder
	for _, p := range []*float64{f.Value, f.Growth, f.ChangePP, f.Low, f.High} {
		if p != nil {
			fmt.Fprintf(&b, "%g ", *p)
		}
	}
	return b.String() + f.Qualifier
}

// TestPDFGivesTheTextsTargets prints a corpus report as a PDF and reads
// it back: its hard-wrapped lines must give the targets its text gives.
func TestPDFGivesTheTextsTargets(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatalf("pdftotext is needed for this test (apt install poppler-utils): %v", err)
	}
	raw, err := os.ReadFile("../../../shared/corpus/022_hebei_province_2026.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := targets(t, "022.txt", raw, "text")
	pdf := targets(t, "022.pdf", printPDF(t, string(raw)), "pdf")
	if len(text) < 5 {
		t.Fatalf("the text gives %d targets", len(text))
	}
	if strings.Join(text, "\n") != strings.Join(pdf, "\n") {
		t.Errorf("text targets:\n%s\nPDF targets:\n%s", strings.Join(text, "\n"), strings.Join(pdf, "\n"))
	}
}
