package report

import (
	"errors"
	"fmt"
)

// ErrorKind classifies errors so that commands and servers can map them to
// exit codes and HTTP statuses in one table.
type ErrorKind int

// The closed set of error kinds.
const (
	Internal ErrorKind = iota
	NotFound
	Invalid
	Conflict
	Forbidden
	Unauthenticated // no account: sign in (401), where Forbidden is an account that may not (403)
)

// Error is an error of a known kind. Format and Args are the message as
// written, for the catalogue to say it in another language.
type Error struct {
	Kind   ErrorKind
	Msg    string
	Err    error
	Format string
	Args   []any
}

func (e *Error) Error() string {
	if e.Msg != "" || e.Err == nil {
		return e.Msg
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an error of kind k.
func Errorf(k ErrorKind, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: k, Msg: err.Error(), Err: errors.Unwrap(err), Format: format, Args: args}
}

// KindOf returns the kind of err, Internal when it has none.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Wrap annotates *errp with a location, keeping its kind, when it is not nil.
// Use it deferred at exported boundaries.
func Wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}
