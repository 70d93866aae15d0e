// Package report renders scan results: a table for people, JSON (the
// versioned contract other tools read) and SARIF 2.1.0 for code-scanning
// services. Writers are pure functions of a Report; they never read the
// store or the network.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/model"
)

// SchemaVersion is the version of the JSON contract. Bump it only for
// incompatible changes; adding fields is compatible.
const SchemaVersion = 1

// Report is everything a writer may render.
type Report struct {
	Scan      *model.Scan
	Resources int
	Findings  []model.Finding
	// Resolved are findings this scan resolved (shown in the table only).
	Resolved []model.Finding
	// Rules describes the rules findings refer to (for SARIF help).
	Rules map[string]*model.RuleMeta
	// Version is Vigil's version, for SARIF's tool.driver.
	Version string
	// Frameworks holds the requirement states of the frameworks the scan
	// was asked about (--framework).
	Frameworks []FrameworkResult
	// Inconclusive are the checks that could not judge a resource
	// (attributes denied, or known only after deployment).
	Inconclusive []model.Inconclusive
}

// FrameworkResult is the state of every requirement of one framework.
type FrameworkResult struct {
	ID           string                        `json:"id"`
	Title        string                        `json:"title"`
	Version      string                        `json:"version"`
	Requirements []compliance.RequirementState `json:"requirements"`
}

// Options tune writers.
type Options struct {
	Color bool
}

// Writer renders a report.
type Writer func(w io.Writer, r *Report, opts Options) error

// Formats returns the writers by name.
func Formats() map[string]Writer {
	return map[string]Writer{
		"table":    Table,
		"json":     JSON,
		"sarif":    SARIF,
		"markdown": Markdown,
	}
}

// FormatNames lists the formats, sorted.
func FormatNames() []string {
	var out []string
	for n := range Formats() {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the writer for a format name.
func Lookup(name string) (Writer, error) {
	if w, ok := Formats()[name]; ok {
		return w, nil
	}
	return nil, fmt.Errorf("unknown format %q: use one of %s", name, strings.Join(FormatNames(), ", "))
}
