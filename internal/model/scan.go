package model

import (
	"strconv"
	"time"
)

// Scan statuses.
const (
	ScanComplete = "complete"
	ScanPartial  = "partial"
	ScanFailed   = "failed"
)

// Coverage statuses.
const (
	CoverageComplete = "complete" // the scope was read in full
	CoverageDenied   = "denied"   // the identity may not read it
	CoverageError    = "error"    // reading failed for another reason
	CoverageSkipped  = "skipped"  // deliberately not evaluated (unsupported kind …)
)

// Coverage records what a scan looked at: one scope and whether it was
// read. A scope is a resource type, optionally narrowed: "k8s.core.secret",
// "k8s.core.secret@team-a" (one namespace), "file:deploy/app.yaml".
type Coverage struct {
	Scope  string `json:"scope"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// InputError is input that could not be read or parsed. The rest of the
// scan goes on; the scan's exit code becomes 2.
type InputError struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

func (e InputError) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Message
	case e.File != "":
		return e.File + ": " + e.Message
	default:
		return e.Message
	}
}

// Scan is one run over one source.
type Scan struct {
	ID         string    `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// Source is "k8s" for a live cluster scan or "iac" for manifests.
	Source string `json:"source"`
	// Account is the cluster name for live scans; empty for IaC.
	Account  string       `json:"account,omitempty"`
	Status   string       `json:"status"`
	Coverage []Coverage   `json:"coverage"`
	Errors   []InputError `json:"errors"`
}

// Covered reports whether the scan read scope in full: either the scope
// itself or its type without a namespace was recorded complete.
func (s *Scan) Covered(typ, namespace string) bool {
	for _, c := range s.Coverage {
		if c.Status != CoverageComplete {
			continue
		}
		if c.Scope == typ || (namespace != "" && c.Scope == typ+"@"+namespace) {
			return true
		}
	}
	return false
}
