// Package report renders scan results: a table and self-contained HTML
// for people, Markdown for pull requests, JSON (the versioned contract
// other tools read), SARIF 2.1.0 for code-scanning services, OCSF
// events for security data lakes, ASFF for AWS Security Hub, CSV for
// spreadsheets and JUnit XML for CI test reports. Writers are pure
// functions of a Report; they never read the store, the clock or the
// network. Every format maps severities and statuses through scales.go
// and names a finding by its fingerprint.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/findings"
	"github.com/vigil-cspm/vigil/internal/model"
)

// SchemaVersion is the version of the JSON contract. Bump it only for
// incompatible changes; adding fields is compatible.
const SchemaVersion = 1

// Report is everything a writer may render.
type Report struct {
	Scan      *model.Scan
	Resources int
	// Findings are the scan's findings. A Stream receives them through
	// Findings, scope by scope; End's Report has them only when a
	// buffering writer collected them (table, Markdown, JUnit, HTML).
	Findings []model.Finding
	// Counts tallies every finding of the scan by severity name
	// (findings.Counts), for writers that did not keep them.
	Counts map[string]int
	// Resolved are findings this scan resolved: the table and HTML
	// list them; OCSF, ASFF, CSV and JUnit write them as resolved.
	Resolved []model.Finding
	// Rules describes the rules findings refer to (SARIF help, HTML).
	Rules map[string]*model.RuleMeta
	// Version is Vigil's version (SARIF's tool.driver, HTML).
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
	// Version is Vigil's version, for formats that name the producing
	// product in every record (OCSF) before End brings the Report.
	Version string
}

// Stream receives a scan's results as they are produced: the findings
// scope by scope, then, once the scan has ended, the rest of the report.
// Formats that can stream (JSON, SARIF, OCSF, ASFF, CSV) write each
// batch as it comes; those meant for people (table, Markdown, HTML)
// keep the findings to group them, and so does JUnit, whose suites
// state their counts before their cases.
type Stream interface {
	Findings(fs []model.Finding) error
	// End writes what is known only at the end (scan, coverage, counts,
	// resolved findings, frameworks) and completes the document.
	End(r *Report) error
}

// Skipper is a Stream that leaves some findings out (ASFF takes only
// findings on AWS resources of an AWS account). After End, Skipped says
// how many, by reason, for the caller to tell the user once.
type Skipper interface {
	Skipped() map[string]int
}

// Format is an output format.
type Format struct {
	Name string
	// Help says what it is for, in flag help.
	Help string
	New  func(w io.Writer, opts Options) Stream
}

// Formats lists the output formats.
func Formats() []Format {
	return []Format{
		{Name: "table", Help: "for people", New: buffered(Table)},
		{Name: "json", Help: "the versioned JSON contract", New: newJSONStream},
		{Name: "sarif", Help: "SARIF 2.1.0 for code scanning", New: newSARIFStream},
		{Name: "markdown", Help: "a pull-request comment", New: buffered(Markdown)},
		{Name: "ocsf", Help: ocsfHelp, New: newOCSFStream},
		{Name: "asff", Help: asffHelp, New: newASFFStream},
		{Name: "csv", Help: csvHelp, New: newCSVStream},
		{Name: "junit", Help: junitHelp, New: buffered(JUnit)},
		{Name: "html", Help: "one self-contained page for people, printable", New: buffered(HTML)},
	}
}

// FormatNames lists the formats' names, in Formats order.
func FormatNames() []string {
	var out []string
	for _, f := range Formats() {
		out = append(out, f.Name)
	}
	return out
}

// Lookup returns the format with this name.
func Lookup(name string) (Format, error) {
	for _, f := range Formats() {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("unknown format %q: use one of %s", name, strings.Join(FormatNames(), ", "))
}

// Render writes a whole report held in memory through a stream.
func Render(s Stream, r *Report) error {
	if err := s.Findings(r.Findings); err != nil {
		return err
	}
	end := *r
	end.Findings = nil
	if end.Counts == nil {
		end.Counts = findings.Counts(r.Findings)
	}
	return s.End(&end)
}

// resolvedFindings are the findings the scan resolved, with that status.
func resolvedFindings(r *Report) []model.Finding {
	out := make([]model.Finding, len(r.Resolved))
	for i, f := range r.Resolved {
		f.Status = model.StatusResolved
		out[i] = f
	}
	return out
}

// buffered makes a stream of a writer that needs every finding at once.
func buffered(write func(io.Writer, *Report, Options) error) func(io.Writer, Options) Stream {
	return func(w io.Writer, opts Options) Stream { return &bufferStream{w: w, opts: opts, write: write} }
}

type bufferStream struct {
	w     io.Writer
	opts  Options
	write func(io.Writer, *Report, Options) error
	fs    []model.Finding
}

func (b *bufferStream) Findings(fs []model.Finding) error {
	b.fs = append(b.fs, fs...)
	return nil
}

func (b *bufferStream) End(r *Report) error {
	end := *r
	end.Findings = b.fs
	findings.Sort(end.Findings)
	return b.write(b.w, &end, b.opts)
}
