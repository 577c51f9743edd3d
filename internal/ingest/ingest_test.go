package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		name string
		raw  string
		want string
	}{
		{"a.txt", "<html>", "text"},
		{"a.HTM", "", "html"},
		{"a.docx", "", "docx"},
		{"a.pdf", "", "pdf"},
		{"-", "%PDF-1.7", "pdf"},
		{"-", "PK\x03\x04", "docx"},
		{"-", "\n<!DOCTYPE html><html>", "html"},
		{"-", "2020年政府工作报告", "text"},
	} {
		if got := Format(c.name, []byte(c.raw)); got != c.want {
			t.Errorf("Format(%q, %q) = %s, want %s", c.name, c.raw, got, c.want)
		}
	}
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub", ".git"), 0o755)
	for name, body := range map[string]string{
		"b.txt": "b", "a.html": "a", "sub/c.docx": "c", "sub/notes.md": "md", "sub/.git/x.txt": "hidden",
		"big.txt": strings.Repeat("x", 2048), "noext": "n",
	} {
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	var got, failed []string
	Walk([]string{dir, filepath.Join(dir, "sub", "notes.md"), "-", filepath.Join(dir, "nope")}, Options{MaxSize: 1024, Stdin: strings.NewReader("stdin text")},
		func(f File) { got = append(got, strings.TrimPrefix(f.Path, dir+"/")+"="+string(f.Raw)) },
		func(p string, err error) { failed = append(failed, strings.TrimPrefix(p, dir+"/")+": "+err.Error()) })
	want := "a.html=a b.txt=b noext=n sub/c.docx=c " + dir + "/sub/notes.md=md -=stdin text"
	if strings.Join(got, " ") != strings.ReplaceAll(want, dir+"/", "") {
		t.Errorf("walked %q\nwant   %q", strings.Join(got, " "), want)
	}
	if len(failed) != 2 || !strings.Contains(failed[0], "big.txt: 文件 2048 字节，超过上限") || !strings.HasPrefix(failed[1], "nope") {
		t.Errorf("failures %q", failed)
	}
}
