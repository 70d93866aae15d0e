package k8s

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// FuzzParse feeds arbitrary bytes to the manifest parser: it must never
// panic, every error must name the file, and every resource must be
// located.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: x, securityContext: {privileged: true}}]}\n",
		"apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {PASSWORD: hunter2hunter2}}]\n",
		"---\n---\n",
		"a: &a [1]\nb: [*a, *a]\n",
		`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[]}}}}`,
		"apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: x}\nroleRef: {kind: ClusterRole, name: admin}\nsubjects: [{kind: ServiceAccount, name: default}]\n",
		"\xff",
	} {
		f.Add([]byte(s))
	}
	p := parser()
	f.Fuzz(func(t *testing.T, data []byte) {
		res := p.Parse("fuzz.yaml", data)
		for _, e := range res.Errors {
			if e.File != "fuzz.yaml" || e.Message == "" {
				t.Fatalf("unlocated error %+v", e)
			}
		}
		for _, r := range res.Resources {
			if r.Source.File != "fuzz.yaml" || r.Source.Line <= 0 || r.ID == "" || r.Type == "" {
				t.Fatalf("unlocated resource %+v", r)
			}
			if _, err := ast.InterfaceToValue(r.Input()); err != nil {
				t.Fatalf("resource %s cannot become rule input: %v", r.ID, err)
			}
		}
	})
}

// FuzzLocator: any file and any evidence path give a line of the file or
// 0, never a panic.
func FuzzLocator(f *testing.F) {
	f.Add([]byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: a}]\n"), "pod_spec.containers[0].security_context.privileged")
	f.Add([]byte("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}\n"), `data["a"]`)
	f.Add([]byte("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: &s {containers: []}\nx: *s\n"), "pod_spec.containers[0]")
	f.Add([]byte("- [\n"), "a[")
	p := parser()
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, r := range p.Parse("fuzz.yaml", data).Resources {
			if file, got := r.Source.Evidence(path); file != "" || got < 0 || got > lines {
				t.Fatalf("%s located at %q line %d of %d", path, file, got, lines)
			}
		}
	})
}

// FuzzFastReader: whenever the fast reader reads a file, yaml.v3 reads
// the same documents — objects, lines, indexes — and the parse yields
// the same resources, errors, skipped documents and attribute lines.
func FuzzFastReader(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		f.Add([]byte(genDocument(r)))
	}
	p := parser()
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ok := p.fast.read(data)
		if !ok {
			return
		}
		slow := readYAML("fuzz.yaml", data)
		if d := diffDocuments(fast, slow); d != "" {
			t.Fatalf("fast reader: %s", d)
		}
		fast, _ = p.fast.read(data)
		if d := diffResults(p.result("fuzz.yaml", fast), p.result("fuzz.yaml", readYAML("fuzz.yaml", data))); d != "" {
			t.Fatalf("fast reader: %s", d)
		}
	})
}
