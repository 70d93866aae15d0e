package iac_test

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
)

// TestScopesAcrossDirectories: each directory is a scope of its own,
// yet a rule reads objects of every directory — a role binding in one,
// the role in a second, the workload in a third, and a namespace whose
// NetworkPolicy is in a fourth, written in JSON with an escaped kind
// the pre-scan cannot read as a name — and finds what a scan of the
// same files in one directory finds. Those objects are read before any
// directory is evaluated, so no workload waits for the end of the scan.
func TestScopesAcrossDirectories(t *testing.T) {
	files := map[string]string{
		"rbac/role.yaml": `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get, list]}]
`,
		"team/binding.yaml": `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
`,
		"apps/web.yaml": `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      containers: [{name: web, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
`,
		"net/policy.json": `{"apiVersion": "networking.k8s.io/v1", "kind": "Network\u0050olicy",
 "metadata": {"name": "deny", "namespace": "shop"}, "spec": {"podSelector": {}}}
`,
	}
	dir, flat := t.TempDir(), t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{p, filepath.Join(flat, strings.ReplaceAll(name, "/", "-"))} {
			if err := os.WriteFile(f, []byte(src), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	lib := scantest.Library(t)
	rules := func(fs []model.Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.RuleID+" "+f.Resource.Name)
		}
		sort.Strings(out)
		return out
	}
	scoped, res := scantest.Scan(t, lib, "iac", newScanner(lib, iac.CloudOptions{}).Source([]string{dir}, nil))
	if res.Deferred != 0 {
		t.Errorf("%d resources waited for the end: the objects rules read across directories were not read first", res.Deferred)
	}
	whole, _ := scanIaC(t, lib, flat, iac.CloudOptions{})
	got, want := rules(scoped), rules(whole)
	if !slices.Equal(got, want) {
		t.Fatalf("directories as scopes:\n%v\none directory:\n%v", got, want)
	}
	if !slices.Contains(got, "k8s-workload-sa-reads-secrets web") {
		t.Errorf("the binding in another directory was not read: %v", got)
	}
	if slices.Contains(got, "k8s-namespace-no-network-policy shop") || slices.Contains(got, "k8s-workload-no-ingress-network-policy web") {
		t.Errorf("the NetworkPolicy in another directory was not read: %v", got)
	}
	if !slices.Contains(got, "k8s-workload-no-egress-network-policy web") {
		t.Errorf("the policy isolates ingress only, yet egress of the workload was not reported: %v", got)
	}
}
