// Package inventory defines how live sources are collected: a Collector
// streams resources and coverage records for its scopes; the Run helper
// gathers them, reports progress and decides the scan's status. Provider
// packages (k8s, later aws, gcp, azure) implement Collector.
//
// Invariant: a scope a collector could not read becomes a coverage record
// with a reason — never a silent "0 resources".
package inventory

import (
	"context"
	"sync"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Sink receives what a collector finds. It is safe for concurrent use.
type Sink interface {
	Resource(r *model.Resource)
	Coverage(c model.Coverage)
	// Progress reports that one more of total units finished.
	Progress(done, total int, unit string)
}

// Collector reads one live source.
type Collector interface {
	// Account names what is scanned (cluster, account, project).
	Account() string
	// Collect streams resources and coverage into sink.
	Collect(ctx context.Context, sink Sink) error
}

// Result is a finished collection.
type Result struct {
	Resources []*model.Resource
	Coverage  []model.Coverage
	Status    string
}

// ProgressFunc reports progress; nil means silent.
type ProgressFunc func(done, total int, unit string)

// Run collects everything c offers.
func Run(ctx context.Context, c Collector, progress ProgressFunc) (Result, error) {
	s := &collectSink{progress: progress}
	if err := c.Collect(ctx, s); err != nil {
		return Result{}, err
	}
	res := Result{Resources: s.resources, Coverage: s.coverage, Status: model.ScanComplete}
	for _, cov := range s.coverage {
		if cov.Status == model.CoverageDenied || cov.Status == model.CoverageError {
			res.Status = model.ScanPartial
		}
	}
	return res, nil
}

type collectSink struct {
	mu        sync.Mutex
	resources []*model.Resource
	coverage  []model.Coverage
	progress  ProgressFunc
}

func (s *collectSink) Resource(r *model.Resource) {
	s.mu.Lock()
	s.resources = append(s.resources, r)
	s.mu.Unlock()
}

func (s *collectSink) Coverage(c model.Coverage) {
	s.mu.Lock()
	s.coverage = append(s.coverage, c)
	s.mu.Unlock()
}

func (s *collectSink) Progress(done, total int, unit string) {
	if s.progress != nil {
		s.mu.Lock()
		s.progress(done, total, unit)
		s.mu.Unlock()
	}
}
