package policy_test

import (
	"context"
	"testing"

	"github.com/vigil-cspm/vigil/internal/benchgen"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/memgov"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/secrets"
	"github.com/vigil-cspm/vigil/rules"
	"github.com/vigil-cspm/vigil/schemas"
)

// BenchmarkEngine measures evaluation throughput of the whole embedded
// library over a realistic 100,000-object cluster, the way a scan
// evaluates: converting the resources to rule input (NewInventory),
// excluding the pods and replica sets that run exactly what their
// controller declares, and evaluating every rule.
func BenchmarkEngine(b *testing.B) { benchmarkEngine(b, 100_000) }

// BenchmarkEngineCLIGC is BenchmarkEngine under the collector tuning
// every vigil command runs with (internal/memgov: GOGC=200 under a soft
// limit following the live heap).
func BenchmarkEngineCLIGC(b *testing.B) {
	defer memgov.Start()()
	benchmarkEngine(b, 100_000)
}

// BenchmarkEngineSmall is BenchmarkEngine over 1,000 objects, where
// per-scan costs weigh more than per-object ones.
func BenchmarkEngineSmall(b *testing.B) { benchmarkEngine(b, 1_000) }

// benchmarkEngine loads the library and generates and normalizes n
// objects untimed, then times NewInventory, Exclude and Evaluate.
func benchmarkEngine(b *testing.B, n int) {
	ctx := context.Background()
	eng, err := policy.Load(ctx, policy.Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS})
	if err != nil {
		b.Fatalf("load library: %v", err)
	}
	norm := kube.NewNormalizer(kube.NewCatalog(), secrets.New())
	resources := make([]*model.Resource, 0, n)
	for i, obj := range benchgen.Objects(n, 1) {
		r, err := norm.Normalize(obj, "bench", model.Source{Kind: model.SourceLive})
		if err != nil {
			b.Fatalf("normalize object %d: %v", i, err)
		}
		resources = append(resources, r)
	}
	b.ResetTimer()
	var results []policy.Result
	for b.Loop() {
		inv := policy.NewInventory(resources, nil)
		inv.Exclude(kube.NewControllerMatcher(inv.Graph()).Redundant)
		results, err = eng.Evaluate(ctx, inv, nil)
		if err != nil {
			b.Fatal(err)
		}
	}
	if len(results) == 0 {
		b.Fatal("evaluation returned no findings: the benchmark measured nothing")
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "objects/s")
	b.ReportMetric(float64(len(results)), "findings")
}
