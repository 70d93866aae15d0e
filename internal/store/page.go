package store

import (
	"context"

	"github.com/vigil-cspm/vigil/internal/model"
)

// PageQuery asks for one page of stored findings.
type PageQuery struct {
	// Query filters; its Limit is the page's size.
	Query
	// Text is matched, ignoring case, in the resource id, the rule id
	// and the title.
	Text string
	// Order is risk (the default: risk score, then severity), severity,
	// age (oldest first) or rule; ties fall to the fingerprint.
	Order string
	// Offset is how many matching findings come before the page.
	Offset int
}

// Pager lists stored findings a page at a time, counting every match,
// so a page never reads the whole store. The SQL store implements it.
type Pager interface {
	FindingsPage(ctx context.Context, q PageQuery) (page []model.Finding, total int, err error)
}
