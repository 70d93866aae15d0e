// Package store defines how Vigil keeps what it learns: scans with their
// coverage, the (redacted) inventory, and findings with their lifecycle —
// first seen, last seen, resolved — and an append-only history of every
// transition. Implementations live in subpackages (sqlite; postgres
// later) and share the lifecycle rules in this package.
//
// Invariants: history is appended, never rewritten; a finding resolves
// only when a later scan of the same source and account evaluated its
// rule, covered its scope (its resource type and namespace, or its file,
// and the types its rule reads) and did not see it; no secret value is ever stored
// (resources arrive redacted).
package store

import (
	"context"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Store keeps scans, inventory and findings.
type Store interface {
	// Record stores a finished scan with its resources and findings,
	// advances the lifecycle of every finding of the same source and
	// account, and returns the scan's findings with their stored
	// first_seen and the findings it resolved.
	Record(ctx context.Context, rec Record) (Outcome, error)
	// Findings lists stored findings.
	Findings(ctx context.Context, q Query) ([]model.Finding, error)
	// History lists the lifecycle events of one finding, oldest first.
	History(ctx context.Context, fingerprint string) ([]Event, error)
	// Scans lists recent scans, newest first.
	Scans(ctx context.Context, limit int) ([]model.Scan, error)
	// Close releases the store.
	Close() error
}

// Record is what one scan hands to the store.
type Record struct {
	Scan      *model.Scan
	Resources []*model.Resource
	Findings  []model.Finding
	// RelatedTypes maps rule ids to the other types they read.
	RelatedTypes map[string][]string
	// Evaluated holds the ids of the rules the scan evaluated. Findings of
	// other rules (left out by --framework, or user rules not loaded this
	// time) are never resolved by it.
	Evaluated map[string]bool
	// Hidden holds fingerprints the scan found but did not report (on
	// system objects without --include-system): they are not resolved.
	Hidden map[string]bool
}

// Outcome is what recording a scan changed.
type Outcome struct {
	Findings []model.Finding // the scan's findings, lifecycle fields from the store
	Resolved []model.Finding // findings this scan resolved
	Opened   int             // findings seen for the first time (or again after resolution)
}

// Query filters stored findings. Zero fields do not filter.
type Query struct {
	Status      string
	MinSeverity model.Severity
	RuleID      string
	IDPrefix    string // findings whose id starts with it
	Source      string
	Account     string
	Namespace   string
	Limit       int
}

// Event is one lifecycle transition of a finding.
type Event struct {
	Fingerprint string    `json:"id"`
	ScanID      string    `json:"scan_id"`
	At          time.Time `json:"at"`
	Event       string    `json:"event"` // opened, reopened, resolved
	Severity    string    `json:"severity"`
	Message     string    `json:"message,omitempty"`
}

// Lifecycle events.
const (
	EventOpened   = "opened"
	EventReopened = "reopened"
	EventResolved = "resolved"
)

// Scope is what a stored finding needs covered before it may resolve.
// Namespace holds the resource's partition (model.Resource.Partition).
type Scope struct {
	ResourceType string
	Namespace    string
	File         string
	RelatedTypes []string
}

// CanResolve reports whether scan covered scope: for manifests, the file
// was read in full; for live sources, the resource type (in the finding's
// namespace or cluster-wide) and every type the rule reads.
func CanResolve(scan *model.Scan, s Scope) bool {
	if scan.Status == model.ScanFailed {
		return false
	}
	if s.File != "" && strings.HasPrefix(scan.Source, "iac") {
		return scan.Covered("file:"+s.File, "")
	}
	if !scan.Covered(s.ResourceType, s.Namespace) {
		return false
	}
	for _, t := range s.RelatedTypes {
		if !scan.Covered(t, s.Namespace) {
			return false
		}
	}
	return true
}
