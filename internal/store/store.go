// Package store defines how Vigil keeps what it learns: scans with their
// coverage, the (redacted) inventory, and findings with their lifecycle —
// first seen, last seen, resolved — and an append-only history of every
// transition. A scan is written scope by scope (Begin, Scope, Finish).
// The implementation is sqlstore, with the sqlite (embedded default) and
// postgres dialects; the lifecycle rules are this package's.
//
// Invariants: history is appended, never rewritten; a finding resolves
// only when a later scan of the same source and account finished,
// evaluated its rule, covered its scope (its resource type and
// namespace, or its file, and the types its rule reads) and did not see
// it; no secret value is ever stored (resources arrive redacted).
package store

import (
	"context"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Store keeps scans, inventory and findings.
type Store interface {
	// Begin starts recording a scan, stored as running until its
	// Recording finishes: a scan is written scope by scope, so memory
	// never holds more than one scope of it.
	// related maps rule ids to the other types they read (their
	// findings resolve only when those were covered too).
	Begin(ctx context.Context, scan *model.Scan, related map[string][]string) (Recording, error)
	// Findings lists stored findings.
	Findings(ctx context.Context, q Query) ([]model.Finding, error)
	// History lists the lifecycle events of one finding ("" for every
	// one), oldest first.
	History(ctx context.Context, fingerprint string) ([]Event, error)
	// Mark appends a person's verdict on a finding (a false positive,
	// or clearing one) to its marks.
	Mark(ctx context.Context, m Mark) error
	// Marks lists the marks of one finding ("" for every one), oldest
	// first.
	Marks(ctx context.Context, fingerprint string) ([]Mark, error)
	// Resources lists the inventory: every stored resource's identity,
	// with when the store first and last saw it.
	Resources(ctx context.Context) ([]ResourceRecord, error)
	// Resource returns the stored (redacted) resource with this ID, with
	// its attributes and relations as the latest scan that saw it read
	// them; nil when the inventory does not hold it.
	Resource(ctx context.Context, id string) (*model.Resource, error)
	// StoredResources returns the stored resources of one source, in
	// the given accounts and of the given types, whole, by ID.
	StoredResources(ctx context.Context, q StoredQuery) ([]*model.Resource, error)
	// Scans lists recent scans, newest first.
	Scans(ctx context.Context, limit int) ([]model.Scan, error)
	// HasScanned reports whether a scan of source and account finished
	// (complete or partial) before.
	HasScanned(ctx context.Context, source, account string) (bool, error)
	// Exceptions returns the stored exception set, by id, with its
	// version.
	Exceptions(ctx context.Context) (ExceptionSet, error)
	// ReplaceExceptions makes set the stored exception set, if the set
	// is still at version (ErrConflict otherwise: read it again), and
	// appends events to its history, in one transaction: both or
	// neither.
	ReplaceExceptions(ctx context.Context, version int64, set []ExceptionRecord, events []ExceptionEvent) error
	// ExceptionHistory lists the events of one exception ("" for
	// every one), oldest first.
	ExceptionHistory(ctx context.Context, id string) ([]ExceptionEvent, error)
	// ResourceCounts counts the inventory's resources by source,
	// account and type.
	ResourceCounts(ctx context.Context) ([]ResourceCount, error)
	// RecordReport appends a report run (a compliance report or an
	// evidence bundle produced) to the store's record of them.
	RecordReport(ctx context.Context, run ReportRun) error
	// ReportRuns lists the report runs at or after since, oldest first.
	ReportRuns(ctx context.Context, since time.Time) ([]ReportRun, error)
	Notifications
	// Compact removes history older than before, in one transaction
	// (on a dry run it counts and rolls back). It never removes open
	// findings, exceptions or their history, marks, the service's audit
	// log, or what a report
	// judging any time at or after before reads: each finding's newest
	// event before it, each source and account's newest complete or
	// partial scan before it, the scans and resources kept findings
	// name, notifications still pending or retrying. CompactBefore
	// turns a retention policy into before.
	Compact(ctx context.Context, before time.Time, dryRun bool) (Compaction, error)
	// Close releases the store.
	Close() error
}

// Notifications keeps what package notify told whom: per channel and
// finding the state last notified (so a state is told once) and the
// ticket kept for it, and the delivery log.
type Notifications interface {
	// ClaimNotify makes state the state channel was last told of the
	// finding fingerprint, unless it already was: claimed reports
	// whether this call changed it (of two concurrent callers, one
	// claims), prev is what it was before (zero when never told).
	ClaimNotify(ctx context.Context, channel, fingerprint, state string, at time.Time) (prev NotifyState, claimed bool, err error)
	// SetTicket records the ticket channel keeps for a finding it was
	// told of.
	SetTicket(ctx context.Context, channel, fingerprint, ticket string) error
	// NotifyStates lists what channel was told, by fingerprint.
	NotifyStates(ctx context.Context, channel string) ([]NotifyState, error)
	// RecordDelivery appends a delivery to the log and returns its id.
	RecordDelivery(ctx context.Context, d Delivery) (int64, error)
	// UpdateDelivery records how sending delivery d.ID went: its status,
	// attempts, last error and update time.
	UpdateDelivery(ctx context.Context, d Delivery) error
	// Deliveries lists logged deliveries, most recently updated first.
	Deliveries(ctx context.Context, q DeliveryQuery) ([]Delivery, error)
	// ClaimDeliveries moves channel's deliveries in status from to
	// status to (updated at) held by holder, oldest first, and returns
	// them as they now are: of two concurrent callers, each delivery
	// goes to one.
	ClaimDeliveries(ctx context.Context, channel, holder, from, to string, at time.Time) ([]Delivery, error)
	// KeepNotifier records that the notifier holder is alive until
	// until; DropNotifier that it stopped.
	KeepNotifier(ctx context.Context, holder string, until time.Time) error
	DropNotifier(ctx context.Context, holder string) error
	// ClaimOrphans gives holder channel's deliveries still to send
	// (pending or retrying; a pending digest line is anyone's) whose
	// holder's lease ended before at, or that have none, oldest first:
	// of two concurrent callers, each delivery goes to one.
	ClaimOrphans(ctx context.Context, channel, holder string, at time.Time) ([]Delivery, error)
	// CountEvents counts findings' lifecycle events (escalations compare
	// new critical findings by day).
	CountEvents(ctx context.Context, q EventCount) (int, error)
}

// EventCount selects lifecycle events to count: of Event and Severity
// ("" for any), after After and at or before Until (zero for no bound).
type EventCount struct {
	Event, Severity string
	After, Until    time.Time
}

// NotifyState is what one channel was last told of one finding.
type NotifyState struct {
	Channel     string
	Fingerprint string
	State       string
	Ticket      string
	UpdatedAt   time.Time
}

// Delivery statuses.
const (
	DeliveryPending  = "pending"
	DeliverySent     = "sent"
	DeliveryRetrying = "retrying"
	DeliveryFailed   = "failed"
	// DeliveryInterrupted is a page or ticket its notifier held queued
	// when it stopped (a restart or a reload): the next notifier on the
	// store claims and sends it.
	DeliveryInterrupted = "interrupted"
	// DeliveryRecorded is logged only, nothing sent: what a first scan's
	// baseline held back on a channel that takes no summary.
	DeliveryRecorded = "recorded"
)

// Delivery is one notification in the delivery log: to which channel
// (by name, and its kind: slack … jira, or local for the log sink),
// about which finding ("" for an escalation), the action and the change
// it reports, and how sending it went.
type Delivery struct {
	ID          int64     `json:"id"`
	Channel     string    `json:"channel"`
	Kind        string    `json:"kind"`
	Fingerprint string    `json:"finding,omitempty"`
	Action      string    `json:"action"`
	Change      string    `json:"change"`
	Owner       string    `json:"owner,omitempty"`
	Summary     string    `json:"summary"`
	Status      string    `json:"status"`
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Holder is the notifier that holds it until it is sent.
	Holder string `json:"-"`
}

// DeliveryQuery filters the delivery log; zero fields do not filter.
type DeliveryQuery struct {
	Channel string
	Action  string
	Status  string
	Limit   int
}

// Recording is one scan being stored. It is not safe for concurrent use.
type Recording interface {
	// Scope stores a scope's resources and findings, and returns the
	// findings with their stored lifecycle fields (first_seen) and how
	// many were seen for the first time or again after resolution.
	Scope(ctx context.Context, resources []*model.Resource, findings []model.Finding) (ScopeOutcome, error)
	// Rescore records the risk of findings this scan stored (scored
	// once the whole scan is known).
	Rescore(ctx context.Context, findings []model.Finding) error
	// Finish ends the scan (its status, coverage, errors and finish time
	// are read from the scan given to Begin, now final): open findings
	// of the same source and account that the scan covered, evaluated
	// and did not see are resolved, and resources it covered and did
	// not see are forgotten. A scan that never finishes resolves nothing.
	Finish(ctx context.Context, fin Finish) (Outcome, error)
}

// ScopeOutcome is what storing one scope changed.
type ScopeOutcome struct {
	Findings []model.Finding // the scope's findings, lifecycle fields from the store
	Opened   int             // findings seen for the first time (or again after resolution)
}

// Finish is what a scan knows once every scope is stored.
type Finish struct {
	// Evaluated holds the ids of the rules the scan evaluated. Findings of
	// other rules (left out by --framework, or user rules not loaded this
	// time) are never resolved by it.
	Evaluated map[string]bool
	// Hidden holds fingerprints the scan found but did not report (on
	// system objects without --include-system): they are not resolved.
	Hidden map[string]bool
}

// Outcome is what finishing a scan changed.
type Outcome struct {
	Resolved []model.Finding // findings this scan resolved
}

// Query filters stored findings. Zero fields do not filter.
type Query struct {
	Status      string
	MinSeverity model.Severity
	RuleID      string
	IDPrefix    string // findings whose id starts with it
	ResourceID  string // findings on this resource
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

// Mark kinds.
const (
	MarkFalsePositive = "false_positive"
	MarkCleared       = "cleared"
)

// Mark is one verdict on a finding, appended to its marks.
type Mark struct {
	Fingerprint string    `json:"id"`
	Kind        string    `json:"kind"` // false_positive, cleared
	By          string    `json:"by"`
	Reason      string    `json:"reason"`
	At          time.Time `json:"at"`
}

// ResourceRecord is one resource of the stored inventory. Partition is
// model.Resource.Partition; FirstSeen is zero for resources stored
// before the store recorded it.
type ResourceRecord struct {
	ID, Source, Account, Type, Partition, Name string
	// File is the file an IaC resource was declared in.
	File                string
	FirstSeen, LastSeen time.Time
}

// StoredQuery selects whole stored resources: all three are required.
type StoredQuery struct {
	Source   string
	Accounts []string
	Types    []string
}

// ExceptionRecord is one exception of the stored set; Doc is its whole
// JSON form (package exceptions owns it), the other fields are columns.
type ExceptionRecord struct {
	ID      string
	Rule    string
	Owner   string
	Expires time.Time
	Doc     string
	// Origin is who manages it: ExceptionFromFile or ExceptionFromAPI.
	Origin string
}

// Exception origins.
const (
	// ExceptionFromFile: written by a sync of an exceptions file.
	ExceptionFromFile = "file"
	// ExceptionFromAPI: proposed and approved through the service's API.
	ExceptionFromAPI = "api"
)

// ExceptionSet is the stored exception set at one version. The version
// rises with every change of the set (sync, approval, revocation).
type ExceptionSet struct {
	Version int64
	Records []ExceptionRecord
}

// ExceptionEvent is one change of the stored exception set. Before and
// After are the exception's JSON form, "" when it did not exist.
type ExceptionEvent struct {
	ID     string    `json:"id"`
	At     time.Time `json:"at"`
	Event  string    `json:"event"` // added, removed, widened, narrowed, changed
	Before string    `json:"before,omitempty"`
	After  string    `json:"after,omitempty"`
}

// ResourceCount is how many resources of one type the inventory holds
// for one source and account.
type ResourceCount struct {
	Source  string
	Account string
	Type    string
	Count   int
}

// ReportRun is one report produced: its kind ("evidence",
// "compliance"), the framework, when it started and how long it took,
// and what it held.
type ReportRun struct {
	Kind      string        `json:"kind"`
	Framework string        `json:"framework"`
	At        time.Time     `json:"at"`
	Duration  time.Duration `json:"duration"`
	Scans     int           `json:"scans"`
	Findings  int           `json:"findings"`
	// Bytes is the size of what was written (the bundle).
	Bytes int64 `json:"bytes"`
	// KeyFingerprint names the key a bundle was signed with.
	KeyFingerprint string `json:"key_fingerprint,omitempty"`
}

// Report run kinds.
const (
	ReportEvidence   = "evidence"
	ReportCompliance = "compliance"
)

// Exception set events.
const (
	ExceptionAdded    = "added"
	ExceptionRemoved  = "removed"
	ExceptionWidened  = "widened"
	ExceptionNarrowed = "narrowed"
	ExceptionChanged  = "changed"
)

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
