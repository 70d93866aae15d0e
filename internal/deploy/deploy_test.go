package deploy_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/deploy"
	"github.com/vigil-cspm/vigil/internal/kube"
)

// TestClusterRulesAgreeWithCollector: the ClusterRole lists exactly the
// kinds the collector reads (its catalog), each once, with the one verb
// it calls; Secrets only when asked.
func TestClusterRulesAgreeWithCollector(t *testing.T) {
	for _, readSecrets := range []bool{false, true} {
		granted := map[string]int{}
		for _, r := range deploy.ClusterRules(kube.NewCatalog().Kinds(), readSecrets) {
			if !slices.Equal(r.Verbs, []string{"list"}) || len(r.APIGroups) != 1 || len(r.ResourceNames) != 0 {
				t.Errorf("rule %+v: want one API group and the verb list only", r)
			}
			for _, res := range r.Resources {
				if strings.Contains(res, "*") || strings.Contains(r.APIGroups[0], "*") {
					t.Errorf("rule %+v: a wildcard", r)
				}
				granted[r.APIGroups[0]+"/"+res]++
			}
		}
		for _, k := range kube.NewCatalog().Kinds() {
			key := k.Group + "/" + k.Resource
			want := 1
			if k.Kind == "Secret" && !readSecrets {
				want = 0
			}
			if granted[key] != want {
				t.Errorf("readSecrets=%v: %s granted %d times, want %d", readSecrets, key, granted[key], want)
			}
			delete(granted, key)
		}
		for key := range granted {
			t.Errorf("readSecrets=%v: %s is granted but the collector does not read it", readSecrets, key)
		}
	}
}

// TestConfigLoads: the ConfigMap's vigil.yaml is a valid configuration
// that leaves the store to the default (on the volume) and scans this cluster in-cluster.
func TestConfigLoads(t *testing.T) {
	p := filepath.Join(t.TempDir(), "vigil.yaml")
	if err := os.WriteFile(p, []byte(deploy.Config(deploy.Options{ClusterName: "prod-eu"})), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(p)
	if err != nil {
		t.Fatalf("the generated vigil.yaml does not load: %v", err)
	}
	if cfg.Store.DSN != nil {
		t.Errorf("store.dsn is set: the default file under XDG_DATA_HOME is the volume's")
	}
	if len(cfg.Serve.Connectors) != 1 || cfg.Serve.Connectors[0].Kubernetes == nil || !cfg.Serve.Connectors[0].Kubernetes.InCluster || cfg.Serve.Listen != "0.0.0.0:8080" {
		t.Errorf("serve section %+v", cfg.Serve)
	}
}

// TestObjectsRefuse: no image, or a namespace or size Kubernetes would
// refuse, is an error naming the flag.
func TestObjectsRefuse(t *testing.T) {
	for _, c := range []struct {
		o    deploy.Options
		want string
	}{
		{deploy.Options{}, "--image"},
		{deploy.Options{Image: "a b"}, "--image"},
		{deploy.Options{Image: "vigil:1", Namespace: "Vigil_NS"}, "--namespace"},
		{deploy.Options{Image: "vigil:1", StorageSize: "lots"}, "--storage-size"},
	} {
		if _, err := deploy.Objects(c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Objects(%+v) = %v, want an error about %s", c.o, err, c.want)
		}
	}
	objs, err := deploy.Objects(deploy.Options{Image: "vigil:1", EmptyDir: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := deploy.WriteYAML(&b, objs); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "PersistentVolumeClaim") || !strings.Contains(b.String(), "emptyDir") || strings.Contains(b.String(), "creationTimestamp") {
		t.Errorf("--empty-dir manifests:\n%s", b.String())
	}
}
