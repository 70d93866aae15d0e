package policy

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/vigil-cspm/vigil/internal/params"
)

// builtinParam is vigil.param(resource, name): the value of a rule
// parameter (package params) for a resource — normally input.
//
// It is a pure function of its arguments for the duration of an
// evaluation: the parameters are fixed per Inventory (SetParams), and
// the resource is an argument rather than state of the evaluation, so
// the same call gives the same value in OPA's interpreter and in the
// plan, and either may cache or reorder it. Its value depends on the
// resource's provider, account, region and namespace only, all part of
// the input.
const builtinParam = "vigil.param"

// paramTerms are a parameter Set's values as rule values, converted
// once.
type paramTerms struct {
	set    *params.Set
	global map[string]*ast.Term
	over   []map[string]*ast.Term // per override of set
}

// defaultParams are the registry's defaults, for inventories given no
// parameters.
var defaultParams = sync.OnceValue(func() *paramTerms { return newParamTerms(nil) })

func newParamTerms(s *params.Set) *paramTerms {
	p := &paramTerms{set: s, global: terms(s.Global())}
	for _, o := range s.Overrides() {
		p.over = append(p.over, terms(o.Values))
	}
	return p
}

// terms converts parameter values. They are ints, bools and lists of
// ints and strings (params.Kind), which always convert.
func terms(values map[string]any) map[string]*ast.Term {
	out := make(map[string]*ast.Term, len(values))
	for k, v := range values {
		out[k] = ast.NewTerm(ast.MustInterfaceToValue(v))
	}
	return out
}

// SetParams sets the rule parameters the inventory's evaluations read
// (vigil.param); without it they read the defaults. Call it before
// evaluating.
func (inv *Inventory) SetParams(s *params.Set) { inv.params = newParamTerms(s) }

// param implements vigil.param.
func (inv *Inventory) param(_ topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	res, ok := ops[0].Value.(ast.Object)
	if !ok {
		return fmt.Errorf("%s: the first argument must be a resource (input), not %s", builtinParam, ast.ValueName(ops[0].Value))
	}
	name, ok := ops[1].Value.(ast.String)
	if !ok {
		return fmt.Errorf("%s: the parameter name must be a string", builtinParam)
	}
	p := inv.params
	if p == nil {
		p = defaultParams()
	}
	sc := params.Scope{Provider: field(res, "provider"), Account: field(res, "account"), Region: field(res, "region"), Namespace: field(res, "namespace")}
	t := p.global[string(name)]
	if i := p.set.Which(string(name), sc); i >= 0 {
		t = p.over[i][string(name)]
	}
	if t == nil {
		return fmt.Errorf("%s: unknown parameter %q", builtinParam, string(name))
	}
	return iter(t)
}

// field returns a string field of an object, "" when absent.
func field(o ast.Object, key string) string {
	if v := o.Get(ast.InternedTerm(key)); v != nil {
		if s, ok := v.Value.(ast.String); ok {
			return string(s)
		}
	}
	return ""
}

// paramCalls returns the parameters a module reads with vigil.param,
// sorted, and an error for each call whose name is not a string literal
// of the registry.
func paramCalls(m *ast.Module, file string) ([]string, Errors) {
	op := dottedRef(builtinParam)
	set := map[string]bool{}
	var errs Errors
	ast.WalkExprs(m, func(x *ast.Expr) bool {
		if !x.IsCall() || !x.Operator().Equal(op) {
			return false
		}
		line := 0
		if x.Location != nil {
			line = x.Location.Row
		}
		ops := x.Operands()
		var name ast.String
		ok := len(ops) >= 2
		if ok {
			name, ok = ops[1].Value.(ast.String)
		}
		if !ok {
			errs = append(errs, &Error{File: file, Line: line, Message: builtinParam + " names its parameter with a string literal: vigil.param(input, \"max_access_key_age_days\")"})
			return false
		}
		if _, known := params.Lookup(string(name)); !known {
			errs = append(errs, &Error{File: file, Line: line, Message: fmt.Sprintf("unknown rule parameter %q: the parameters are %s (internal/params registry)", string(name), strings.Join(params.Names(), ", "))})
			return false
		}
		set[string(name)] = true
		return false
	})
	return slices.Sorted(maps.Keys(set)), errs
}
