package store

import (
	"context"
	"errors"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Browser pages through findings and resources for the service's API:
// filtered, sorted and limited in the database, resumed after a key
// (keyset paging: a page never repeats or skips a row because rows were
// inserted before it). The SQL store implements it.
type Browser interface {
	// FindingsAfter lists at most q.Limit findings in q.Sort order
	// after q.After.
	FindingsAfter(ctx context.Context, q KeysetQuery) ([]model.Finding, error)
	// Finding returns the stored finding with this fingerprint, nil when
	// there is none.
	Finding(ctx context.Context, fingerprint string) (*model.Finding, error)
	// FindingPartitions lists the distinct partitions findings are in.
	FindingPartitions(ctx context.Context) ([]Partition, error)
	// ResourcesAfter lists at most q.Limit resources by id after q.After.
	ResourcesAfter(ctx context.Context, q ResourceQuery) ([]*model.Resource, error)
	// ResourcePartitions lists the distinct partitions resources are in.
	ResourcePartitions(ctx context.Context) ([]Partition, error)
}

// Finding sort orders. Every order ends with the fingerprint, so it is
// total and a key resumes it exactly.
const (
	// SortRisk: risk score, then severity, highest first.
	SortRisk = "risk"
	// SortSeverity: severity, then risk score, highest first.
	SortSeverity = "severity"
	// SortFirstSeen: first seen, oldest first (open the longest).
	SortFirstSeen = "first_seen"
)

// FindingKey is where a finding sits in a sort order.
type FindingKey struct {
	Risk        int            `json:"r"`
	Severity    model.Severity `json:"s"`
	FirstSeen   time.Time      `json:"t"`
	Fingerprint string         `json:"f"`
}

// KeyOf is f's key.
func KeyOf(f *model.Finding) FindingKey {
	k := FindingKey{Severity: f.Severity, FirstSeen: f.FirstSeen, Fingerprint: f.Fingerprint}
	if f.Risk != nil {
		k.Risk = f.Risk.Score
	}
	return k
}

// Partition is where findings or resources live, as scopes judge them:
// a Kubernetes cluster (Account) and namespace, or, for the other
// providers, an account (Namespace is then "").
type Partition struct {
	K8s       bool
	Account   string
	Namespace string
}

// Visibility keeps the rows a scope covers. A nil list does not
// constrain; a set one keeps only rows that have that field in it (an
// empty one keeps none): Accounts keeps non-Kubernetes rows of those
// accounts, Clusters and Namespaces Kubernetes rows of those clusters
// and namespaces. Lists are exact values (resolve globs first).
type Visibility struct {
	Accounts, Clusters, Namespaces []string
}

// KeysetQuery filters and orders a page of findings. Zero fields do not
// filter.
type KeysetQuery struct {
	// Statuses are stored statuses (open, resolved); excepted and false
	// positive are judged when read, on open findings.
	Statuses    []string
	MinSeverity model.Severity
	Severity    model.Severity // exactly this severity
	RuleID      string
	Source      string
	// Account is the resource's own account or cluster.
	Account string
	// Namespace is the Kubernetes namespace, or account/region.
	Namespace    string
	ResourceType string
	// Framework keeps findings that bear on a requirement of it.
	Framework string
	// Text keeps findings whose title, message, rule or resource id
	// contains it, ignoring case.
	Text string
	// Combinations keeps only toxic combinations (findings with members).
	Combinations bool
	// Visible, when not nil, keeps only findings a scope covers.
	Visible *Visibility
	Sort    string
	After   *FindingKey
	Limit   int
}

// ResourceQuery filters a page of resources; zero fields do not filter.
type ResourceQuery struct {
	Type string
	// Account is the resource's own account or cluster.
	Account   string
	Namespace string
	Visible   *Visibility
	After     string // the last id of the previous page
	Limit     int
}

// Errors of conditional writes.
var (
	// ErrConflict: the row changed since it was read (or already
	// exists); read it again and retry.
	ErrConflict = errors.New("changed by someone else")
	// ErrNotFound: there is no such row.
	ErrNotFound = errors.New("not found")
)

// Proposal statuses.
const (
	ProposalPending  = "proposed"
	ProposalApproved = "approved"
	ProposalRejected = "rejected"
	ProposalRevoked  = "revoked"
)

// Proposal is an exception proposed through the service, waiting for an
// admin (or decided). Doc is the exception's JSON form (package
// exceptions owns it). Version grows with every change: a decision
// names the version it saw.
type Proposal struct {
	ID         string    `json:"id"`
	Status     string    `json:"status"`
	Doc        string    `json:"-"`
	ProposedBy string    `json:"proposed_by"`
	ProposedAt time.Time `json:"proposed_at"`
	DecidedBy  string    `json:"decided_by,omitempty"`
	DecidedAt  time.Time `json:"decided_at,omitzero"`
	Note       string    `json:"note,omitempty"`
	Version    int64     `json:"version"`
}

// Decision is an admin's verdict on a proposal.
type Decision struct {
	ID string
	// Version is the proposal's version the admin saw.
	Version int64
	By      string
	At      time.Time
	Note    string
}

// ExceptionWorkflow keeps exceptions proposed and decided through the
// service. Each call is one transaction; a stale Version or a second
// decision is ErrConflict, an unknown id ErrNotFound.
type ExceptionWorkflow interface {
	// Proposals lists proposals (every status), by id.
	Proposals(ctx context.Context) ([]Proposal, error)
	// Propose stores a new pending proposal (ErrConflict when the id is
	// taken by a proposal or an exception).
	Propose(ctx context.Context, p Proposal) error
	// Approve marks the pending proposal approved and adds rec to the
	// exception set with an "added" event.
	Approve(ctx context.Context, d Decision, rec ExceptionRecord) error
	// Reject marks the pending proposal rejected.
	Reject(ctx context.Context, d Decision) error
	// Revoke removes exception d.ID from the set with a "removed" event
	// (d.Version is not checked: the set has none) and marks its
	// proposal, if any, revoked.
	Revoke(ctx context.Context, d Decision) error
}
