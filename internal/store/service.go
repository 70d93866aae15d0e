package store

import (
	"context"
	"time"
)

// AuditEntry is one write through the service's API.
type AuditEntry struct {
	At time.Time `json:"at"`
	// Actor is the token's name or the signed-in person; Via how they
	// were recognised (token, session); Role their role.
	Actor string `json:"actor"`
	Via   string `json:"via"`
	Role  string `json:"role"`
	// Action is the route ("POST /api/v1/scans"); Target what it acted
	// on (a scope, an exception id).
	Action string `json:"action"`
	Target string `json:"target,omitempty"`
	// Status is the HTTP status the write answered with.
	Status int `json:"status"`
	// Remote is the client's address.
	Remote string `json:"remote"`
	Detail string `json:"detail,omitempty"`
}

// ServiceState is what `vigil serve` keeps beside scans; the SQL store
// implements it.
type ServiceState interface {
	// AppendAudit appends an entry to the audit log.
	AppendAudit(ctx context.Context, e AuditEntry) error
	// AuditLog lists entries at or after since, newest first, at most
	// limit (0: all).
	AuditLog(ctx context.Context, since time.Time, limit int) ([]AuditEntry, error)
	// Secret returns the shared secret name, creating it with fresh, a
	// function returning new random bytes, when there is none yet.
	// Every process asking gets the same value.
	Secret(ctx context.Context, name string, fresh func() ([]byte, error)) ([]byte, error)
	// RecordCheck stores the check of an IaC scan pushed for a ref that
	// is not a default branch.
	RecordCheck(ctx context.Context, c Check) error
	// Check returns a stored check; nil when there is none with this id.
	Check(ctx context.Context, id string) (*Check, error)
	// AdoptAccount moves the resources and findings of source stored
	// under the scan account from (an organization scanned whole) whose
	// own account (Resource.Account) is to under to, so that the
	// account's own scans resolve and forget them as if they had stored
	// them. Their lifecycle and history are unchanged. It returns how
	// many findings moved.
	AdoptAccount(ctx context.Context, source, from, to string) (int64, error)
}

// Check is an IaC scan pushed from CI for a ref outside the findings
// lifecycle (a pull request's branch): what the server's rules found,
// kept for the pull request to link to.
type Check struct {
	ID     string    `json:"id"`
	Repo   string    `json:"repo"`
	Ref    string    `json:"ref"`
	Commit string    `json:"commit,omitempty"`
	At     time.Time `json:"at"`
	// Doc is the check's result as the API returns it (JSON).
	Doc string `json:"-"`
}
