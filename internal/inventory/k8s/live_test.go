package k8s_test

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"testing"

	"k8s.io/client-go/rest"

	"github.com/vigil-cspm/vigil/internal/benchgen"
	"github.com/vigil-cspm/vigil/internal/inventory"
	invk8s "github.com/vigil-cspm/vigil/internal/inventory/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/kubetest"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// TestLiveScopes scans a real API server holding a generated cluster
// scope by scope — the references, the cluster-scoped objects, then each
// namespace, from paged lists merged by namespace — and compares the
// findings with those of the same objects gathered and evaluated at
// once. No workload waits for the end of the scan: the types rules read
// across namespaces are listed first.
func TestLiveScopes(t *testing.T) {
	env := kubetest.StartTest(t, kubetest.Options{})
	cfg := rest.CopyConfig(env.AdminConfig)
	cfg.QPS, cfg.Burst = 1000, 2000
	populate(t, cfg, benchgen.Objects(1500, 11))
	lib := scantest.Library(t)
	newCollector := func() *invk8s.Collector {
		col, err := invk8s.New(cfg, "live", kube.NewNormalizer(kube.NewCatalog(), secrets.New()))
		if err != nil {
			t.Fatal(err)
		}
		col.References = lib.Engine.RelatedTypes()
		return col
	}
	gathered, err := inventory.Gather(context.Background(), newCollector())
	if err != nil {
		t.Fatal(err)
	}
	whole := verdicts(scantest.Findings(t, lib, "k8s", gathered.Resources))
	rec := &recorder{src: newCollector(), sizes: map[string]int{}}
	fs, res := scantest.Scan(t, lib, "k8s", rec)
	scoped := verdicts(fs)
	if len(whole) == 0 || !reflect.DeepEqual(whole, scoped) {
		t.Fatalf("%d findings gathered, %d scoped; they differ", len(whole), len(scoped))
	}
	if res.Deferred != 0 {
		t.Errorf("%d resources waited for the end of the scan", res.Deferred)
	}
	namespaces := 0
	for name, n := range rec.sizes {
		if strings.Contains(name, " namespace ") {
			namespaces++
			if n > 200 {
				t.Errorf("scope %s holds %d resources: more than one namespace", name, n)
			}
		}
	}
	if namespaces < 10 {
		t.Errorf("%d namespace scopes: %v", namespaces, rec.sizes)
	}
	if res.Resources != len(gathered.Resources) {
		t.Errorf("scoped scan read %d resources, gathered %d", res.Resources, len(gathered.Resources))
	}
}

// verdicts is what findings say, sorted.
func verdicts(fs []model.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.RuleID+" "+f.Resource.ID+" "+f.Message+" "+f.Evidence.Path)
	}
	sort.Strings(out)
	return out
}

// recorder passes a source's scopes on, noting their sizes.
type recorder struct {
	src   inventory.Source
	sizes map[string]int
}

func (r *recorder) Scopes(ctx context.Context, emit func(*model.Scope) error) error {
	return r.src.Scopes(ctx, func(sc *model.Scope) error {
		r.sizes[sc.Name] += len(sc.Resources)
		return emit(sc)
	})
}
