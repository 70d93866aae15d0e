package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Severity ranks findings. The zero value is invalid.
type Severity int

// Severities, lowest first.
const (
	SeverityInfo Severity = iota + 1
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"", "info", "low", "medium", "high", "critical"}

// String returns the lowercase name.
func (s Severity) String() string {
	if s < SeverityInfo || s > SeverityCritical {
		return "unknown"
	}
	return severityNames[s]
}

// Severities lists all valid severities, highest first.
func Severities() []Severity {
	return []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow, SeverityInfo}
}

// ParseSeverity parses a severity name, case-insensitively.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if i > 0 && strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q: use one of critical, high, medium, low, info", s)
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Finding statuses.
const (
	StatusOpen     = "open"
	StatusResolved = "resolved"
	StatusExcepted = "excepted"
	// StatusFalsePositive is an open finding a person marked as a false
	// positive (vigil findings mark), judged when findings are read.
	StatusFalsePositive = "false_positive"
)

// ComplianceRef names one requirement of one framework a finding bears on.
type ComplianceRef struct {
	Framework string `json:"framework"`
	Control   string `json:"control"`
}

// Evidence is the attribute path and the offending value (redacted when
// it is a credential).
type Evidence struct {
	Path  string `json:"path,omitempty"`
	Value any    `json:"value,omitempty"`
	// File is the file Line is in when it is not the resource's
	// (Source.File): an attribute set by a Terraform override file, by
	// a satellite resource declared in another file, or inside the
	// module a resource is declared in (Source.File is then the module
	// call).
	File string `json:"file,omitempty"`
	// Line is the line of the attribute, in File or else in the
	// resource's file, when the resource came from one and the attribute
	// is written there.
	Line int `json:"line,omitempty"`
}

// Finding is one rule failing on one resource.
type Finding struct {
	Fingerprint string          `json:"id"`
	RuleID      string          `json:"rule_id"`
	Title       string          `json:"title"`
	Severity    Severity        `json:"severity"`
	Status      string          `json:"status"`
	Message     string          `json:"message"`
	Evidence    Evidence        `json:"evidence"`
	Remediation string          `json:"remediation,omitempty"`
	Compliance  []ComplianceRef `json:"compliance"`
	Resource    *Resource       `json:"-"`
	// Related is the ID of another resource involved (a role a binding grants …).
	Related    string     `json:"related,omitempty"`
	FirstSeen  time.Time  `json:"first_seen"`
	LastSeen   time.Time  `json:"last_seen"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	// Exception is the accepted risk that applies (status excepted), or
	// one that no longer does (Expired, status open).
	Exception *Exception `json:"exception,omitempty"`
	// Risk is the finding's score with the factors that make it, from
	// the resource graph at scan time; nil when not scored.
	Risk *Risk `json:"risk,omitempty"`
	// Members are the fingerprints of the findings a toxic combination
	// joins into one attack path (empty for other findings).
	Members []string `json:"members,omitempty"`
	// Triage is who owns the finding and when it is due, judged when
	// findings are read (from vigil.yaml and the resource's labels).
	Triage *Triage `json:"triage,omitempty"`
	// FalsePositive is the mark that makes the finding a false positive
	// (status false_positive); nil when none is in force.
	FalsePositive *Mark `json:"false_positive,omitempty"`
}

// Mark is a person's verdict that a finding is a false positive: who,
// why and when.
type Mark struct {
	By     string    `json:"by"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// Risk is a 0–100 score and the named factors it is the sum of.
type Risk struct {
	Score   int          `json:"score"`
	Factors []RiskFactor `json:"factors"`
	// Path is the attack path, entry first, as resource IDs ("internet"
	// for the outside world) ending at the finding's resource; empty
	// when the resource is not reachable from outside.
	Path []string `json:"path,omitempty"`
}

// RiskFactor is one named contribution to a risk score.
type RiskFactor struct {
	Name   string `json:"name"`   // severity, exposure, privilege, data_sensitivity, criticality, combination
	Points int    `json:"points"` // what it adds to the score
	Detail string `json:"detail"` // why, in a sentence
}

// Triage is what a team needs to act on a finding: its owner and due date.
type Triage struct {
	Owner string `json:"owner,omitempty"`
	// OwnerFrom says how the owner was resolved (a label, a vigil.yaml mapping).
	OwnerFrom string     `json:"owner_from,omitempty"`
	Due       *time.Time `json:"due,omitempty"`
	Overdue   bool       `json:"overdue,omitempty"`
	// DuplicateOf is, for an IaC finding, the fingerprint of the live
	// finding of the same rule on the resource it declares: the live one
	// is canonical, this one is hidden from default views.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// DeclaredIn is, for a live finding, the IaC resource that declares
	// its resource: where the fix lands.
	DeclaredIn *Declaration `json:"declared_in,omitempty"`
	// Duplicates are, for a live finding, the IaC findings that repeat
	// it (their DuplicateOf is this finding).
	Duplicates []string `json:"duplicates,omitempty"`
}

// Declaration is the IaC resource that declares a live one, and the
// convention that tied them.
type Declaration struct {
	ResourceID string `json:"resource_id"`
	File       string `json:"file"`
	Line       int    `json:"line,omitempty"`
	Address    string `json:"address,omitempty"`
	// By is "tag <key>" (a tag or label carrying the address) or "name"
	// (the same type and name).
	By string `json:"by"`
}

// Exception is an accepted risk: who or what granted it, why, until when.
type Exception struct {
	// Source is where it was declared: "inline" for a vigil:ignore
	// comment in the scanned file, "file" for an exception of an
	// exceptions file (the store's set), "api" for one of the set
	// approved through the service's API, named by ID.
	Source string `json:"source"`
	// ID and Owner name an exception of an exceptions file.
	ID      string     `json:"id,omitempty"`
	Owner   string     `json:"owner,omitempty"`
	Reason  string     `json:"reason"`
	Expires *time.Time `json:"expires,omitempty"`
	// Expired: the exception's date has passed; the finding is open.
	Expired bool   `json:"expired,omitempty"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
}

// Fingerprint is the stable identity of a rule failing on a resource.
func Fingerprint(ruleID, resourceID string) string {
	h := sha256.New()
	h.Write([]byte(ruleID))
	h.Write([]byte{0})
	h.Write([]byte(resourceID))
	return hex.EncodeToString(h.Sum(nil))[:32]
}
