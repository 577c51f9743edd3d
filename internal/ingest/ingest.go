// Package ingest reads report files from paths, folders (recursively) and
// standard input, with their provenance, and tells their format.
//
// Input: command-line paths. Output: File values, one per file, or an error
// per file that could not be read; a bad file never stops the batch.
package ingest

import (
	"bytes"

	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/baogao/baogao/internal/report"
)

// DefaultMaxSize is the default largest file read, in bytes.
const DefaultMaxSize = 50 << 20

// File is one input file's bytes and where they came from.
type File struct {
	Path   string // as given, or "-" for standard input
	Raw    []byte
	Format string // text, html, docx, pdf
}

// Options control reading.
type Options struct {
	MaxSize int64     // 0 means DefaultMaxSize
	Stdin   io.Reader // read for the path "-"
	// Skipped, when set, hears of each file a folder holds that is not of
	// a report format, so that a walk can say how many it left out.
	Skipped func(path string)
}

// Walk expands paths into files, in a stable order, and calls fn for each
// file read and fail for each path that could not be read.
func Walk(paths []string, opt Options, fn func(File), fail func(path string, err error)) {
	max := opt.MaxSize
	if max <= 0 {
		max = DefaultMaxSize
	}
	for _, p := range paths {
		if p == "-" {
			raw, err := readLimited(opt.Stdin, max)
			if err != nil {
				fail(p, err)
				continue
			}
			fn(File{Path: p, Raw: raw, Format: Format("", raw)})
			continue
		}
		for _, f := range expand(p, fail, opt.Skipped) {
			raw, err := readFile(f, max)
			if err != nil {
				fail(f, err)
				continue
			}
			fn(File{Path: f, Raw: raw, Format: Format(f, raw)})
		}
	}
}

// Paths lists the files that Walk would read, for a progress total.
func Paths(paths []string) []string {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		out = append(out, expand(p, func(string, error) {}, nil)...)
	}
	return out
}

func expand(p string, fail func(string, error), skipped func(string)) []string {
	st, err := os.Stat(p)
	if err != nil {
		fail(p, err)
		return nil
	}
	if !st.IsDir() {
		return []string{p}
	}
	var out []string
	walkDir(p, map[string]bool{}, &out, fail, skipped)
	sort.Strings(out)
	return out
}

// walkDir lists the report files under dir, following symbolic links to
// files and folders; a folder already walked (a link loop, or two links to
// one place) is walked once. Hidden files and folders are left out, and
// in a folder only report formats are taken (a named file always is).
func walkDir(dir string, seen map[string]bool, out *[]string, fail func(string, error), skipped func(string)) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		fail(dir, err)
		return
	}
	if seen[real] {
		return
	}
	seen[real] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		fail(dir, err)
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		typ := e.Type()
		if typ&fs.ModeSymlink != 0 {
			st, err := os.Stat(path)
			if err != nil {
				fail(path, report.Errorf(report.Invalid, "符号链接无法打开 (broken link): %w", err))
				continue
			}
			typ = st.Mode().Type()
		}
		switch {
		case typ.IsDir():
			walkDir(path, seen, out, fail, skipped)
		case typ.IsRegular() && reportExt(e.Name()):
			*out = append(*out, path)
		case typ.IsRegular() && skipped != nil:
			skipped(path)
		}
	}
}

func readFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return readLimited(f, max)
	}
	if st.Size() > max {
		return nil, report.Errorf(report.Invalid, "文件 %d 字节，超过上限 %d 字节", st.Size(), max)
	}
	// Room for the whole file read at once, as os.ReadFile does, where
	// io.ReadAll grows its buffer step by step.
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, report.Errorf(report.Invalid, "输入超过上限 %d 字节", max)
	}
	return buf.Bytes(), nil
}

func readLimited(r io.Reader, max int64) ([]byte, error) {
	if r == nil {
		return nil, report.Errorf(report.Invalid, "没有标准输入")
	}
	raw, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) > max {
		return nil, report.Errorf(report.Invalid, "输入超过上限 %d 字节", max)
	}
	return raw, nil
}

var reportExts = map[string]bool{".txt": true, ".text": true, ".html": true, ".htm": true, ".shtml": true, ".xhtml": true, ".docx": true, ".pdf": true, "": true}

func reportExt(name string) bool { return reportExts[strings.ToLower(filepath.Ext(name))] }

// Format tells the format of a file from its name, else from its bytes.
func Format(name string, raw []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".shtml", ".xhtml", ".mht":
		return "html"
	case ".docx":
		return "docx"
	case ".pdf":
		return "pdf"
	case ".txt", ".text":
		return "text"
	}
	switch {
	case bytes.HasPrefix(raw, []byte("%PDF")):
		return "pdf"
	case bytes.HasPrefix(raw, []byte("PK\x03\x04")):
		return "docx"
	}
	head := bytes.ToLower(raw[:min(len(raw), 1024)])
	if bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html")) {
		return "html"
	}
	return "text"
}

// DisplayName is the base name shown for a path.
func DisplayName(path string) string {
	if path == "-" {
		return "stdin"
	}
	return filepath.Base(path)
}
