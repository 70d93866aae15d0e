// Package scantest is the test suites' one way to load the rule library
// and evaluate resources or sources with it: the pipeline (package scan)
// as the scan commands run it, the library loaded once per test binary.
package scantest

import (
	"context"
	"sync"
	"testing"

	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/scan"
)

var (
	once   sync.Once
	lib    *scan.Library
	libErr error
)

// Library returns the embedded library with its framework mappings,
// loaded once per test binary.
func Library(tb testing.TB) *scan.Library {
	tb.Helper()
	once.Do(func() { lib, libErr = scan.LoadLibrary(context.Background(), scan.LibraryOptions{Version: "test"}) })
	if libErr != nil {
		tb.Fatalf("load the rule library: %v", libErr)
	}
	return lib
}

// Evaluate evaluates the library's selected rules over resources as one
// scope — the redundant workloads excluded as a scan excludes them, the
// types rules read across scopes in the index — and returns the raw
// results.
func Evaluate(tb testing.TB, eng *policy.Engine, resources []*model.Resource) []policy.Result {
	tb.Helper()
	ix := graph.NewIndex(eng.RelatedTypes())
	ix.Add(resources)
	inv := policy.NewInventory(resources, ix)
	inv.Exclude(kube.NewControllerMatcher(inv.Graph()).Redundant)
	out, err := eng.Evaluate(context.Background(), inv, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// Scan runs the pipeline over a source with the library, without a
// store, and returns the findings in the order they were produced and
// the result.
func Scan(tb testing.TB, l *scan.Library, kind string, src inventory.Source) ([]model.Finding, *scan.Result) {
	tb.Helper()
	var c Collect
	res, err := scan.Run(context.Background(), scan.Request{Kind: kind, Source: src, Library: l, Sink: &c})
	if err != nil {
		tb.Fatalf("scan: %v", err)
	}
	return c.All, res
}

// Findings runs the pipeline over resources held in memory, as one
// scope (which holds every type rules read across scopes).
func Findings(tb testing.TB, l *scan.Library, kind string, resources []*model.Resource) []model.Finding {
	tb.Helper()
	fs, _ := Scan(tb, l, kind, Scopes{{Name: "test", Resources: resources, Complete: l.Engine.RelatedTypes()}})
	return fs
}

// Scopes is a source of scopes held in memory.
type Scopes []*model.Scope

// Scopes implements inventory.Source.
func (s Scopes) Scopes(_ context.Context, emit func(*model.Scope) error) error {
	for _, sc := range s {
		if err := emit(sc); err != nil {
			return err
		}
	}
	return nil
}

// Collect is a sink that keeps every finding.
type Collect struct {
	mu  sync.Mutex
	All []model.Finding
}

// Findings implements scan.Sink.
func (c *Collect) Findings(fs []model.Finding) error {
	c.mu.Lock()
	c.All = append(c.All, fs...)
	c.mu.Unlock()
	return nil
}
