package report

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// The message catalogue (data/messages.tsv): every message of the UI, the
// API and the CLI is written in Chinese where it arises; its English is
// kept here, one row a message, for people who ask for it.

//go:embed data/messages.tsv
var messagesTSV string

// English is the catalogue's English for a message format as the code
// writes it.
func English(format string) (string, bool) {
	en, ok := catalogue()[format]
	return en, ok
}

var catalogue = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(messagesTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		zh, en, _ := strings.Cut(line, "\t")
		m[zh] = en
	}
	return m
})

// Message is what people are told of err in a language: "zh" (the
// default) or "en". A message of a known kind is said alone, without the
// places it passed through on its way up; one the catalogue does not know
// is said as written.
func Message(err error, lang string) string {
	var e *Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	if lang != "en" || e.Format == "" {
		return e.Error()
	}
	en, ok := English(e.Format)
	if !ok {
		return e.Error()
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		if ae, ok := a.(error); ok {
			a = Message(ae, lang)
		}
		args[i] = a
	}
	return fmt.Sprintf(strings.ReplaceAll(en, "%w", "%v"), args...)
}
