package irexec_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/vigil-cspm/vigil/internal/policy/irexec"
)

// capture is a rego target plugin that returns the plan OPA makes.
type capture struct{}

type slot struct{}

func (capture) IsTarget(t string) bool { return t == "irexec-test" }

func (capture) PrepareForEval(ctx context.Context, p *ir.Policy, _ ...rego.PrepareOption) (rego.TargetPluginEval, error) {
	*(ctx.Value(slot{}).(**ir.Policy)) = p
	return nil, nil
}

func init() { rego.RegisterPlugin("irexec-test", capture{}) }

// The module exercises what the plan's statements implement: iteration
// over arrays, objects and sets, negation, every, else, comprehensions,
// functions with several bodies, default values, partial sets and
// objects, built-ins that fail, conflicts, membership and numbers.
const module = `package t

default allow := false

allow if input.x > 1

deny contains msg if {
	some i, c in input.cs
	not c.ok
	msg := sprintf("%d %s", [i, c.name])
}

size(x) := "big" if {
	x > 10
} else := "small" if {
	x > 0
}

sizes := [size(v) | some v in input.nums]

nonnull := {k: v | some k, v in input.obj; v != null}

big := {v | some v in input.nums; v > 2}

positive if {
	every n in input.nums {
		n > 0
	}
}

conflict := input.a if input.a

conflict := input.b if input.b

parsed := x if x := to_number(input.s)

member if "a" in input.list

member_obj if {
	some k, "v" in input.obj
	startswith(k, "k")
}

deep := object.get(input, ["p", "q"], "default")

one if input.one == 1

no_negative if not any_negative

any_negative if {
	some n in input.nums
	n < 0
}

picked := input.obj[input.key]

strings_only[k] := v if {
	some k, v in input.obj
	is_string(v)
}

set_of_names := {c.name | some c in input.cs}

has_x_name if set_of_names.x

nested contains [a, b] if {
	some a in input.nums
	some b in input.nums
	a < b
	a + b == 5
}

first_big := n if {
	some n in input.nums
	n > 100
}

arr_pattern if {
	[a, "two"] = input.pair
	a == 1
}

obj_pattern := v if {
	{"k": v} = input.single
}

counted := count([c | some c in input.cs; c.ok])

late := vigil.double(input.x)

late_many contains y if {
	some n in input.nums
	y := vigil.double(n)
}
`

var rules = []string{
	"allow", "deny", "sizes", "nonnull", "big", "positive", "conflict", "parsed",
	"member", "member_obj", "deep", "one", "no_negative", "any_negative", "picked",
	"strings_only", "set_of_names", "has_x_name", "nested", "first_big", "arr_pattern",
	"obj_pattern", "counted", "late", "late_many",
}

var inputs = []string{
	`{}`,
	`{"x": 2, "cs": [{"name": "a", "ok": true}, {"name": "x"}, {"name": "c", "ok": false}], "nums": [1, 4, 3, 12, -2],
	  "obj": {"k1": "v", "k2": null, "z": 3}, "a": 1, "b": 1, "s": "12.5", "list": ["b", "a"], "p": {"q": {"r": 1}},
	  "one": 1.0, "key": "z", "pair": [1, "two"], "single": {"k": [1]}}`,
	`{"x": "str", "cs": {"p": {"name": "p"}}, "nums": [5, 6], "obj": {"k": "v"}, "a": 1, "b": 2, "s": "abc",
	  "list": "a", "p": {"q": null}, "one": "1", "key": "k", "pair": [2, "two"], "single": {"k": 1, "j": 2}}`,
	`{"x": 1, "cs": [], "nums": [], "obj": {}, "a": false, "b": "yes", "s": 3, "list": ["a"], "p": [], "one": 1,
	  "key": 7, "pair": [1, "two", 3], "single": []}`,
	`{"nums": [1, 2, 3, 4, 200], "cs": [{"name": "x", "ok": true}], "obj": {"k": "v", "q": "v"}, "pair": "no"}`,
}

var double = &ast.Builtin{Name: "vigil.double", Decl: types.NewFunction(types.Args(types.N), types.N)}

func doubleImpl(_ topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	n, ok := ops[0].Value.(ast.Number)
	if !ok {
		return errors.New("vigil.double: not a number")
	}
	i, ok := n.Int()
	if !ok {
		return errors.New("vigil.double: not an integer")
	}
	return iter(ast.IntNumberTerm(2 * i))
}

func lateBuiltins() map[string]*topdown.Builtin {
	return map[string]*topdown.Builtin{double.Name: {Decl: double, Func: doubleImpl}}
}

func compile(t *testing.T, src, query string) (*ast.Compiler, *irexec.Program) {
	t.Helper()
	c, pol := plan(t, src, query)
	prog, err := irexec.Compile(pol, map[string]bool{double.Name: true})
	if err != nil {
		t.Fatal(err)
	}
	return c, prog
}

// plan compiles src and plans query.
func plan(t *testing.T, src, query string) (*ast.Compiler, *ir.Policy) {
	t.Helper()
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = append(caps.Builtins, double)
	c := ast.NewCompiler().WithCapabilities(caps)
	mod, err := ast.ParseModule("t.rego", src)
	if err != nil {
		t.Fatal(err)
	}
	if c.Compile(map[string]*ast.Module{"t.rego": mod}); c.Failed() {
		t.Fatal(c.Errors)
	}
	var pol *ir.Policy
	_, err = rego.New(rego.Compiler(c), rego.Query(query), rego.Target("irexec-test"),
		rego.FunctionDyn(&rego.Function{Name: double.Name, Decl: double.Decl}, nil)).
		PrepareForEval(context.WithValue(context.Background(), slot{}, &pol))
	if err != nil {
		t.Fatal(err)
	}
	return c, pol
}

// TestWalk: Walk visits every statement ir.Walk does, nested blocks
// included.
func TestWalk(t *testing.T) {
	_, pol := plan(t, module+"\nw if allow with input.x as 5\n", "x = data.t")
	want := map[ir.Stmt]int{}
	var got []ir.Stmt
	for _, f := range pol.Funcs.Funcs {
		for _, b := range f.Blocks {
			_ = ir.Walk(stmts(func(s ir.Stmt) { want[s]++ }), b)
		}
		irexec.Walk(f.Blocks, func(s ir.Stmt) { got = append(got, s) })
	}
	withs := 0
	for _, s := range got {
		if _, ok := s.(*ir.WithStmt); ok {
			withs++
		}
		want[s]--
	}
	for s, n := range want {
		if n != 0 {
			t.Errorf("%T visited %d times fewer than ir.Walk does", s, n)
		}
	}
	if withs == 0 || len(got) < 100 {
		t.Fatalf("%d statements, %d with: the plan does not exercise nesting", len(got), withs)
	}
}

// stmts adapts a function of statements to ir.Walk.
type stmts func(ir.Stmt)

func (v stmts) Before(x any) {
	if s, ok := x.(ir.Stmt); ok {
		v(s)
	}
}
func (v stmts) Visit(any) (ir.Visitor, error) { return v, nil }
func (stmts) After(any)                       {}

// topdownEval evaluates data.t.<rule> with OPA's interpreter: the value,
// nil when undefined, or the error.
func topdownEval(c *ast.Compiler, rule string, input ast.Value) (*ast.Term, error) {
	q := topdown.NewQuery(ast.MustParseBody("x = data.t." + rule)).
		WithCompiler(c).
		WithBuiltins(lateBuiltins()).
		WithInput(ast.NewTerm(input))
	var out *ast.Term
	err := q.Iter(context.Background(), func(qr topdown.QueryResult) error {
		out = qr[ast.Var("x")]
		return nil
	})
	return out, err
}

// TestAgreesWithTopdown evaluates every rule of the module over every
// input with OPA's interpreter and from the plan: value, undefined or
// error must agree.
func TestAgreesWithTopdown(t *testing.T) {
	var q []string
	for i, r := range rules {
		q = append(q, fmt.Sprintf("r%d = data.t.%s", i, r))
	}
	c, prog := compile(t, module, strings.Join(q, "; "))
	ev := prog.NewEval()
	checked := map[string]int{}
	for ii, raw := range inputs {
		var doc any
		if err := json.Unmarshal([]byte(raw), &doc); err != nil {
			t.Fatal(err)
		}
		input := ast.MustInterfaceToValue(doc)
		ev.Reset(ast.NewTerm(input), ast.NewTerm(ast.NewObject()), topdown.BuiltinContext{Context: context.Background()}, lateBuiltins())
		for _, r := range rules {
			want, werr := topdownEval(c, r, input)
			fn, ok := prog.Func("g0.data.t." + r)
			if !ok {
				t.Fatalf("rule %s was not planned", r)
			}
			got, gerr := ev.Call(fn)
			switch {
			case (werr != nil) != (gerr != nil):
				t.Errorf("input %d, %s: topdown error %v, plan error %v", ii, r, werr, gerr)
			case werr != nil:
				if !strings.Contains(gerr.Error(), "t.rego:") {
					t.Errorf("input %d, %s: error %q does not name the file and line", ii, r, gerr)
				}
				checked["error"]++
			case (want == nil) != (got == nil):
				t.Errorf("input %d, %s: topdown %v, plan %v", ii, r, want, got)
			case want == nil:
				checked["undefined"]++
			case want.Value.Compare(got.Value) != 0:
				t.Errorf("input %d, %s: topdown %v, plan %v", ii, r, want, got)
			default:
				checked["value"]++
			}
		}
	}
	// The inputs are chosen so every outcome occurs: a comparison of
	// only undefined results would prove little.
	for _, k := range []string{"value", "undefined", "error"} {
		if checked[k] == 0 {
			t.Errorf("no rule was %s on any input: the inputs exercise too little", k)
		}
	}
	t.Logf("agreed: %v", checked)
}

// TestMemo checks that a rule called by several rules in one evaluation
// runs once, and that Reset forgets it.
func TestMemo(t *testing.T) {
	const src = `package t

calls := vigil.double(input.x)

a := calls + 1

b := calls + 2
`
	calls := 0
	late := map[string]*topdown.Builtin{double.Name: {Decl: double, Func: func(bctx topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
		calls++
		return doubleImpl(bctx, ops, iter)
	}}}
	_, prog := compile(t, src, "x = data.t.a; y = data.t.b")
	ev := prog.NewEval()
	for round, x := range []int{1, 5} {
		ev.Reset(ast.NewTerm(ast.NewObject(ast.Item(ast.InternedTerm("x"), ast.InternedTerm(x)))), ast.NewTerm(ast.NewObject()), topdown.BuiltinContext{Context: context.Background()}, late)
		for _, name := range []string{"a", "b"} {
			fn, _ := prog.Func("g0.data.t." + name)
			if _, err := ev.Call(fn); err != nil {
				t.Fatal(err)
			}
		}
		if calls != round+1 {
			t.Fatalf("round %d: vigil.double ran %d times in all, want %d", round, calls, round+1)
		}
		fn, _ := prog.Func("g0.data.t.b")
		got, _ := ev.Call(fn)
		if want := ast.InternedTerm(2*x + 2); got.Value.Compare(want.Value) != 0 {
			t.Fatalf("round %d: b = %v, want %v", round, got, want)
		}
	}
}

// TestUnsupported checks that a rule using with is reported, along with
// the rules that call it, and that Call refuses it.
func TestUnsupported(t *testing.T) {
	const src = `package t

inner := input.x

outer := x if {
	x := inner with input.x as 2
}

caller := outer

plain := inner
`
	_, prog := compile(t, src, "a = data.t.caller; b = data.t.plain")
	for name, want := range map[string]bool{"caller": true, "plain": false} {
		fn, ok := prog.Func("g0.data.t." + name)
		if !ok {
			t.Fatalf("%s not planned", name)
		}
		if (fn.Unsupported() != nil) != want {
			t.Errorf("%s: Unsupported() = %v, want unsupported %v", name, fn.Unsupported(), want)
		}
	}
	fn, _ := prog.Func("g0.data.t.caller")
	var ue *irexec.UnsupportedError
	if !errors.As(fn.Unsupported(), &ue) || ue.Stmt != "WithStmt" || !strings.HasPrefix(ue.Where, "t.rego:6") {
		t.Errorf("Unsupported() = %v, want the WithStmt at t.rego:6 named", fn.Unsupported())
	}
	ev := prog.NewEval()
	ev.Reset(ast.NewTerm(ast.NewObject()), ast.NewTerm(ast.NewObject()), topdown.BuiltinContext{Context: context.Background()}, nil)
	if _, err := ev.Call(fn); !errors.Is(err, irexec.ErrUnsupported) {
		t.Fatalf("Call of a rule using with: %v, want ErrUnsupported", err)
	}
}

// TestRecursionRefused: a plan whose functions call each other in a
// cycle (only a corrupt one can: Rego forbids recursion) does not
// compile, rather than running for ever.
func TestRecursionRefused(t *testing.T) {
	call := func(callee string) []*ir.Block {
		return []*ir.Block{{Stmts: []ir.Stmt{&ir.CallStmt{Func: callee, Args: []ir.Operand{{Value: ir.Local(0)}, {Value: ir.Local(1)}}, Result: 2}}}}
	}
	fn := func(name, callee string) *ir.Func {
		return &ir.Func{Name: name, Params: []ir.Local{0, 1}, Return: 2, Blocks: call(callee)}
	}
	for _, funcs := range [][]*ir.Func{
		{fn("f", "f")},
		{fn("f", "g"), fn("g", "h"), fn("h", "f")},
	} {
		_, err := irexec.Compile(&ir.Policy{Static: &ir.Static{}, Funcs: &ir.Funcs{Funcs: funcs}}, nil)
		if err == nil || !strings.Contains(err.Error(), "recursion") {
			t.Errorf("%d functions in a cycle: Compile returned %v, want a recursion error", len(funcs), err)
		}
	}
	if _, err := irexec.Compile(&ir.Policy{Static: &ir.Static{}, Funcs: &ir.Funcs{Funcs: []*ir.Func{fn("f", "g"), fn("g", "h"), fn("h", "count")}}}, nil); err != nil {
		t.Errorf("a chain without a cycle: %v", err)
	}
}
