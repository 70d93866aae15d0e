package iac_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
)

// TestRelative: a scan told its root names every file relative to it —
// resources, evidence, inline exceptions, coverage and input errors —
// and finds the same as a scan without it.
func TestRelative(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("shop/web.yaml", `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
  # vigil:ignore k8s-liveness-probe reason="batch job" until=2099-01-01
  - name: web
    image: nginx:1.27
    securityContext: {privileged: true}
`)
	write("broken/bad.yaml", "kind: Pod\nmetadata: [\n")
	lib := scantest.Library(t)
	plain, _ := scantest.Scan(t, lib, "iac", newScanner(lib, iac.CloudOptions{}).Source([]string{dir}, nil))
	src := newScanner(lib, iac.CloudOptions{}).Source([]string{dir}, nil).Relative(dir)
	rel, res := scantest.Scan(t, lib, "iac", src)
	if len(rel) == 0 || len(rel) != len(plain) {
		t.Fatalf("%d findings relative, %d plain; want the same, more than none", len(rel), len(plain))
	}
	excepted := 0
	for i, f := range rel {
		if f.Resource.Source.File != "shop/web.yaml" || f.Evidence.File != "" && f.Evidence.File != "shop/web.yaml" {
			t.Errorf("finding %s names %q (evidence %q), want shop/web.yaml", f.RuleID, f.Resource.Source.File, f.Evidence.File)
		}
		if f.Fingerprint != plain[i].Fingerprint || f.Evidence.Line != plain[i].Evidence.Line {
			t.Errorf("finding %s differs from the plain scan's: %+v vs %+v", f.RuleID, f.Evidence, plain[i].Evidence)
		}
		if f.Exception != nil {
			excepted++
			if f.Exception.File != "shop/web.yaml" {
				t.Errorf("inline exception at %q, want shop/web.yaml", f.Exception.File)
			}
		}
	}
	if excepted != 1 {
		t.Errorf("%d findings excepted inline, want the liveness probe's", excepted)
	}
	files := map[string]bool{}
	for _, c := range res.Scan.Coverage {
		if strings.HasPrefix(c.Scope, "file:") {
			files[c.Scope] = true
		}
	}
	if !files["file:shop/web.yaml"] || !files["file:broken/bad.yaml"] || len(files) != 2 {
		t.Errorf("coverage names %v, want both files relative to the root", files)
	}
	if len(res.Scan.Errors) != 1 || res.Scan.Errors[0].File != "broken/bad.yaml" {
		t.Errorf("input errors %+v, want broken/bad.yaml's", res.Scan.Errors)
	}
}
