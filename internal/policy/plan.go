package policy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy/irexec"
)

// The rules are evaluated from OPA's plan of them (package ir), run by
// irexec, rather than by OPA's interpreter: the same built-ins and
// results at a fraction of the work per resource (see
// docs/architecture.md). OPA hands a plan only to a registered target
// plugin, so planTarget is one whose preparation just returns the plan.
// It is registered on the first plan made at run time (registerPlanTarget),
// not when the package is initialised: a binary that only evaluates a
// plan made at build time never registers it.
const planTarget = "vigil-plan"

// planTargetOnce guards the registration: OPA keeps target plugins in a
// process-wide table and panics when a name is registered twice.
var planTargetOnce sync.Once

// registerPlanTarget registers planCapture with OPA, once per process.
func registerPlanTarget() {
	planTargetOnce.Do(func() { rego.RegisterPlugin(planTarget, planCapture{}) })
}

type planSlot struct{}

type planCapture struct{}

func (planCapture) IsTarget(t string) bool { return t == planTarget }

func (planCapture) PrepareForEval(ctx context.Context, p *ir.Policy, _ ...rego.PrepareOption) (rego.TargetPluginEval, error) {
	slot, ok := ctx.Value(planSlot{}).(**ir.Policy)
	if !ok {
		return nil, errors.New("the vigil-plan target only captures plans for policy.Engine")
	}
	*slot = p
	return planCapture{}, nil
}

func (planCapture) Eval(context.Context, *rego.EvalContext, ast.Value) (ast.Value, error) {
	return nil, errors.New("vigil-plan plans are evaluated by irexec, not through rego")
}

// planTable is the rules' plan: the functions OPA's planner made of
// their deny sets and of everything they call. Each resource type's
// rules are compiled into an irexec program of the functions they reach
// when the type is prepared; a precompiled library's functions are
// decoded then too.
type planTable struct {
	static *ir.Static
	funcs  []planFunc
	// late names the built-ins supplied per evaluation (Inventory).
	late map[string]bool

	mu sync.Mutex // guards decoding funcs
}

// planFunc is one planned function.
type planFunc struct {
	name string
	// callees are the indices of the functions it calls, and for a
	// dynamic call every function with a path in data.
	callees []int
	// fn is the function, or nil until decode makes it.
	fn     *ir.Func
	decode func() (*ir.Func, error)
}

// newPlanTable indexes a plan's functions.
func newPlanTable(p *ir.Policy) *planTable {
	t := &planTable{static: p.Static, late: lateBuiltins()}
	if p.Funcs == nil {
		return t
	}
	for _, f := range p.Funcs.Funcs {
		t.funcs = append(t.funcs, planFunc{name: f.Name, fn: f})
	}
	byName := make(map[string]int, len(t.funcs))
	var pathed []int
	for i, f := range p.Funcs.Funcs {
		byName[f.Name] = i
		if f.Path != nil {
			pathed = append(pathed, i)
		}
	}
	for i, f := range p.Funcs.Funcs {
		t.funcs[i].callees = callees(f, byName, pathed)
	}
	return t
}

// callees returns the indices of the functions f calls: by name, or
// through a dynamic call any function with a path.
func callees(f *ir.Func, byName map[string]int, pathed []int) []int {
	set := map[int]bool{}
	irexec.Walk(f.Blocks, func(s ir.Stmt) {
		switch s := s.(type) {
		case *ir.CallStmt:
			if i, ok := byName[s.Func]; ok {
				set[i] = true
			}
		case *ir.CallDynamicStmt:
			for _, i := range pathed {
				set[i] = true
			}
		}
	})
	return slices.Sorted(maps.Keys(set))
}

// lateBuiltins names the built-ins the engine supplies per evaluation.
func lateBuiltins() map[string]bool {
	late := map[string]bool{}
	for _, b := range builtinDecls() {
		late[b.Name] = true
	}
	return late
}

// program compiles the functions roots reach into an irexec program.
func (t *planTable) program(roots []int) (*irexec.Program, error) {
	seen := make([]bool, len(t.funcs))
	stack := slices.Clone(roots)
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[i] {
			continue
		}
		seen[i] = true
		stack = append(stack, t.funcs[i].callees...)
	}
	var funcs []*ir.Func
	t.mu.Lock()
	for i, ok := range seen {
		if !ok {
			continue
		}
		f := &t.funcs[i]
		if f.fn == nil {
			fn, err := f.decode()
			if err != nil {
				t.mu.Unlock()
				return nil, fmt.Errorf("decode %s: %w", f.name, err)
			}
			f.fn = fn
		}
		funcs = append(funcs, f.fn)
	}
	t.mu.Unlock()
	return irexec.Compile(&ir.Policy{Static: t.static, Funcs: &ir.Funcs{Funcs: funcs}}, t.late)
}

// Evaluator names how a rule is evaluated.
type Evaluator string

const (
	// EvaluatorPlan evaluates a rule from OPA's plan of it
	// (internal/policy/irexec).
	EvaluatorPlan Evaluator = "plan"
	// EvaluatorInterpreter evaluates a rule with OPA's interpreter
	// (topdown): its plan holds a statement irexec does not execute.
	EvaluatorInterpreter Evaluator = "interpreter"
)

// Evaluator returns how the rule id is evaluated and, for the
// interpreter, why; "" for a rule that is not evaluated (Selected). It
// prepares the rule's first resource type to find out.
func (e *Engine) Evaluator(id string) (Evaluator, string) {
	switch {
	case !e.selected[id]:
		return "", ""
	case e.noPlan:
		return EvaluatorInterpreter, "every rule is evaluated by the interpreter (Options.InterpreterOnly)"
	case e.plan == nil:
		return EvaluatorInterpreter, fmt.Sprintf("the rules could not be planned: %v", e.planErr)
	}
	fn, why := e.denyFunc(id)
	if fn != nil {
		return EvaluatorPlan, ""
	}
	return EvaluatorInterpreter, why.Error()
}

// denyFunc returns the planned function of a selected rule's deny set,
// or why the rule is left to the interpreter.
func (e *Engine) denyFunc(id string) (*irexec.Function, error) {
	r := e.byID[id]
	q, err := e.prepared(r.ResourceTypes[0])
	if err != nil {
		return nil, err
	}
	i := slices.Index(q.rules, r)
	return q.deny[i], q.why[i]
}

// planRules plans the deny sets of rules into one program. An error
// means no rule is planned and OPA's interpreter evaluates them all; it
// is kept in e.planErr for tests, since the result is only slower.
func (e *Engine) planRules(ctx context.Context, c *ast.Compiler, rules []*model.RuleMeta) (*planTable, error) {
	if len(rules) == 0 {
		return nil, nil
	}
	pol, err := planPolicy(ctx, c, rules)
	if err != nil {
		return nil, err
	}
	t := newPlanTable(pol)
	byName := map[string]int{}
	for i, f := range t.funcs {
		byName[f.name] = i
	}
	for _, r := range rules {
		if i, ok := byName[denyName(r)]; ok {
			e.code[r.ID].deny = i
		}
	}
	return t, nil
}

// denyName is the planned name of a rule's deny set.
func denyName(r *model.RuleMeta) string { return "g0.data." + r.Package + ".deny" }

// planPolicy asks OPA's planner for the plan of rules' deny sets.
func planPolicy(ctx context.Context, c *ast.Compiler, rules []*model.RuleMeta) (*ir.Policy, error) {
	registerPlanTarget()
	exprs := make([]string, len(rules))
	for i, r := range rules {
		exprs[i] = fmt.Sprintf("r%d = data.%s.deny", i, r.Package)
	}
	var pol *ir.Policy
	opts := []func(*rego.Rego){
		rego.Compiler(c),
		rego.Store(inmem.New()),
		rego.Query(strings.Join(exprs, "; ")),
		rego.Target(planTarget),
	}
	for _, b := range builtinDecls() {
		opts = append(opts, rego.FunctionDyn(&rego.Function{Name: b.Name, Decl: b.Decl}, nil))
	}
	if _, err := rego.New(opts...).PrepareForEval(context.WithValue(ctx, planSlot{}, &pol)); err != nil {
		return nil, fmt.Errorf("plan the rules: %w", err)
	}
	if pol == nil {
		return nil, errors.New("plan the rules: OPA returned no plan")
	}
	return pol, nil
}

// evalPlanned appends the results of the planned rules among active
// (indices into q.rules) to out and returns the others.
func (e *Engine) evalPlanned(ev *evaluation, r *model.Resource, q *typeQuery, active []int, input ast.Value, out []Result) (_ []Result, rest []int, err error) {
	pe := q.evals.Get().(*irexec.Eval)
	defer q.evals.Put(pe)
	pe.Reset(ast.NewTerm(input), ev.data, ev.bctx, ev.inv.builtins)
	current := -1 // the rule being evaluated, for a panic
	defer func() {
		if p := recover(); p != nil {
			err = panicked(r, q.rules[current].ID, p)
		}
	}()
	for _, i := range active {
		current = i
		rule := q.rules[i]
		fn := q.deny[i]
		if fn == nil {
			rest = append(rest, i)
			continue
		}
		t, err := pe.Call(fn)
		if err != nil {
			return nil, nil, fmt.Errorf("evaluate %s on %s: %w", rule.ID, r.ID, err)
		}
		if t == nil {
			continue
		}
		if set, ok := t.Value.(ast.Set); ok {
			set.Foreach(func(item *ast.Term) {
				out = append(out, toResult(rule, r, item))
			})
		}
	}
	return out, rest, nil
}
