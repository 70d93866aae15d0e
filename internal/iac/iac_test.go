package iac

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func scanner() *Scanner {
	return &Scanner{Parser: k8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New()))}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: x}]}\n"

func TestScanTree(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "b.yaml"), pod)
	write(t, filepath.Join(dir, "a", "c.yml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")
	write(t, filepath.Join(dir, "copy.json"), `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"a"},"spec":{"containers":[]}}`)
	write(t, filepath.Join(dir, "README.md"), "# not a manifest")
	write(t, filepath.Join(dir, ".git", "config.yaml"), pod)
	write(t, filepath.Join(dir, "kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [b.yaml]\n")

	res := scanner().Scan(context.Background(), []string{dir}, nil)
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	if res.Files != 4 {
		t.Errorf("read %d files, want 4 (a/c.yml, b.yaml, copy.json, kustomization.yaml)", res.Files)
	}
	var ids []string
	for _, r := range res.Resources {
		ids = append(ids, r.ID)
	}
	if len(ids) != 3 || ids[0] != "k8s://manifests/_/core/Namespace/a" {
		t.Fatalf("resources in walk order = %v", ids)
	}
	if ids[1] == ids[2] || !strings.HasSuffix(ids[2], "@"+filepath.Join(dir, "copy.json")+":1") {
		t.Errorf("a duplicate object was not told apart by location: %v", ids)
	}
	var kustomize bool
	for _, c := range res.Coverage {
		kustomize = kustomize || (c.Status == model.CoverageSkipped && strings.Contains(c.Reason, "Kustomization"))
	}
	if !kustomize {
		t.Errorf("coverage lacks the skipped kustomization: %+v", res.Coverage)
	}
}

// TestScanHelmChart: a directory with a Chart.yaml is rendered whole,
// its objects located in their templates; its values files, templates
// and subcharts are not read as manifests; a chart that cannot render is
// an input error naming the chart, a library chart is skipped.
func TestScanHelmChart(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "app", "Chart.yaml"), "apiVersion: v2\nname: app\nversion: 0.1.0\n")
	write(t, filepath.Join(dir, "app", "values.yaml"), "name: web\n")
	write(t, filepath.Join(dir, "app", "ci", "prod-values.yaml"), "name: prod\n")
	write(t, filepath.Join(dir, "app", "templates", "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n  namespace: a\nspec:\n  containers:\n    # vigil:ignore k8s-privileged-container the agent needs the host\n    - name: c\n      image: x\n")
	write(t, filepath.Join(dir, "app", "crds", "crd.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")
	write(t, filepath.Join(dir, "bad", "Chart.yaml"), "apiVersion: v2\nname: bad\nversion: 0.1.0\n")
	write(t, filepath.Join(dir, "bad", "templates", "x.yaml"), "kind: {{ .Values.missing.field }}\n")
	write(t, filepath.Join(dir, "lib", "Chart.yaml"), "apiVersion: v2\nname: lib\nversion: 0.1.0\ntype: library\n")

	res := scanner().Scan(context.Background(), []string{dir}, nil)
	var files []string
	for _, r := range res.Resources {
		files = append(files, r.Source.File+" "+r.Name)
	}
	want := []string{filepath.Join(dir, "app", "templates", "pod.yaml") + " web", filepath.Join(dir, "app", "crds", "crd.yaml") + " a"}
	slices.Sort(files)
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Errorf("resources from %v, want %v", files, want)
	}
	for _, r := range res.Resources {
		if r.Name == "web" && (len(r.Source.Directives) != 1 || r.Source.Directives[0].Rule != "k8s-privileged-container") {
			t.Errorf("the template's vigil:ignore comment was not attached: %+v", r.Source.Directives)
		}
	}
	if len(res.Errors) != 1 || res.Errors[0].File != filepath.Join(dir, "bad") || !strings.Contains(res.Errors[0].Message, "cannot render the Helm chart") {
		t.Errorf("errors = %v, want one naming the chart bad", res.Errors)
	}
	var skippedLib bool
	for _, c := range res.Coverage {
		skippedLib = skippedLib || (c.Scope == "chart:"+filepath.Join(dir, "lib") && c.Status == model.CoverageSkipped)
	}
	if !skippedLib {
		t.Errorf("the library chart is not reported skipped: %+v", res.Coverage)
	}
}

func TestScanMissingPathAndStdin(t *testing.T) {
	res := scanner().Scan(context.Background(), []string{"/does/not/exist", "-"}, strings.NewReader(pod))
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "no such file") {
		t.Fatalf("errors = %v", res.Errors)
	}
	if len(res.Resources) != 1 || res.Resources[0].Source.File != StdinName {
		t.Fatalf("stdin resources = %v", res.Resources)
	}
}

// TestMayHold: the pre-scan keeps every file that may hold an object of
// the kinds, and lets go of one that cannot.
func TestMayHold(t *testing.T) {
	kinds := []string{"RoleBinding", "ServiceAccount", "NetworkPolicy"}
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"kind: RoleBinding\n", true},
		{`{"kind":"ServiceAccount"}`, true},
		{"kind:\n  NetworkPolicy\n", true},
		{`{"kind": "Network\u0050olicy"}`, true},
		{"kind: \"Role\\x42inding\"\n", true},
		{"kind: !!binary Um9sZUJpbmRpbmc=\n", true},
		{"kind: \"Role\\\n  Binding\"\n", true},
		{"kind: Pod\nspec: {automountServiceAccountToken: false, serviceAccountName: web}\n", false},
		{"kind: Deployment\n", false},
	} {
		if got := mayHold([]byte(c.src), kinds); got != c.want {
			t.Errorf("mayHold(%q) = %v, want %v", c.src, got, c.want)
		}
	}
}
