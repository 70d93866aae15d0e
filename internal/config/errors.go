package config

import (
	"fmt"
	"sort"
	"strings"
)

// maxErrors is how many mistakes one Parse reports in full.
const maxErrors = 20

// Error is one mistake in a configuration file.
type Error struct {
	File         string
	Line, Column int
	Message      string
}

func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Message)
	case e.Column == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
}

// Errors are the mistakes of one file, in line order; More counts those
// left out beyond maxErrors.
type Errors struct {
	List []*Error
	More int
}

func (e *Errors) Error() string {
	lines := make([]string, len(e.List))
	for i, err := range e.List {
		lines[i] = err.Error()
	}
	if e.More > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more", e.More))
	}
	return strings.Join(lines, "\n")
}

// errorList collects mistakes up to maxErrors.
type errorList struct {
	file string
	errs Errors
}

func (l *errorList) add(line, col int, format string, args ...any) {
	if len(l.errs.List) >= maxErrors {
		l.errs.More++
		return
	}
	l.errs.List = append(l.errs.List, &Error{File: l.file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

// err returns the mistakes sorted by place, or nil.
func (l *errorList) err() error {
	if len(l.errs.List) == 0 {
		return nil
	}
	sort.SliceStable(l.errs.List, func(i, j int) bool {
		a, b := l.errs.List[i], l.errs.List[j]
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return &l.errs
}
