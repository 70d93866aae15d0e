package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	sigyaml "sigs.k8s.io/yaml"

	"github.com/vigil-cspm/vigil/internal/kubetest"
)

// TestDeployManifestsScanClean: Vigil's own rules, run on the manifests
// as IaC, report nothing above low; asking to read Secrets is reported.
func TestDeployManifestsScanClean(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "vigil.yaml")
	if r := run(t, "", "deploy", "manifests", "--image", "registry.example.com/vigil:v1.0.0", "--output", file); r.code != ExitOK {
		t.Fatalf("deploy manifests: exit %d %s", r.code, r.stderr)
	}
	r := run(t, "", "scan", "iac", dir, "--format", "json", "--fail-on", "medium")
	if r.code != ExitOK {
		t.Fatalf("scan iac of the manifests: exit %d (a finding above low?)\n%s", r.code, r.stderr)
	}
	d := parseDoc(t, r.stdout)
	if d.Summary.Resources < 8 || d.Summary.Findings != d.Summary.BySeverity["low"] {
		t.Fatalf("scan of the manifests: %d resources, %d findings %v", d.Summary.Resources, d.Summary.Findings, d.Summary.BySeverity)
	}

	if r := run(t, "", "deploy", "manifests", "--image", "registry.example.com/vigil:v1.0.0", "--read-secrets", "--output", file); r.code != ExitOK {
		t.Fatalf("deploy manifests --read-secrets: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, "", "scan", "iac", dir, "--fail-on", "medium"); r.code != ExitGate || !strings.Contains(r.stdout, "k8s-rbac-secrets-access") {
		t.Errorf("reading Secrets went unreported: exit %d\n%s", r.code, r.stdout)
	}
	if r := run(t, "", "deploy", "manifests"); r.code != ExitError || !strings.Contains(r.stderr, "--image") {
		t.Errorf("no --image: exit %d %s", r.code, r.stderr)
	}
}

// warnings collects the API server's warnings (Pod Security among them).
type warnings struct {
	mu   sync.Mutex
	list []string
}

func (w *warnings) HandleWarningHeader(_ int, _ string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, text)
}

// TestDeployManifestsCluster applies the manifests to a real API server:
// first with server-side dry run (the server validates and admits them,
// Pod Security "restricted" warns about nothing, and nothing is stored),
// then for real; then Vigil scans the cluster as the manifests'
// service account, which may list every kind the collector reads and no
// Secret.
func TestDeployManifestsCluster(t *testing.T) {
	env := kubetest.StartTest(t, kubetest.Options{})
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "vigil.yaml")
	if r := run(t, "", "deploy", "manifests", "--image", "registry.example.com/vigil:v1.0.0", "--namespace", "vigil-ops", "--output", file); r.code != ExitOK {
		t.Fatalf("deploy manifests: exit %d %s", r.code, r.stderr)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var objs []*unstructured.Unstructured
	for _, doc := range strings.Split(string(data), "\n---\n") {
		var m map[string]any
		if err := sigyaml.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, &unstructured.Unstructured{Object: m})
	}
	apply := applier(t, env)
	warn, dyn := apply.warnings, apply.dyn
	createAll := func(dryRun bool, keep func(*unstructured.Unstructured) bool) { apply.all(objs, dryRun, keep) }
	isNamespace := func(u *unstructured.Unstructured) bool { return u.GetKind() == "Namespace" }
	clusterScoped := func(u *unstructured.Unstructured) bool { return u.GetNamespace() == "" }
	namespaced := func(u *unstructured.Unstructured) bool { return u.GetNamespace() != "" }

	// Dry run: the cluster-scoped objects, then (in the namespace, which
	// must exist for the server to judge them) the namespaced ones.
	createAll(true, clusterScoped)
	createAll(false, isNamespace)
	createAll(true, namespaced)
	if len(warn.list) > 0 {
		t.Errorf("the API server warned about the manifests: %q", warn.list)
	}
	if _, err := dyn.Resource(rbacGVR).Get(ctx, "vigil-reader", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("a dry run stored the ClusterRole: %v", err)
	}

	createAll(false, func(u *unstructured.Unstructured) bool { return !isNamespace(u) })
	kc := saKubeconfig(t, env, "vigil-ops", "vigil")
	r := run(t, "", "scan", "k8s", "--kubeconfig", kc, "--cluster-name", "test", "--store", filepath.Join(t.TempDir(), "v.db"), "--format", "json")
	if r.code != ExitOK && r.code != ExitGate {
		t.Fatalf("scan as the service account: exit %d %s", r.code, r.stderr)
	}
	d := parseDoc(t, r.stdout)
	secretsDenied := false
	for _, c := range d.Scan.Coverage {
		switch {
		case strings.HasPrefix(c.Scope, "k8s.core.secret"):
			secretsDenied = secretsDenied || c.Status != "complete"
		case c.Status != "complete":
			t.Errorf("the service account could not read %s: %s %s", c.Scope, c.Status, c.Reason)
		}
	}
	if !secretsDenied {
		t.Errorf("the service account read Secrets without --read-secrets: %+v", d.Scan.Coverage)
	}
	if d.Summary.Resources == 0 {
		t.Errorf("the service account read no resources")
	}
}

var rbacGVR = schema.GroupVersionResource{Group: "rbac.authorization.k8s.io", Version: "v1", Resource: "clusterroles"}

// saKubeconfig writes a kubeconfig that authenticates as a service
// account with a token from the TokenRequest API.
func saKubeconfig(t *testing.T, env *kubetest.Env, ns, name string) string {
	t.Helper()
	cs, err := kubernetes.NewForConfig(env.AdminConfig)
	if err != nil {
		t.Fatal(err)
	}
	exp := int64(3600)
	tok, err := cs.CoreV1().ServiceAccounts(ns).CreateToken(context.Background(), name, &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &exp}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("token for %s/%s: %v", ns, name, err)
	}
	c := clientcmdapi.NewConfig()
	c.Clusters["test"] = &clientcmdapi.Cluster{Server: env.Host, CertificateAuthorityData: env.CAData}
	c.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: tok.Status.Token}
	c.Contexts["sa"] = &clientcmdapi.Context{Cluster: "test", AuthInfo: name}
	c.CurrentContext = "sa"
	p := filepath.Join(t.TempDir(), "sa.kubeconfig")
	if err := clientcmd.WriteToFile(*c, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// kubeApplier creates manifests' objects as the admin, collecting the
// API server's warnings.
type kubeApplier struct {
	t        *testing.T
	dyn      dynamic.Interface
	mapper   meta.RESTMapper
	warnings *warnings
}

func applier(t *testing.T, env *kubetest.Env) *kubeApplier {
	t.Helper()
	cfg := rest.CopyConfig(env.AdminConfig)
	warn := &warnings{}
	cfg.WarningHandler = warn
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	disc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &kubeApplier{t: t, dyn: dyn, mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(disc)), warnings: warn}
}

func (a *kubeApplier) resource(u *unstructured.Unstructured) dynamic.ResourceInterface {
	gvk := u.GroupVersionKind()
	m, err := a.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		a.t.Fatalf("%s: %v", gvk, err)
	}
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		return a.dyn.Resource(m.Resource).Namespace(u.GetNamespace())
	}
	return a.dyn.Resource(m.Resource)
}

// all creates the objects keep accepts (with strict field validation),
// as a server-side dry run or for real.
func (a *kubeApplier) all(objs []*unstructured.Unstructured, dryRun bool, keep func(*unstructured.Unstructured) bool) {
	a.t.Helper()
	opts := metav1.CreateOptions{FieldValidation: "Strict"}
	if dryRun {
		opts.DryRun = []string{metav1.DryRunAll}
	}
	for _, u := range objs {
		if !keep(u) {
			continue
		}
		if _, err := a.resource(u).Create(context.Background(), u, opts); err != nil {
			a.t.Fatalf("create %s %s (dry run %v): %v", u.GetKind(), u.GetName(), dryRun, err)
		}
	}
}
