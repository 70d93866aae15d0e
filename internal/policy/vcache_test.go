package policy

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vigil-cspm/vigil/rules"
	"github.com/vigil-cspm/vigil/schemas"
)

// call is the cache key of a call to data.lib.<name> with args.
func call(name string, args ...*ast.Term) ast.Ref {
	return append(ast.MustParseRef("data.lib."+name), args...)
}

func TestFlatCache(t *testing.T) {
	c := getFlatCache()
	a := call("f", ast.StringTerm("x"), ast.IntNumberTerm(1))
	b := call("f", ast.StringTerm("x"), ast.IntNumberTerm(2))
	obj := call("g", ast.MustParseTerm(`{"k": [1, 2]}`))
	if v, undef := c.Get(a); v != nil || undef {
		t.Fatalf("empty cache: Get = %v, %v", v, undef)
	}
	c.Put(a, ast.StringTerm("A"))
	c.Put(b, nil)
	c.Put(obj, ast.StringTerm("O"))
	if v, undef := c.Get(a); v == nil || v.Value.Compare(ast.String("A")) != 0 || undef {
		t.Errorf("Get(a) = %v, %v; want A", v, undef)
	}
	if v, undef := c.Get(b); v != nil || !undef {
		t.Errorf("Get(b) = %v, %v; want recorded undefined", v, undef)
	}
	// An equal reference built anew finds the entry: keys compare by value.
	if v, _ := c.Get(call("g", ast.MustParseTerm(`{"k": [1, 2]}`))); v == nil {
		t.Error("Get of an equal object argument missed")
	}
	// The evaluator reuses the slice it passes to Put.
	key := call("f", ast.StringTerm("y"))
	c.Put(key, ast.StringTerm("Y"))
	key[len(key)-1] = ast.StringTerm("z")
	if v, _ := c.Get(call("f", ast.StringTerm("y"))); v == nil {
		t.Error("an entry changed with the caller's slice")
	}
	if v, _ := c.Get(key); v != nil {
		t.Error("Get of a reference never put hit")
	}
	// Overwrite.
	c.Put(b, ast.StringTerm("B"))
	if v, undef := c.Get(b); v == nil || undef {
		t.Errorf("Get(b) after overwrite = %v, %v", v, undef)
	}
	if n := len(c.Keys()); n != 4 {
		t.Errorf("Keys: %d, want 4", n)
	}
	// Frames: a pushed frame starts empty and is gone after Pop.
	c.Push()
	if v, _ := c.Get(a); v != nil {
		t.Error("a pushed frame sees the frame below")
	}
	c.Put(a, ast.StringTerm("inner"))
	c.Pop()
	if v, _ := c.Get(a); v == nil || v.Value.Compare(ast.String("A")) != 0 {
		t.Errorf("after Pop, Get(a) = %v; want A", v)
	}
	putFlatCache(c)
	c = getFlatCache()
	if v, _ := c.Get(a); v != nil || len(c.Keys()) != 0 {
		t.Error("a reused cache is not empty")
	}
	putFlatCache(c)
}

// TestFlatCacheCollisions puts different references under one hash.
func TestFlatCacheCollisions(t *testing.T) {
	c := getFlatCache()
	defer putFlatCache(c)
	refs := []ast.Ref{ast.MustParseRef(`data.a`), ast.MustParseRef(`data.b`), call("c", ast.IntNumberTerm(1))}
	for i, r := range refs {
		c.put(r, 7, ast.IntNumberTerm(i))
	}
	for i, r := range refs {
		v, _ := c.get(r, 7)
		if v == nil || v.Value.Compare(ast.IntNumberTerm(i).Value) != 0 {
			t.Errorf("get(%v) = %v, want %d", r, v, i)
		}
	}
	if v, _ := c.get(ast.MustParseRef(`data.d`), 7); v != nil {
		t.Errorf("get of an absent reference in a shared bucket = %v", v)
	}
}

// TestFlatCacheAgrees evaluates a generated cluster with OPA's own cache
// and with flatCache: the whole library in the interpreter, and the
// planned library with a rule that uses with (which pushes and pops cache
// frames) in the interpreter. The results must be the same.
func TestFlatCacheAgrees(t *testing.T) {
	e, resources := libraryAndCluster(t, 3000, 5)
	e.noPlan = true // both ways through OPA's interpreter, which takes the cache
	want := evalWith(t, e, resources, func() { e.opaCache = true })
	got := evalWith(t, e, resources, func() { e.opaCache = false })
	sameResults(t, "flatCache", got, "OPA's cache", want)

	f := libraryWithFallback(t)
	resources = resources[:1000]
	want = evalWith(t, f, resources, func() { f.opaCache = true })
	got = evalWith(t, f, resources, func() { f.opaCache = false })
	fired := 0
	for _, r := range want {
		if r.Rule.ID == "t-with" {
			fired++
		}
	}
	if fired == 0 {
		t.Fatal("t-with never fired: the comparison of its cache proves nothing")
	}
	sameResults(t, "flatCache with a fallback rule", got, "OPA's cache", want)
}

// libraryWithFallback loads the library with one rule of a policy
// directory, t-with, that the interpreter evaluates: it uses with.
func libraryWithFallback(t testing.TB) *Engine {
	t.Helper()
	dir := t.TempDir()
	src := rule("t-with", "k8s.core.pod, k8s.apps.deployment", `
import data.vigil.lib.k8s

_privileged(c) if c.security_context.privileged

deny contains sprintf("%s would run privileged in default", [e.container.name]) if {
	some e in k8s.pod_containers
	_privileged(e.container) with input.namespace as "default"
}
`)
	if err := os.WriteFile(filepath.Join(dir, "with.rego"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	e, err := Load(context.Background(), Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS, PolicyDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if ev, _ := e.Evaluator("t-with"); ev != EvaluatorInterpreter {
		t.Fatalf("t-with evaluated by %q, want the interpreter", ev)
	}
	return e
}
