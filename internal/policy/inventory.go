package policy

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Built-in names.
const (
	builtinRelated   = "vigil.related"
	builtinReferrers = "vigil.referrers"
	builtinResources = "vigil.resources"
	builtinEdges     = "vigil.edges"
	builtinRBAC      = "vigil.rbac_allows"
	builtinRefTyped  = "vigil.referrers_of_type"
	builtinRBACVerbs = "vigil.rbac_granted_verbs"
	// builtinParam: params.go.
)

// Inventory is the set of resources one evaluation covers (a scope of a
// scan): the graph and each resource's input, converted to an OPA value
// once. Rules reach resources of other scopes through the index it is
// given, which holds the types rules read across scopes.
type Inventory struct {
	g        *graph.Graph
	values   []lazyValue
	builtins map[string]*topdown.Builtin
	byType   map[string]*lazyTerm // type → array of its resources, built once
	skip     []bool
	// params are the rule parameters vigil.param reads (SetParams); nil
	// for the defaults.
	params *paramTerms

	index  model.Index
	mu     sync.Mutex
	remote map[*model.Resource]*lazyValue // index resources converted for this inventory
	held   map[string]*lazyTerm           // type the index holds → array of its resources, built once
	// inputs, when set, hold the index's resources already converted
	// (SetInputs).
	inputs *Inputs
}

// NewInventory indexes resources and their relations. Each resource is
// converted to rule input the first time it is needed — by its own
// evaluation, or by a built-in that returns it — so resources that are
// neither evaluated nor reached cost nothing. index, when not nil, holds
// resources of other scopes that the built-ins also answer from (see
// builtinDecls); the resources of the types it holds that are given here
// must have been added to it.
func NewInventory(resources []*model.Resource, index model.Index) *Inventory {
	inv := &Inventory{g: graph.New(resources), values: make([]lazyValue, len(resources)), index: index}
	idx := map[string][]int{}
	for i, r := range resources {
		idx[r.Type] = append(idx[r.Type], i)
	}
	inv.byType = make(map[string]*lazyTerm, len(idx))
	for typ, is := range idx {
		inv.byType[typ] = &lazyTerm{idx: is}
	}
	decls := inventoryDecls()
	inv.builtins = map[string]*topdown.Builtin{
		builtinRelated:   {Decl: decls[builtinRelated], Func: inv.related},
		builtinReferrers: {Decl: decls[builtinReferrers], Func: inv.referrers},
		builtinResources: {Decl: decls[builtinResources], Func: inv.ofType},
		builtinEdges:     {Decl: decls[builtinEdges], Func: inv.edgeTargets},
		builtinRBAC:      {Decl: decls[builtinRBAC], Func: rbacAllows},
		builtinRefTyped:  {Decl: decls[builtinRefTyped], Func: inv.referrersOfType},
		builtinRBACVerbs: {Decl: decls[builtinRBACVerbs], Func: rbacGrantedVerbs},
		builtinParam:     {Decl: decls[builtinParam], Func: inv.param},
	}
	return inv
}

// SetInputs gives the inventory the rule inputs of its index's
// resources, converted beforehand and shared with other inventories:
// the built-ins return those instead of converting the resources again.
// An index resource in is not given is converted as without them. Call
// it before evaluating.
func (inv *Inventory) SetInputs(in *Inputs) { inv.inputs = in }

// Exclude marks the resources for which skip holds as not to be
// evaluated. They stay in the inventory: rules still see them through the
// built-ins. skip is called from several goroutines.
func (inv *Inventory) Exclude(skip func(*model.Resource) bool) int {
	if inv.skip == nil {
		inv.skip = make([]bool, inv.g.Len())
	}
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(inv.skip); i += workers {
				if !inv.skip[i] && skip(inv.g.At(i)) {
					inv.skip[i] = true
				}
			}
		}(w)
	}
	wg.Wait()
	n := 0
	for _, s := range inv.skip {
		if s {
			n++
		}
	}
	return n
}

func (inv *Inventory) excluded(i int) bool { return inv.skip != nil && inv.skip[i] }

// Excluded reports whether resource i was excluded from evaluation.
func (inv *Inventory) Excluded(i int) bool { return inv.excluded(i) }

// Graph returns the relation graph.
func (inv *Inventory) Graph() *graph.Graph { return inv.g }

// lazyValue is a resource's rule input, converted once on first use by
// a built-in (which may hand it to many evaluations).
type lazyValue struct {
	once sync.Once
	done atomic.Bool
	v    ast.Value
	err  error
}

// lazyTerm is the array of every resource of a type, built once.
type lazyTerm struct {
	once sync.Once
	idx  []int
	t    *ast.Term
	err  error
}

// Value returns the rule input of resource i, converted once and kept:
// built-ins return it to the evaluations of other resources.
func (inv *Inventory) Value(i int) (ast.Value, error) {
	lv := &inv.values[i]
	lv.once.Do(func() {
		lv.v, lv.err = inv.convert(i)
		lv.done.Store(true)
	})
	return lv.v, lv.err
}

// evalInput returns the input for resource i's own evaluation: the kept
// value when a built-in already made one, otherwise a lazy object that
// converts only what the rules read (most rules read a few fields of a
// resource) and is dropped after the evaluation. A lazy object caches
// what it converts without locking: it is never shared between
// evaluations. Only resources that other rules reach stay converted, so
// the inventory's memory is the model's plus the referenced types', not
// twice the whole scan.
func (inv *Inventory) evalInput(i int, in map[string]any) (ast.Value, error) {
	if lv := &inv.values[i]; lv.done.Load() {
		return lv.v, lv.err
	}
	return ast.LazyObject(in), nil
}

func (inv *Inventory) convert(i int) (ast.Value, error) { return toValue(inv.g.At(i)) }

func toValue(r *model.Resource) (ast.Value, error) {
	v, err := ast.InterfaceToValue(r.Input())
	if err != nil {
		return nil, fmt.Errorf("resource %s cannot be rule input: %w", r.ID, err)
	}
	return v, nil
}

// inventoryDecls are the declarations every inventory's built-ins
// carry, made once: topdown only reads them.
var inventoryDecls = sync.OnceValue(builtinDecls)

func builtinDecls() map[string]*ast.Builtin {
	sig := types.NewFunction(types.Args(types.Named("id", types.S), types.Named("relation", types.S)), types.NewArray(nil, types.A))
	return map[string]*ast.Builtin{
		builtinRelated:   {Name: builtinRelated, Description: "resources the resource with this id points to through relation", Decl: sig},
		builtinReferrers: {Name: builtinReferrers, Description: "resources that point to the resource with this id through relation", Decl: sig},
		builtinResources: {Name: builtinResources, Description: "every resource of a type in the scan", Decl: types.NewFunction(types.Args(types.Named("type", types.S)), types.NewArray(nil, types.A))},
		builtinEdges: {Name: builtinEdges, Description: "the IDs a resource's relations of this type point to, resources of the scan or not",
			Decl: types.NewFunction(types.Args(types.Named("id", types.S), types.Named("relation", types.S)), types.NewArray(nil, types.S))},
		builtinRefTyped: {Name: builtinRefTyped, Description: "vigil.referrers limited to resources of one type",
			Decl: types.NewFunction(types.Args(types.Named("id", types.S), types.Named("relation", types.S), types.Named("type", types.S)), types.NewArray(nil, types.A))},
		builtinRBAC: {Name: builtinRBAC, Description: "whether a Kubernetes RBAC PolicyRule (snake_case) allows verb on resource in API group, as the API server matches; verb \"\" means any verb",
			Decl: types.NewFunction(types.Args(types.Named("rule", types.A), types.Named("group", types.S), types.Named("resource", types.S), types.Named("verb", types.S)), types.B)},
		builtinRBACVerbs: {Name: builtinRBACVerbs, Description: "which of verbs a Kubernetes RBAC PolicyRule (snake_case) allows on resource in API group, as vigil.rbac_allows decides each",
			Decl: types.NewFunction(types.Args(types.Named("rule", types.A), types.Named("group", types.S), types.Named("resource", types.S), types.Named("verbs", types.NewArray(nil, types.A))), types.NewSet(types.S))},
		builtinParam: {Name: builtinParam, Description: "the value of a rule parameter for a resource (normally input): its default, the configured value, or the first configured override matching the resource's account, cluster, region or namespace",
			Decl: types.NewFunction(types.Args(types.Named("resource", types.A), types.Named("name", types.S)), types.A)},
	}
}

// lookup returns the resource with this ID: one of the inventory's, or
// one the index holds.
func (inv *Inventory) lookup(id string) *model.Resource {
	if i, ok := inv.g.Index(id); ok {
		return inv.g.At(i)
	}
	if inv.index != nil {
		return inv.index.Resource(id)
	}
	return nil
}

// related implements vigil.related: the resources id's relations of a
// type point to, in the order of the relations, the inventory's own
// first, else the index's.
func (inv *Inventory) related(_ topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	id, rel, ok := idAndRelation(ops)
	if !ok {
		return iter(ast.ArrayTerm())
	}
	from := inv.lookup(id)
	if from == nil {
		return iter(ast.ArrayTerm())
	}
	var out []*model.Resource
	for _, target := range from.Related(rel) {
		if r := inv.lookup(target); r != nil {
			out = append(out, r)
		}
	}
	return inv.iterResources(out, iter)
}

// referrers implements vigil.referrers.
func (inv *Inventory) referrers(_ topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	id, rel, ok := idAndRelation(ops)
	if !ok {
		return iter(ast.ArrayTerm())
	}
	return inv.iterResources(inv.referrersOf(id, rel, ""), iter)
}

// referrersOfType implements vigil.referrers_of_type: the type filter runs
// before any resource is converted.
func (inv *Inventory) referrersOfType(_ topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	id, rel, ok := idAndRelation(ops)
	typ, ok3 := ops[2].Value.(ast.String)
	if !ok || !ok3 {
		return iter(ast.ArrayTerm())
	}
	return inv.iterResources(inv.referrersOf(id, rel, string(typ)), iter)
}

// referrersOf lists the resources with a relation rel to id (of type typ
// unless it is ""): the inventory's own in their order, then the other
// ones the index holds.
func (inv *Inventory) referrersOf(id, rel, typ string) []*model.Resource {
	var out []*model.Resource
	for _, j := range inv.g.In(id, rel) {
		if r := inv.g.At(j); typ == "" || r.Type == typ {
			out = append(out, r)
		}
	}
	if inv.index == nil {
		return out
	}
	for _, r := range inv.index.Referrers(id, rel) {
		if typ != "" && r.Type != typ {
			continue
		}
		if _, local := inv.g.Index(r.ID); !local {
			out = append(out, r)
		}
	}
	return out
}

// ofType implements vigil.resources: every resource of the type in the
// scan when the index holds the type, else the inventory's own.
func (inv *Inventory) ofType(_ topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	typ, ok := ops[0].Value.(ast.String)
	if !ok {
		return iter(ast.ArrayTerm())
	}
	if inv.index != nil && inv.index.Holds(string(typ)) {
		// The index does not change while an inventory is evaluated:
		// the array is built on the first call, not on every one.
		inv.mu.Lock()
		if inv.held == nil {
			inv.held = map[string]*lazyTerm{}
		}
		lt := inv.held[string(typ)]
		if lt == nil {
			lt = &lazyTerm{}
			inv.held[string(typ)] = lt
		}
		inv.mu.Unlock()
		lt.once.Do(func() {
			rs := inv.index.OfType(string(typ))
			if inv.inputs != nil {
				if t, ok := inv.inputs.array(string(typ), rs); ok {
					lt.t = t
					return
				}
			}
			lt.t, lt.err = inv.arrayOf(rs)
		})
		if lt.err != nil {
			return lt.err
		}
		return iter(lt.t)
	}
	lt, ok := inv.byType[string(typ)]
	if !ok {
		return iter(ast.ArrayTerm())
	}
	lt.once.Do(func() { lt.t, lt.err = inv.terms(lt.idx) })
	if lt.err != nil {
		return lt.err
	}
	return iter(lt.t)
}

// edgeTargets implements vigil.edges.
func (inv *Inventory) edgeTargets(_ topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	id, rel, ok := idAndRelation(ops)
	if !ok {
		return iter(ast.ArrayTerm())
	}
	from := inv.lookup(id)
	if from == nil {
		return iter(ast.ArrayTerm())
	}
	ids := from.Related(rel)
	terms := make([]*ast.Term, len(ids))
	for i, t := range ids {
		terms[i] = ast.StringTerm(t)
	}
	return iter(ast.ArrayTerm(terms...))
}

func idAndRelation(ops []*ast.Term) (id, rel string, ok bool) {
	i, ok1 := ops[0].Value.(ast.String)
	r, ok2 := ops[1].Value.(ast.String)
	return string(i), string(r), ok1 && ok2
}

func (inv *Inventory) terms(idx []int) (*ast.Term, error) {
	terms := make([]*ast.Term, len(idx))
	for i, j := range idx {
		v, err := inv.Value(j)
		if err != nil {
			return nil, err
		}
		terms[i] = ast.NewTerm(v)
	}
	return ast.ArrayTerm(terms...), nil
}

// iterResources passes an array of resources' values to iter.
func (inv *Inventory) iterResources(rs []*model.Resource, iter func(*ast.Term) error) error {
	t, err := inv.arrayOf(rs)
	if err != nil {
		return err
	}
	return iter(t)
}

// arrayOf returns the rule inputs of resources as an array.
func (inv *Inventory) arrayOf(rs []*model.Resource) (*ast.Term, error) {
	terms := make([]*ast.Term, len(rs))
	for i, r := range rs {
		v, err := inv.valueOf(r)
		if err != nil {
			return nil, err
		}
		terms[i] = ast.NewTerm(v)
	}
	return ast.ArrayTerm(terms...), nil
}

// valueOf returns the rule input of a resource of the inventory or of
// the index, converted once per inventory.
func (inv *Inventory) valueOf(r *model.Resource) (ast.Value, error) {
	if i, ok := inv.g.Index(r.ID); ok && inv.g.At(i) == r {
		return inv.Value(i)
	}
	if inv.inputs != nil {
		if v, ok := inv.inputs.value(r); ok {
			return v, nil
		}
	}
	inv.mu.Lock()
	if inv.remote == nil {
		inv.remote = map[*model.Resource]*lazyValue{}
	}
	lv, ok := inv.remote[r]
	if !ok {
		lv = &lazyValue{}
		inv.remote[r] = lv
	}
	inv.mu.Unlock()
	lv.once.Do(func() {
		lv.v, lv.err = toValue(r)
		lv.done.Store(true)
	})
	return lv.v, lv.err
}

// rbacAllows implements vigil.rbac_allows: the API server's matching of
// one PolicyRule — exact names or "*", and "*/<subresource>" for a
// subresource of any resource.
func rbacAllows(_ topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	rule, ok := ops[0].Value.(ast.Object)
	group, ok1 := ops[1].Value.(ast.String)
	resource, ok2 := ops[2].Value.(ast.String)
	verb, ok3 := ops[3].Value.(ast.String)
	if !ok || !ok1 || !ok2 || !ok3 {
		return iter(ast.InternedTerm(false))
	}
	allowed := grantsOn(rule, string(group), string(resource)) &&
		(verb == "" && nonEmpty(rule, "verbs") || verb != "" && matchAny(rule, "verbs", string(verb), ""))
	return iter(ast.InternedTerm(allowed))
}

// rbacGrantedVerbs implements vigil.rbac_granted_verbs: the verbs of a
// list that one PolicyRule allows on a resource. Rules ask it for each
// PolicyRule they read, so it is the RBAC rules' inner loop in Go.
func rbacGrantedVerbs(_ topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
	out := ast.NewSet()
	rule, ok := ops[0].Value.(ast.Object)
	group, ok1 := ops[1].Value.(ast.String)
	resource, ok2 := ops[2].Value.(ast.String)
	verbs, ok3 := ops[3].Value.(*ast.Array)
	if !ok || !ok1 || !ok2 || !ok3 || !grantsOn(rule, string(group), string(resource)) {
		return iter(ast.NewTerm(out))
	}
	verbs.Foreach(func(v *ast.Term) {
		if s, ok := v.Value.(ast.String); ok && s != "" && matchAny(rule, "verbs", string(s), "") {
			out.Add(v)
		}
	})
	return iter(ast.NewTerm(out))
}

// grantsOn reports whether rule's API groups and resources cover
// resource (a plain resource or "<resource>/<subresource>") in group.
func grantsOn(rule ast.Object, group, resource string) bool {
	sub := ""
	if i := strings.IndexByte(resource, '/'); i >= 0 {
		sub = "*/" + resource[i+1:]
	}
	return matchAny(rule, "api_groups", group, "") && matchAny(rule, "resources", resource, sub)
}

// matchAny reports whether the string list at key holds want, alt or "*".
func matchAny(rule ast.Object, key, want, alt string) bool {
	t := rule.Get(ast.InternedTerm(key))
	if t == nil {
		return false
	}
	arr, ok := t.Value.(*ast.Array)
	if !ok {
		return false
	}
	found := false
	arr.Until(func(e *ast.Term) bool {
		s, ok := e.Value.(ast.String)
		found = ok && (string(s) == want || s == "*" || (alt != "" && string(s) == alt))
		return found
	})
	return found
}

func nonEmpty(rule ast.Object, key string) bool {
	t := rule.Get(ast.InternedTerm(key))
	if t == nil {
		return false
	}
	arr, ok := t.Value.(*ast.Array)
	return ok && arr.Len() > 0
}
