// Package diag holds the mistakes found in a file a user wrote
// (vigil.yaml, an exceptions file): each located at file:line:column,
// collected up to MaxErrors per file, sorted by place, and rendered
// once, at the edge, one per line.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// MaxErrors is how many mistakes of one file are reported in full.
const MaxErrors = 20

// Error is one mistake in a file. Line and Column are 0 when the
// mistake is the whole file's.
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
// left out beyond MaxErrors.
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

// List collects the mistakes of File.
type List struct {
	File string
	errs Errors
}

// Add records a mistake at line and column.
func (l *List) Add(line, col int, format string, args ...any) {
	if len(l.errs.List) >= MaxErrors {
		l.errs.More++
		return
	}
	l.errs.List = append(l.errs.List, &Error{File: l.File, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

// Len is how many mistakes were recorded, those left out included.
func (l *List) Len() int { return len(l.errs.List) + l.errs.More }

// Reset forgets the mistakes recorded.
func (l *List) Reset() { l.errs = Errors{} }

// Err returns the mistakes sorted by place as *Errors, or nil.
func (l *List) Err() error {
	if len(l.errs.List) == 0 {
		return nil
	}
	sort.SliceStable(l.errs.List, func(i, j int) bool {
		a, b := l.errs.List[i], l.errs.List[j]
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return &l.errs
}
