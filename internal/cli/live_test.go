package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	sigyaml "sigs.k8s.io/yaml"

	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/kubetest"
)

// The live tests run against a real etcd and kube-apiserver. They skip
// when those are not built (scripts/kube-testenv.sh build), and fail
// instead with VIGIL_REQUIRE_INTEGRATION=1, as in CI.

func gvr(t *testing.T, apiVersion, kind string) (schema.GroupVersionResource, bool) {
	t.Helper()
	k, ok := kube.NewCatalog().Lookup(apiVersion, kind)
	if !ok {
		t.Fatalf("kind %s %s is not modelled", apiVersion, kind)
	}
	return schema.GroupVersionResource{Group: k.Group, Version: k.Version, Resource: k.Resource}, k.Namespaced
}

// apply creates every object of a manifest file and returns them.
func apply(t *testing.T, cfg *rest.Config, file string) []*unstructured.Unstructured {
	t.Helper()
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []*unstructured.Unstructured
	for _, doc := range strings.Split(string(data), "\n---\n") {
		var obj map[string]any
		if err := sigyaml.Unmarshal([]byte(doc), &obj); err != nil {
			t.Fatal(err)
		}
		if obj == nil {
			continue
		}
		out = append(out, create(t, dyn, obj))
	}
	return out
}

func create(t *testing.T, dyn dynamic.Interface, obj map[string]any) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{Object: obj}
	res, namespaced := gvr(t, u.GetAPIVersion(), u.GetKind())
	var ri dynamic.ResourceInterface = dyn.Resource(res)
	if namespaced {
		ri = dyn.Resource(res).Namespace(u.GetNamespace())
	}
	got, err := ri.Create(context.Background(), u, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create %s %s/%s: %v", u.GetKind(), u.GetNamespace(), u.GetName(), err)
	}
	return got
}

// findingKeys returns "rule kind namespace/name" for the findings of the
// test's own objects.
func findingKeys(d doc, keep func(ns, name string) bool) []string {
	var out []string
	for _, f := range d.Findings {
		if keep(f.Resource.Namespace, f.Resource.Name) {
			out = append(out, fmt.Sprintf("%s %s %s/%s", f.RuleID, f.Resource.Kind, f.Resource.Namespace, f.Resource.Name))
		}
	}
	sort.Strings(out)
	return out
}

func ours(ns, name string) bool {
	return ns == "team-a" || (ns == "" && (name == "team-a" || strings.HasPrefix(name, "team-a-")))
}

func TestLiveCluster(t *testing.T) {
	env := kubetest.StartTest(t, kubetest.Options{})
	manifest := filepath.Join("testdata", "live", "cluster.yaml")
	objs := apply(t, env.AdminConfig, manifest)
	dyn, err := dynamic.NewForConfig(env.AdminConfig)
	if err != nil {
		t.Fatal(err)
	}
	// No controller-manager runs: create the replica set and pod the
	// deployment would have, owned by it, with the same template.
	var deploy *unstructured.Unstructured
	for _, o := range objs {
		if o.GetKind() == "Deployment" {
			deploy = o
		}
	}
	tmpl, _, _ := unstructured.NestedMap(deploy.Object, "spec", "template")
	rs := create(t, dyn, map[string]any{
		"apiVersion": "apps/v1", "kind": "ReplicaSet",
		"metadata": map[string]any{"name": "api-5d8f", "namespace": "team-a", "ownerReferences": []any{ownerRef(deploy)}},
		"spec":     map[string]any{"replicas": int64(1), "selector": map[string]any{"matchLabels": map[string]any{"app": "api"}}, "template": tmpl},
	})
	podSpec, _, _ := unstructured.NestedMap(tmpl, "spec")
	create(t, dyn, map[string]any{
		"apiVersion": "v1", "kind": "Pod",
		"metadata": map[string]any{"name": "api-5d8f-x2x9z", "namespace": "team-a", "labels": map[string]any{"app": "api"}, "ownerReferences": []any{ownerRef(rs)}},
		"spec":     podSpec,
	})

	db := filepath.Join(t.TempDir(), "vigil.db")
	live := run(t, "", "scan", "k8s", "--kubeconfig", env.AdminKubeconfig, "--store", db, "--format", "json", "--cluster-name", "test")
	if live.code != ExitOK {
		t.Fatalf("live scan exit %d: %s", live.code, live.stderr)
	}
	ld := parseDoc(t, live.stdout)
	if ld.Scan.Status != "complete" || ld.Scan.Source != "k8s" {
		t.Fatalf("live scan status %q source %q, coverage %+v", ld.Scan.Status, ld.Scan.Source, ld.Scan.Coverage)
	}

	t.Run("findings equal the manifest scan", func(t *testing.T) {
		iac := run(t, "", "scan", "iac", manifest, "--format", "json")
		want := findingKeys(parseDoc(t, iac.stdout), ours)
		got := findingKeys(ld, ours)
		if len(want) < 15 {
			t.Fatalf("manifest scan found only %d findings: %v", len(want), want)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("live and manifest findings differ\nlive:\n%s\nmanifest:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("internet to a privileged pod to a cluster-wide admin is one combination", func(t *testing.T) {
		d := parseRisk(t, live.stdout)
		priv, bind := d.find("k8s-privileged-container", "api"), d.find("k8s-binding-grants-dangerous-role", "team-a-operator")
		combo := d.find("k8s-toxic-exposed-privileged-workload-admin", "api")
		if priv == nil || bind == nil || combo == nil || priv.Risk == nil || combo.Risk == nil {
			t.Fatalf("privileged %v, binding %v, combination %v", priv != nil, bind != nil, combo != nil)
		}
		if x := priv.factor("exposure"); !strings.Contains(x, "LoadBalancer") || !strings.Contains(x, "api-public") {
			t.Errorf("exposure %q", x)
		}
		if x := priv.factor("privilege"); !strings.Contains(x, "team-a-operator") || !strings.Contains(x, "cluster test") {
			t.Errorf("privilege %q", x)
		}
		if !slices.Contains(combo.Members, priv.ID) || !slices.Contains(combo.Members, bind.ID) || combo.Risk.Score <= priv.Risk.Score {
			t.Errorf("combination %d members %v; privileged %s scores %d, binding %s", combo.Risk.Score, combo.Members, priv.ID, priv.Risk.Score, bind.ID)
		}
		p := combo.Risk.Path
		if len(p) < 4 || p[0] != "internet" || !strings.HasSuffix(p[1], "/Service/api-public") || !strings.HasSuffix(p[len(p)-1], "/ClusterRole/team-a-operator") {
			t.Errorf("path %v", p)
		}
		if r := run(t, "", "scan", "k8s", "--kubeconfig", env.AdminKubeconfig, "--format", "json", "--store", filepath.Join(t.TempDir(), "g.db"), "--fail-on", "critical"); r.code != ExitGate || parseRisk(t, r.stdout).find(combo.RuleID, "api") == nil {
			t.Errorf("--fail-on critical: exit %d", r.code)
		}
	})

	t.Run("pods are reported on their controller", func(t *testing.T) {
		for _, f := range ld.Findings {
			if f.Resource.Kind == "Pod" || f.Resource.Kind == "ReplicaSet" {
				t.Errorf("finding on %s %s: %s (the deployment carries it)", f.Resource.Kind, f.Resource.Name, f.RuleID)
			}
		}
		if !ld.has("k8s-privileged-container", "api") {
			t.Error("the deployment lacks its privileged finding")
		}
	})

	t.Run("the platform's own objects are hidden unless asked for", func(t *testing.T) {
		for _, f := range ld.Findings {
			if strings.HasPrefix(f.Resource.Name, "system:") || f.Resource.Name == "cluster-admin" {
				t.Errorf("finding on a bootstrap object by default: %s %s", f.RuleID, f.Resource.Name)
			}
		}
		r := run(t, "", "scan", "k8s", "--kubeconfig", env.AdminKubeconfig, "--format", "json", "--store", filepath.Join(t.TempDir(), "x.db"), "--include-system")
		d := parseDoc(t, r.stdout)
		if !d.has("k8s-rbac-wildcard", "cluster-admin") {
			t.Error("--include-system does not show the wildcard in the cluster-admin ClusterRole")
		}
	})

	t.Run("secret values never reach the output or the store", func(t *testing.T) {
		stored, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		wal, _ := os.ReadFile(db + "-wal")
		for _, secret := range []string{"never-leaves-the-cluster-9f8e7d", "Tr0ub4dor&3-horse", "ghp_a1B2a1B2a1B2a1B2a1B2a1B2a1B2a1B2a1B2"} {
			if strings.Contains(live.stdout, secret) || bytes.Contains(stored, []byte(secret)) || bytes.Contains(wal, []byte(secret)) {
				t.Errorf("secret %q leaked into the output or the store", secret)
			}
		}
	})

	t.Run("restricted identity gives a partial scan", func(t *testing.T) {
		apply(t, env.AdminConfig, filepath.Join("testdata", "live", "restricted-rbac.yaml"))
		r := run(t, "", "scan", "k8s", "--kubeconfig", env.RestrictedKubeconfig, "--store", db, "--format", "json", "--cluster-name", "test", "--framework", "cis-kubernetes-1.12")
		if r.code != ExitOK {
			t.Fatalf("restricted scan exit %d: %s", r.code, r.stderr)
		}
		d := parseDoc(t, r.stdout)
		if d.Scan.Status != "partial" {
			t.Fatalf("status %q, want partial", d.Scan.Status)
		}
		cov := map[string]string{}
		for _, c := range d.Scan.Coverage {
			cov[c.Scope] = c.Status
		}
		for scope, want := range map[string]string{
			"k8s.core.secret": "denied", "k8s.rbac.cluster_role": "denied", "k8s.core.secret@team-a": "complete",
			"k8s.apps.deployment": "complete", "k8s.core.secret@default": "denied",
		} {
			if cov[scope] != want {
				t.Errorf("coverage %s = %q, want %q", scope, cov[scope], want)
			}
		}
		if !d.has("k8s-privileged-container", "api") || !d.has("k8s-rbac-secrets-access", "secret-reader") {
			t.Error("the restricted scan did not evaluate what it could read")
		}
		if d.has("k8s-rbac-wildcard", "team-a-operator") {
			t.Error("a finding on a cluster role the identity cannot list")
		}
		if d.Summary.Resolved != 0 {
			t.Errorf("the partial scan resolved %d findings in scopes it did not cover", d.Summary.Resolved)
		}
		var fw struct {
			Frameworks []struct {
				Requirements []struct{ ID, State string }
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &fw); err != nil || len(fw.Frameworks) != 1 {
			t.Fatalf("framework section: %v", err)
		}
		for _, req := range fw.Frameworks[0].Requirements {
			// Wildcards in roles: cluster roles could not be read, and the
			// readable roles have none — not a pass.
			if req.ID == "5.1.3" && req.State != "not_covered" {
				t.Errorf("5.1.3 = %s with cluster roles unreadable, want not_covered", req.State)
			}
			if req.ID == "5.2.2" && req.State != "fail" {
				t.Errorf("5.2.2 = %s, want fail", req.State)
			}
		}
		open := run(t, "", "findings", "list", "--store", db, "--status", "open", "--rule", "k8s-rbac-wildcard", "--format", "json")
		if !strings.Contains(open.stdout, "team-a-operator") {
			t.Error("the cluster role's finding was resolved by a scan that could not see cluster roles")
		}
	})

	t.Run("a fix resolves exactly that finding", func(t *testing.T) {
		patch := []byte(`{"spec":{"template":{"spec":{"hostPID":false}}}}`)
		res, _ := gvr(t, "apps/v1", "Deployment")
		if _, err := dyn.Resource(res).Namespace("team-a").Patch(context.Background(), "api", types.MergePatchType, patch, metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		// The pods would be replaced by the rollout; without a controller
		// manager, delete the old replica set and pod by hand.
		rsRes, _ := gvr(t, "apps/v1", "ReplicaSet")
		podRes, _ := gvr(t, "v1", "Pod")
		_ = dyn.Resource(rsRes).Namespace("team-a").Delete(context.Background(), "api-5d8f", metav1.DeleteOptions{})
		_ = dyn.Resource(podRes).Namespace("team-a").Delete(context.Background(), "api-5d8f-x2x9z", metav1.DeleteOptions{})
		r := run(t, "", "scan", "k8s", "--kubeconfig", env.AdminKubeconfig, "--store", db, "--format", "json", "--cluster-name", "test")
		d := parseDoc(t, r.stdout)
		if d.has("k8s-host-pid", "api") {
			t.Fatal("host-pid finding still reported after the fix")
		}
		resolved := run(t, "", "findings", "list", "--store", db, "--status", "resolved", "--format", "json")
		rd := parseDoc(t, resolved.stdout)
		var keys []string
		for _, f := range rd.Findings {
			keys = append(keys, f.RuleID+" "+f.Resource.Name)
		}
		if len(keys) != 1 || keys[0] != "k8s-host-pid api" {
			t.Fatalf("resolved findings = %v, want exactly [k8s-host-pid api]", keys)
		}
		if d.Summary.Resolved != 1 {
			t.Fatalf("scan summary resolved = %d, want 1", d.Summary.Resolved)
		}
	})
}

func ownerRef(o *unstructured.Unstructured) map[string]any {
	return map[string]any{"apiVersion": o.GetAPIVersion(), "kind": o.GetKind(), "name": o.GetName(), "uid": string(o.GetUID()), "controller": true}
}
