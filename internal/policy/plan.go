package policy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"

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

// planned is the library compiled to one plan: per rule ID, the function
// computing its deny set. A rule absent from deny (its plan holds a
// statement irexec does not run) is evaluated by OPA's interpreter.
type planned struct {
	deny  map[string]*irexec.Function
	data  *ast.Term
	evals sync.Pool
	// unplanned says, per rule ID absent from deny, why.
	unplanned map[string]error
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
// interpreter, why; "" for a rule that is not evaluated (Selected).
func (e *Engine) Evaluator(id string) (Evaluator, string) {
	switch {
	case !e.selected[id]:
		return "", ""
	case e.noPlan:
		return EvaluatorInterpreter, "every rule is evaluated by the interpreter (Options.InterpreterOnly)"
	case e.planned == nil:
		return EvaluatorInterpreter, fmt.Sprintf("the rules could not be planned: %v", e.planErr)
	case e.planned.deny[id] != nil:
		return EvaluatorPlan, ""
	}
	return EvaluatorInterpreter, e.planned.unplanned[id].Error()
}

// plan compiles the deny sets of rules into one program. An error means
// no rule is planned and OPA's interpreter evaluates them all; it is
// kept in e.planErr for tests, since the result is only slower.
func (e *Engine) plan(ctx context.Context, rules []*model.RuleMeta) (*planned, error) {
	if len(rules) == 0 {
		return nil, nil
	}
	exprs := make([]string, len(rules))
	for i, r := range rules {
		exprs[i] = fmt.Sprintf("r%d = data.%s.deny", i, r.Package)
	}
	registerPlanTarget()
	var pol *ir.Policy
	opts := []func(*rego.Rego){
		rego.Compiler(e.compiler),
		rego.Store(e.store),
		rego.Query(strings.Join(exprs, "; ")),
		rego.Target(planTarget),
	}
	late := map[string]bool{}
	for _, b := range builtinDecls() {
		opts = append(opts, rego.FunctionDyn(&rego.Function{Name: b.Name, Decl: b.Decl}, nil))
		late[b.Name] = true
	}
	if _, err := rego.New(opts...).PrepareForEval(context.WithValue(ctx, planSlot{}, &pol)); err != nil {
		return nil, fmt.Errorf("plan the rules: %w", err)
	}
	if pol == nil {
		return nil, errors.New("plan the rules: OPA returned no plan")
	}
	prog, err := irexec.Compile(pol, late)
	if err != nil {
		return nil, err
	}
	data, err := storage.ReadOne(ctx, e.store, storage.Path{})
	if err != nil {
		return nil, fmt.Errorf("read policy data: %w", err)
	}
	dv, err := ast.InterfaceToValue(data)
	if err != nil {
		return nil, fmt.Errorf("read policy data: %w", err)
	}
	p := &planned{deny: map[string]*irexec.Function{}, data: ast.NewTerm(dv), unplanned: map[string]error{}}
	p.evals.New = func() any { return prog.NewEval() }
	for _, r := range rules {
		fn, ok := prog.Func("g0.data." + r.Package + ".deny")
		switch {
		case !ok:
			p.unplanned[r.ID] = errors.New("the planner made no function of its deny set")
		case fn.Unsupported() != nil:
			p.unplanned[r.ID] = fmt.Errorf("its deny set %w", fn.Unsupported())
		default:
			p.deny[r.ID] = fn
		}
	}
	return p, nil
}

// evalPlanned appends the results of the planned rules among active
// (indices into q.rules) to out and returns the others.
func (e *Engine) evalPlanned(ev *evaluation, r *model.Resource, q *typeQuery, active []int, input ast.Value, out []Result) (_ []Result, rest []int, err error) {
	pe := e.planned.evals.Get().(*irexec.Eval)
	defer e.planned.evals.Put(pe)
	pe.Reset(ast.NewTerm(input), e.planned.data, ev.bctx, ev.inv.builtins)
	current := -1 // the rule being evaluated, for a panic
	defer func() {
		if p := recover(); p != nil {
			err = panicked(r, q.rules[current].ID, p)
		}
	}()
	for _, i := range active {
		current = i
		rule := q.rules[i]
		fn := e.planned.deny[rule.ID]
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
