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
	invk8s "github.com/vigil-cspm/vigil/internal/inventory/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/kubetest"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// BenchmarkLiveScan measures a live scan of 5,000 objects in a real API
// server through the pipeline, as `vigil scan k8s` runs it without a
// store: paged lists streamed namespace by namespace, normalization,
// evaluation of the whole library and findings. Creating the objects is
// not measured.
func BenchmarkLiveScan(b *testing.B) {
	const n = 5000
	env := kubetest.StartTest(b, kubetest.Options{})
	cfg := rest.CopyConfig(env.AdminConfig)
	cfg.QPS, cfg.Burst = 1000, 2000
	created := populate(b, cfg, benchgen.Objects(n, 7))
	norm := kube.NewNormalizer(kube.NewCatalog(), secrets.New())
	lib := scantest.Library(b)
	b.ResetTimer()
	var resources, found int
	for b.Loop() {
		col, err := invk8s.New(cfg, "bench", norm)
		if err != nil {
			b.Fatal(err)
		}
		col.References = lib.Engine.RelatedTypes()
		fs, res := scantest.Scan(b, lib, "k8s", col)
		resources, found = res.Resources, len(fs)
	}
	b.StopTimer()
	if resources < created || found == 0 {
		b.Fatalf("scanned %d resources (created %d), %d findings", resources, created, found)
	}
	b.ReportMetric(float64(resources), "resources")
	b.ReportMetric(float64(resources*b.N)/b.Elapsed().Seconds(), "objects/s")
}

// populate creates objects (namespaces first) with 16 parallel clients
// and returns how many the API server admitted.
func populate(b testing.TB, cfg *rest.Config, objs []map[string]any) int {
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
