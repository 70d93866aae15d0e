package policy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/rules"
	"github.com/vigil-cspm/vigil/schemas"
)

// libraryOptions load the embedded library.
func libraryOptions() Options {
	return Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS}
}

// precompiledBytes is the embedded library precompiled, made once per
// test binary.
var precompiledBytes = sync.OnceValues(func() ([]byte, error) {
	return Precompile(context.Background(), libraryOptions())
})

// precompiledLibrary loads the embedded library from its precompiled
// form, as the binary does.
func precompiledLibrary(t testing.TB) *Engine {
	t.Helper()
	b, err := precompiledBytes()
	if err != nil {
		t.Fatal(err)
	}
	return loadPrecompiled(t, libraryOptions(), b)
}

// loadPrecompiled loads the library of opts from pre and fails t unless
// pre was used.
func loadPrecompiled(t testing.TB, opts Options, pre []byte) *Engine {
	t.Helper()
	opts.Precompiled = pre
	e, err := Load(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !e.precompiled {
		t.Fatal("the precompiled library was not used")
	}
	return e
}

// TestPrecompileIsStable: the same files give the same bytes, and the
// decoded plan encodes to the bytes it was decoded from.
func TestPrecompileIsStable(t *testing.T) {
	b1, err := precompiledBytes()
	if err != nil {
		t.Fatal(err)
	}
	b2, err := Precompile(context.Background(), libraryOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatal("two precompilations of the library differ")
	}
	e := precompiledLibrary(t)
	compiled, err := Load(context.Background(), libraryOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(e.plan.funcs) != len(compiled.plan.funcs) {
		t.Fatalf("%d functions decoded, %d planned", len(e.plan.funcs), len(compiled.plan.funcs))
	}
	w := &encoder{kinds: map[reflect.Type]int{}, fields: map[reflect.Type][]int{}}
	for i := range e.plan.funcs {
		got, err := e.plan.funcs[i].decode()
		if err != nil {
			t.Fatalf("decode %s: %v", e.plan.funcs[i].name, err)
		}
		var enc [2][]byte
		for j, fn := range []*ir.Func{got, compiled.plan.funcs[i].fn} {
			w.buf = nil
			if err := w.value(reflect.ValueOf(fn).Elem()); err != nil {
				t.Fatal(err)
			}
			enc[j] = w.buf
		}
		if !bytes.Equal(enc[0], enc[1]) || got.Name != e.plan.funcs[i].name {
			t.Errorf("function %s does not decode to what was planned", e.plan.funcs[i].name)
		}
	}
	if !reflect.DeepEqual(e.Rules(), compiled.Rules()) {
		t.Error("the precompiled rules' metadata differs from the compiled rules'")
	}
	for _, r := range compiled.Rules() {
		want, _ := compiled.code[r.ID].precheck()
		got, err := e.code[r.ID].precheck()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: precheck %v decoded as %v", r.ID, want, got)
		}
	}
	if e.Digest() != compiled.Digest() {
		t.Errorf("digest %s, compiled %s", e.Digest(), compiled.Digest())
	}
}

// TestPrecompiledAgrees evaluates the library over a generated cluster
// precompiled and compiled at run time: the results must be the same.
func TestPrecompiledAgrees(t *testing.T) {
	pre, resources := libraryAndCluster(t, 3000, 13)
	compiled, err := Load(context.Background(), libraryOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := evalWith(t, compiled, resources, func() {})
	got := evalWith(t, pre, resources, func() {})
	sameResults(t, "precompiled", got, "compiled", want)
	for _, r := range pre.Rules() {
		gotEv, gotWhy := pre.Evaluator(r.ID)
		wantEv, wantWhy := compiled.Evaluator(r.ID)
		if gotEv != wantEv || gotWhy != wantWhy {
			t.Errorf("%s: evaluator %s (%s), compiled %s (%s)", r.ID, gotEv, gotWhy, wantEv, wantWhy)
		}
	}
}

// TestPrecompiledPreparesLazily: loading prepares no type, and
// evaluating prepares only the types met.
func TestPrecompiledPreparesLazily(t *testing.T) {
	e := precompiledLibrary(t)
	decoded := func() int {
		n := 0
		for _, f := range e.plan.funcs {
			if f.fn != nil {
				n++
			}
		}
		return n
	}
	if n := decoded(); n != 0 {
		t.Fatalf("%d functions decoded before any evaluation", n)
	}
	ns := &model.Resource{ID: "ns/a", Type: "k8s.core.namespace", Name: "default"}
	evalWith(t, e, []*model.Resource{ns}, func() {})
	for typ, q := range e.queries {
		if prepared := q.pre != nil; prepared != (typ == ns.Type) {
			t.Errorf("type %s prepared: %v", typ, prepared)
		}
	}
	if n := decoded(); n == 0 || n == len(e.plan.funcs) {
		t.Errorf("%d of %d functions decoded for one namespace", n, len(e.plan.funcs))
	}
}

// TestPrecompiledStale: a precompiled library made from other files is
// not used; the files are compiled instead.
func TestPrecompiledStale(t *testing.T) {
	files := map[string]string{"a.rego": rule("t-a", "k8s.core.namespace", `deny contains "a" if input.name == "default"`)}
	pre, err := Precompile(context.Background(), Options{Library: mapFS(files), LibraryPrefix: "rules/", Schemas: schemas.FS})
	if err != nil {
		t.Fatal(err)
	}
	files["a.rego"] = rule("t-a", "k8s.core.namespace", `deny contains "b" if input.name == "default"`)
	e, err := Load(context.Background(), Options{Library: mapFS(files), LibraryPrefix: "rules/", Schemas: schemas.FS, Precompiled: pre})
	if err != nil {
		t.Fatal(err)
	}
	if e.precompiled {
		t.Fatal("a precompiled library made from other files was used")
	}
	res := evalWith(t, e, []*model.Resource{{ID: "ns/a", Type: "k8s.core.namespace", Name: "default"}}, func() {})
	if len(res) != 1 || res[0].Message != "b" {
		t.Fatalf("results %+v, want the edited rule's", res)
	}
	if _, err := Load(context.Background(), Options{Library: mapFS(files), LibraryPrefix: "rules/", Schemas: schemas.FS, Precompiled: pre[:len(pre)/2]}); err != nil {
		t.Fatalf("a truncated precompiled library of other files: %v", err)
	}
}

// TestPrecompiledFallback: a precompiled rule whose plan irexec cannot
// run is evaluated by the interpreter, which compiles the library on
// first use.
func TestPrecompiledFallback(t *testing.T) {
	files := map[string]string{
		"a.rego": rule("t-with", "k8s.core.namespace", "_d if input.name == \"default\"\n\ndeny contains \"with\" if {\n\t_d with input.name as \"default\"\n}\n"),
		"b.rego": rule("t-plain", "k8s.core.namespace", `deny contains "plain" if input.name == "default"`),
	}
	opts := Options{Library: mapFS(files), LibraryPrefix: "rules/", Schemas: schemas.FS}
	pre, err := Precompile(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	e := loadPrecompiled(t, opts, pre)
	if ev, why := e.Evaluator("t-with"); ev != EvaluatorInterpreter || why == "" {
		t.Errorf("t-with: evaluator %s (%s), want the interpreter with a reason", ev, why)
	}
	if ev, _ := e.Evaluator("t-plain"); ev != EvaluatorPlan {
		t.Errorf("t-plain: evaluator %s, want the plan", ev)
	}
	res := evalWith(t, e, []*model.Resource{{ID: "ns/a", Type: "k8s.core.namespace", Name: "default"}}, func() {})
	got := fmt.Sprint(len(res))
	for _, r := range res {
		got += " " + r.Message
	}
	if got != "2 plain with" {
		t.Fatalf("results: %s, want both rules", got)
	}
}

// TestPrecompiledCorrupt: a precompiled library cut short fails to load
// or to prepare with an error, never a panic.
func TestPrecompiledCorrupt(t *testing.T) {
	b, err := precompiledBytes()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{len(b) - 1, len(b) / 2, len(b) / 3} {
		opts := libraryOptions()
		opts.Precompiled = b[:n]
		if _, err := Load(context.Background(), opts); err == nil {
			t.Errorf("%d of %d bytes loaded", n, len(b))
		}
	}
	e := precompiledLibrary(t)
	f := &e.plan.funcs[len(e.plan.funcs)-1]
	f.decode = func() (*ir.Func, error) { return nil, errors.New("corrupt") }
	for _, r := range e.Rules() {
		if _, err := e.prepared(r.ResourceTypes[0]); err != nil {
			return
		}
	}
	t.Error("a function that does not decode prepared every type")
}

// FuzzReadPrecompiled: whatever bytes stand for a precompiled library,
// reading, preparing and evaluating it ends in results or errors, never
// a panic. The seed is a small library whose rule calls a function; the
// engine is built as Load builds it from a precompiled form, without
// the schemas and the interpreter's compilation, which would make each
// run slow.
func FuzzReadPrecompiled(f *testing.F) {
	files := map[string]string{
		"a.rego": rule("t-a", "k8s.core.namespace", "named(n) if input.name == n\n\ndeny contains \"a\" if named(\"default\")\n"),
		"b.rego": rule("t-b", "k8s.core.namespace,k8s.core.pod", `deny contains "b" if input.name == "kube-system"`),
	}
	opts := Options{Library: mapFS(files), LibraryPrefix: "rules/", Schemas: schemas.FS}
	pre, err := Precompile(context.Background(), opts)
	if err != nil {
		f.Fatal(err)
	}
	e := loadPrecompiled(f, opts, pre)
	if len(e.Rules()) != 2 {
		f.Fatalf("the seed library has %d rules", len(e.Rules()))
	}
	f.Add(pre)
	resources := []*model.Resource{{ID: "ns/a", Type: "k8s.core.namespace", Name: "default"}, {ID: "pod/a", Type: "k8s.core.pod", Name: "kube-system"}}
	f.Fuzz(func(t *testing.T, b []byte) {
		e := &Engine{byID: map[string]*model.RuleMeta{}, code: map[string]*ruleCode{}, queries: map[string]*typeQuery{}, digest: e.digest}
		if ok, err := e.readPrecompiled(b); !ok || err != nil {
			return
		}
		e.caps = func() *ast.Capabilities { return capabilities(false) }
		e.interp = func() (*interpreter, error) { return nil, errors.New("no interpreter here") }
		e.prepare(nil)
		for _, r := range e.Rules() {
			e.Evaluator(r.ID)
		}
		// An error is a fine outcome; a panic fails the fuzzer.
		_, _ = e.Evaluate(context.Background(), NewInventory(resources, nil), nil)
	})
}
