// Package inventory defines how sources deliver what a scan reads: a
// Source streams scopes (model.Scope), the unit a scan reads, evaluates
// and stores before moving on. Provider packages (inventory/k8s,
// inventory/awsinv, and the IaC reader) implement it; the scan pipeline
// (package scan) consumes it.
//
// Invariant: a scope a source could not read becomes a coverage record
// with a reason — never a silent "0 resources".
package inventory

import (
	"context"
	"sync"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Source streams the scopes of one scan. emit may block (the pipeline
// takes one scope at a time) and may be called from several goroutines;
// its error ends the scan.
type Source interface {
	Scopes(ctx context.Context, emit func(*model.Scope) error) error
}

// ProgressFunc reports progress; nil means silent.
type ProgressFunc func(done, total int, unit string)

// Result is a whole scan gathered in memory.
type Result struct {
	Resources []*model.Resource
	Coverage  []model.Coverage
	Status    string
}

// Gather collects every scope of a source into one Result, for tests and
// tools that need everything at once (a scan streams instead).
func Gather(ctx context.Context, src Source) (Result, error) {
	var (
		mu  sync.Mutex
		res = Result{Status: model.ScanComplete}
	)
	err := src.Scopes(ctx, func(sc *model.Scope) error {
		mu.Lock()
		defer mu.Unlock()
		res.Resources = append(res.Resources, sc.Resources...)
		res.Coverage = append(res.Coverage, sc.Coverage...)
		for _, c := range sc.Coverage {
			if c.Status == model.CoverageDenied || c.Status == model.CoverageError {
				res.Status = model.ScanPartial
			}
		}
		return nil
	})
	return res, err
}
