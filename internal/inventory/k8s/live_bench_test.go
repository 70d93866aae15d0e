package k8s_test

import (
	"context"
	"sync"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"

	"github.com/vigil-cspm/vigil/internal/benchgen"
	"github.com/vigil-cspm/vigil/internal/findings"
	"github.com/vigil-cspm/vigil/internal/inventory"
	invk8s "github.com/vigil-cspm/vigil/internal/inventory/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/kubetest"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/secrets"
	"github.com/vigil-cspm/vigil/rules"
	"github.com/vigil-cspm/vigil/schemas"
)

// BenchmarkLiveScan measures a live scan of 5,000 objects in a real API
// server: paged lists of every kind, normalization, evaluation of the
// whole library and findings. Creating the objects is not measured.
func BenchmarkLiveScan(b *testing.B) {
	const n = 5000
	env := kubetest.StartTest(b, kubetest.Options{})
	cfg := rest.CopyConfig(env.AdminConfig)
	cfg.QPS, cfg.Burst = 1000, 2000
	created := populate(b, cfg, benchgen.Objects(n, 7))
	cat := kube.NewCatalog()
	norm := kube.NewNormalizer(cat, secrets.New())
	eng, err := policy.Load(context.Background(), policy.Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var resources, found int
	for b.Loop() {
		col, err := invk8s.New(cfg, "bench", norm)
		if err != nil {
			b.Fatal(err)
		}
		res, err := inventory.Run(context.Background(), col, nil)
		if err != nil {
			b.Fatal(err)
		}
		inv, err := policy.NewInventory(res.Resources)
		if err != nil {
			b.Fatal(err)
		}
		inv.Exclude(kube.NewControllerMatcher(inv.Graph()).Redundant)
		results, err := eng.Evaluate(context.Background(), inv)
		if err != nil {
			b.Fatal(err)
		}
		fs := findings.Build(results, inv.Graph(), noRefs{}, findings.Options{})
		resources, found = len(res.Resources), len(fs)
	}
	b.StopTimer()
	if resources < created || found == 0 {
		b.Fatalf("scanned %d resources (created %d), %d findings", resources, created, found)
	}
	b.ReportMetric(float64(resources), "resources")
	b.ReportMetric(float64(resources*b.N)/b.Elapsed().Seconds(), "objects/s")
}

type noRefs struct{}

func (noRefs) Refs(string) []model.ComplianceRef { return nil }

// populate creates objects (namespaces first) with 16 parallel clients
// and returns how many the API server admitted.
func populate(b *testing.B, cfg *rest.Config, objs []map[string]any) int {
	b.Helper()
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	cat := kube.NewCatalog()
	create := func(obj map[string]any) error {
		u := &unstructured.Unstructured{Object: obj}
		// Generated objects look as read from a server; creation takes
		// them without server-set fields.
		u.SetResourceVersion("")
		u.SetUID("")
		u.SetCreationTimestamp(metav1.Time{})
		u.SetManagedFields(nil)
		unstructured.RemoveNestedField(u.Object, "status")
		k, ok := cat.Lookup(u.GetAPIVersion(), u.GetKind())
		if !ok {
			return nil
		}
		gvr := schema.GroupVersionResource{Group: k.Group, Version: k.Version, Resource: k.Resource}
		var ri dynamic.ResourceInterface = dyn.Resource(gvr)
		if k.Namespaced {
			ri = dyn.Resource(gvr).Namespace(u.GetNamespace())
		}
		_, err := ri.Create(context.Background(), u, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			return nil // default, kube-system … exist already
		}
		return err
	}
	var first, rest []map[string]any
	for _, o := range objs {
		if o["kind"] == "Namespace" {
			first = append(first, o)
		} else {
			rest = append(rest, o)
		}
	}
	count := 0
	for _, batch := range [][]map[string]any{first, rest} {
		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			errs []error
			next = make(chan map[string]any)
		)
		for w := 0; w < 16; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for o := range next {
					if err := create(o); err != nil {
						mu.Lock()
						errs = append(errs, err)
						mu.Unlock()
						continue
					}
					mu.Lock()
					count++
					mu.Unlock()
				}
			}()
		}
		for _, o := range batch {
			next <- o
		}
		close(next)
		wg.Wait()
		// Pod Security admission rejects the generated pods that break
		// their namespace's enforced level, as it would in a real cluster.
		if len(errs) > len(batch)/10 {
			b.Fatalf("%d of %d objects could not be created; first: %v", len(errs), len(batch), errs[0])
		}
	}
	return count
}
