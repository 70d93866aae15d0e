package store

import (
	"context"
	"time"
)

// AdmissionLog is the admission webhooks' decision log: what each judged
// request was answered and which findings (by fingerprint) decided it.
// Webhook replicas send their decisions to the service, so replicas
// never share a database file.
type AdmissionLog interface {
	// RecordDecision stores a decision; one with a uid already stored
	// (a retried send) changes nothing and is not an error.
	RecordDecision(ctx context.Context, d AdmissionDecision) error
	// AdmissionDecisions lists decisions newest first: those with a verdict on
	// the finding fingerprint when it is set, at most limit (0: 100).
	AdmissionDecisions(ctx context.Context, q AdmissionQuery) ([]AdmissionDecision, error)
}

// AdmissionDecision is one admission request as the webhook judged it.
type AdmissionDecision struct {
	UID       string    `json:"uid"`
	At        time.Time `json:"time"`
	Cluster   string    `json:"cluster"`
	Operation string    `json:"operation"`
	Kind      string    `json:"kind"`
	Namespace string    `json:"namespace"`
	Name      string    `json:"name"`
	User      string    `json:"user"`
	Allowed   bool      `json:"allowed"`
	Reason    string    `json:"reason"`
	Message   string    `json:"message"`
	// Received is when the service stored it (zero in what a webhook
	// sends: this is also the API's request body).
	Received time.Time          `json:"received,omitzero"`
	Verdicts []AdmissionVerdict `json:"verdicts"`
}

// AdmissionVerdict is one violated rule of a decision.
type AdmissionVerdict struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"rule_id"`
	Severity    string `json:"severity"`
	Mode        string `json:"mode"`
	Result      string `json:"result"`
}

// AdmissionQuery selects decisions.
type AdmissionQuery struct {
	Fingerprint string
	Limit       int
}
