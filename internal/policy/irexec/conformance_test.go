package irexec_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/test/cases"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/types"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/vigil-cspm/vigil/internal/policy/irexec"
)

// opaModule is the module whose evaluation test cases are run.
const opaModule = "github.com/open-policy-agent/opa"

// excluded are the conformance cases that cannot apply to the plan
// evaluator, by note prefix, each group with its reason.
var excluded = []struct{ prefix, reason string }{
	{"data/nested integer", baseDocInteger},
	{"data/toplevel integer", baseDocInteger},
}

// baseDocInteger is why the cases reading a base document's string key
// with an integer are excluded.
const baseDocInteger = "an integer key reads a string key of a base document (data loaded into the store): " +
	"the engine loads no base documents, and the plan, like OPA's WebAssembly, " +
	"cannot tell them from values (opa#3711; OPA's own WebAssembly runner excludes these cases)"

// sleep is test.sleep, a built-in OPA's own test runners add for the
// case that checks time.now_ns is fixed for a whole evaluation.
var sleep = &ast.Builtin{Name: "test.sleep", Decl: types.NewFunction(types.Args(types.S), types.NewNull())}

func sleepImpl(_ topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	s, ok := ops[0].Value.(ast.String)
	if !ok {
		return errors.New("test.sleep: not a string")
	}
	d, err := time.ParseDuration(string(s))
	if err != nil {
		return err
	}
	time.Sleep(d)
	return iter(ast.InternedNullTerm)
}

// casesDir returns the directory of OPA's evaluation test cases for
// Rego v1 in the module cache, and the version of OPA they come from: the
// one go.mod requires.
func casesDir(t *testing.T) (dir, version string) {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}\t{{.Version}}", opaModule).Output()
	dir, version, _ = strings.Cut(strings.TrimSpace(string(out)), "\t")
	if err == nil && dir == "" {
		err = errors.New("the module is not downloaded (go mod download " + opaModule + ")")
	}
	if err == nil {
		dir = filepath.Join(dir, "v1", "test", "cases", "testdata", "v1")
		_, err = os.Stat(dir)
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, ee.Stderr)
		}
		msg := fmt.Sprintf("OPA's conformance cases are needed: go list -m %s: %v", opaModule, err)
		if os.Getenv("VIGIL_REQUIRE_INTEGRATION") == "1" {
			t.Fatalf("VIGIL_REQUIRE_INTEGRATION=1: %s", msg)
		}
		t.Skip(msg)
	}
	return dir, version
}

// outcome is what became of one case.
type outcome struct {
	// interpreter is why the case was left to OPA's interpreter ("" when
	// the plan ran): the IR statement, or the planner's refusal.
	interpreter string
	// mismatch says how the result disagrees with the case ("" when it
	// agrees).
	mismatch string
}

// TestOPAConformance runs OPA's own evaluation test cases (those its
// IR-based evaluators run) through irexec: each case is compiled and
// planned as OPA's WebAssembly tests plan it, evaluated from the plan,
// and compared with what the case expects. A case whose plan holds a
// statement irexec does not execute is, as in the engine, evaluated by
// OPA's interpreter instead; it is counted by that statement.
func TestOPAConformance(t *testing.T) {
	dir, version := casesDir(t)
	set, err := cases.Load(dir)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	// tally counts cases without with ([0]) and with it ([1]).
	var tally [2]struct{ cases, planned, agreed, strict, interp, interpAgreed int }
	files := map[string]bool{}
	total := 0
	skipped := map[string]int{}
	interp := map[string]int{}
	for _, tc := range set.Sorted().Cases {
		files[tc.Filename] = true
		total++
		if reason := exclusion(tc.Note); reason != "" {
			skipped[reason]++
			continue
		}
		n := &tally[0]
		if usesWithKeyword(tc) {
			n = &tally[1]
		}
		n.cases++
		t.Run(tc.Note, func(t *testing.T) {
			o := runCase(t, tc)
			if o.interpreter != "" {
				n.interp++
				interp[o.interpreter]++
				if o.mismatch != "" {
					t.Errorf("interpreter (%s): %s", o.interpreter, o.mismatch)
					return
				}
				n.interpAgreed++
				return
			}
			n.planned++
			if o.mismatch != "" {
				t.Errorf("plan: %s", o.mismatch)
				return
			}
			n.agreed++
			if tc.StrictError {
				n.strict++
			}
		})
	}
	t.Logf("OPA %s: %d case files, %d cases, %d excluded", version, len(files), total, total-tally[0].cases-tally[1].cases)
	for i, kind := range []string{"without with", "with with"} {
		n := tally[i]
		t.Logf("%d cases %s: %d run from the plan, %d of them agree (%d strict-error cases, compared with the interpreter in the engine's non-strict mode); %d sent to the interpreter, %d of them agree",
			n.cases, kind, n.planned, n.agreed, n.strict, n.interp, n.interpAgreed)
	}
	t.Log("sent to the interpreter, by IR statement:")
	for _, k := range slices.Sorted(maps.Keys(interp)) {
		t.Logf("  %4d  %s", interp[k], k)
	}
	for _, k := range slices.Sorted(maps.Keys(skipped)) {
		t.Logf("excluded: %d: %s", skipped[k], k)
	}
	if n := tally[0]; n.cases == 0 || float64(n.agreed) < 0.95*float64(n.cases) {
		t.Errorf("%d of %d cases without with run from the plan and agree: want at least 95%%", n.agreed, n.cases)
	}
}

func exclusion(note string) string {
	for _, x := range excluded {
		if strings.HasPrefix(note, x.prefix) {
			return x.reason
		}
	}
	return ""
}

// usesWithKeyword reports whether a case's query or modules use with.
func usesWithKeyword(tc cases.TestCase) bool {
	found := false
	visit := func(x *ast.Expr) bool {
		found = found || len(x.With) > 0
		return found
	}
	if body, err := ast.ParseBodyWithOpts(tc.Query, ast.ParserOptions{RegoVersion: ast.RegoV1}); err == nil {
		ast.WalkExprs(body, visit)
	}
	for _, src := range tc.Modules {
		if m, err := ast.ParseModuleWithOpts("m.rego", src, ast.ParserOptions{RegoVersion: ast.RegoV1}); err == nil {
			ast.WalkExprs(m, visit)
		}
	}
	return found
}

// runCase compiles, plans and evaluates one case.
func runCase(t *testing.T, tc cases.TestCase) outcome {
	t.Helper()
	for k, v := range tc.Env {
		t.Setenv(k, v)
	}
	ctx := context.Background()
	caps := ast.CapabilitiesForThisVersion(ast.CapabilitiesExperimentalKeywords(tc.ExperimentalKeywords))
	caps.Builtins = append(caps.Builtins, sleep)
	popts := ast.ParserOptions{RegoVersion: ast.RegoV1, Capabilities: caps}
	modules := map[string]*ast.Module{}
	for i, src := range tc.Modules {
		name := fmt.Sprintf("test-%d.rego", i)
		m, err := ast.ParseModuleWithOpts(name, src, popts)
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		modules[name] = m
	}
	c := ast.NewCompiler().WithCapabilities(caps)
	if c.Compile(modules); c.Failed() {
		t.Fatalf("compile: %v", c.Errors)
	}
	var data map[string]any
	if tc.Data != nil {
		data = *tc.Data
	}
	var input *ast.Term
	switch {
	case tc.InputTerm != nil:
		input = ast.MustParseTerm(*tc.InputTerm)
	case tc.Input != nil:
		input = ast.NewTerm(ast.MustInterfaceToValue(*tc.Input))
	}

	var pol *ir.Policy
	_, err := rego.New(rego.Compiler(c), rego.Query(tc.Query), rego.Target("irexec-test"),
		rego.FunctionDyn(&rego.Function{Name: sleep.Name, Decl: sleep.Decl}, nil)).
		PrepareForEval(context.WithValue(ctx, slot{}, &pol))
	var reason string
	var prog *irexec.Program
	switch {
	case err != nil:
		reason = "the planner refuses the query: " + plannerReason(err)
	case pol == nil || pol.Plans == nil || len(pol.Plans.Plans) != 1:
		t.Fatalf("planning gave no single plan")
	default:
		prog, err = irexec.Compile(pol, map[string]bool{sleep.Name: true})
		if err != nil {
			t.Fatalf("irexec.Compile: %v", err)
		}
	}
	var plan *irexec.Plan
	if prog != nil {
		plan, _ = prog.Plan(pol.Plans.Plans[0].Name)
		if err := plan.Unsupported(); err != nil {
			var ue *irexec.UnsupportedError
			if !errors.As(err, &ue) {
				t.Fatalf("Unsupported() = %v, not naming a statement", err)
			}
			reason = ue.Stmt
		}
	}
	late := map[string]*topdown.Builtin{sleep.Name: {Decl: sleep, Func: sleepImpl}}
	if reason != "" {
		rs, err := interpret(ctx, c, tc, data, input, late, tc.StrictError)
		return outcome{interpreter: reason, mismatch: check(tc, rs, err)}
	}

	dv := ast.NewObject()
	if data != nil {
		dv = ast.MustInterfaceToValue(data).(ast.Object)
	}
	ev := prog.NewEval()
	ev.Reset(input, ast.NewTerm(dv), topdown.BuiltinContext{Context: ctx, Capabilities: caps}, late)
	rs, err := ev.Query(plan)
	if tc.StrictError {
		// A built-in's error ends evaluation only in strict mode, which
		// the engine does not use: compare with the interpreter in the
		// default mode instead.
		want, werr := interpret(ctx, c, tc, data, input, late, false)
		return outcome{mismatch: compare(want, werr, rs, err)}
	}
	return outcome{mismatch: check(tc, rs, err)}
}

// plannerReason shortens a planner error to what groups cases.
func plannerReason(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}

// interpret evaluates a case with OPA's interpreter and returns the
// result set as the plan's: an object of bindings per solution.
func interpret(ctx context.Context, c *ast.Compiler, tc cases.TestCase, data map[string]any, input *ast.Term, late map[string]*topdown.Builtin, strict bool) ([]*ast.Term, error) {
	q, err := c.QueryCompiler().Compile(ast.MustParseBodyWithOpts(tc.Query, ast.ParserOptions{RegoVersion: ast.RegoV1}))
	if err != nil {
		return nil, err
	}
	var store storage.Store = inmem.New()
	if data != nil {
		store = inmem.NewFromObject(data)
	}
	txn := storage.NewTransactionOrDie(ctx, store)
	defer store.Abort(ctx, txn)
	rs, err := topdown.NewQuery(q).WithCompiler(c).WithStore(store).WithTransaction(txn).
		WithInput(input).WithBuiltins(late).WithStrictBuiltinErrors(strict).Run(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*ast.Term, 0, len(rs))
	for _, r := range rs {
		obj := ast.NewObject()
		for k, v := range r {
			if !k.IsGenerated() && !k.IsWildcard() {
				obj.Insert(ast.StringTerm(string(k)), v)
			}
		}
		out = append(out, ast.NewTerm(obj))
	}
	return out, nil
}

// check compares a result set, or an error, with what the case expects.
func check(tc cases.TestCase, rs []*ast.Term, err error) string {
	switch {
	case tc.WantError != nil || tc.WantErrorCode != nil:
		if err == nil {
			return fmt.Sprintf("want error %s %s, got result %v", deref(tc.WantErrorCode), deref(tc.WantError), rs)
		}
		if tc.WantErrorCode != nil {
			var te *topdown.Error
			if !errors.As(err, &te) || te.Code != *tc.WantErrorCode {
				return fmt.Sprintf("want error code %s, got %v", *tc.WantErrorCode, err)
			}
		}
		if tc.WantError != nil && !strings.Contains(err.Error(), *tc.WantError) {
			return fmt.Sprintf("want error %q, got %v", *tc.WantError, err)
		}
		return ""
	case err != nil:
		return fmt.Sprintf("unexpected error: %v", err)
	case tc.WantResult != nil:
		want := ast.NewSet()
		for _, b := range *tc.WantResult {
			obj := ast.NewObject()
			for k, v := range b {
				obj.Insert(ast.StringTerm(k), ast.NewTerm(ast.MustInterfaceToValue(v)))
			}
			want.Add(ast.NewTerm(obj))
		}
		got, err := asJSON(rs, tc.SortBindings)
		if err != nil {
			return err.Error()
		}
		if want.Compare(got) != 0 {
			return fmt.Sprintf("want %v, got %v", want, got)
		}
		return ""
	case tc.WantDefined != nil:
		if (len(rs) > 0) != *tc.WantDefined {
			return fmt.Sprintf("want defined %v, got %v", *tc.WantDefined, rs)
		}
		return ""
	}
	return "the case expects nothing"
}

// compare compares the plan's result set or error with the
// interpreter's.
func compare(want []*ast.Term, werr error, got []*ast.Term, gerr error) string {
	switch {
	case werr != nil || gerr != nil:
		if (werr == nil) != (gerr == nil) {
			return fmt.Sprintf("interpreter: %v %v; plan: %v %v", want, werr, got, gerr)
		}
		return ""
	}
	w, err := asJSON(want, false)
	if err != nil {
		return err.Error()
	}
	g, err := asJSON(got, false)
	if err != nil {
		return err.Error()
	}
	if w.Compare(g) != 0 {
		return fmt.Sprintf("interpreter %v, plan %v", w, g)
	}
	return ""
}

// asJSON turns a result set into the set of its bindings' JSON forms, as
// OPA's own test runner compares them (sets become arrays).
func asJSON(rs []*ast.Term, sortBindings bool) (ast.Set, error) {
	out := ast.NewSet()
	for _, r := range rs {
		obj, ok := r.Value.(ast.Object)
		if !ok {
			return nil, fmt.Errorf("result %v is not an object of bindings", r)
		}
		conv := ast.NewObject()
		err := obj.Iter(func(k, v *ast.Term) error {
			j, err := ast.JSON(v.Value)
			if err != nil {
				return err
			}
			if a, ok := j.([]any); ok && sortBindings {
				sort.Slice(a, func(i, k int) bool { return util.Compare(a[i], a[k]) < 0 })
			}
			conv.Insert(k, ast.NewTerm(ast.MustInterfaceToValue(j)))
			return nil
		})
		if err != nil {
			return nil, err
		}
		out.Add(ast.NewTerm(conv))
	}
	return out, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
