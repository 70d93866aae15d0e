package policy

import (
	"encoding/json"
	"math"
	"math/big"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// A precheck is a necessary condition for a rule to deny anything, read
// from the compiled rule: the rule can only produce a result when, for at
// least one of its deny bodies, every check of that body holds on the
// input. The engine tests it in Go, on the resource before any conversion,
// and leaves the rule out of the resource's query when it fails: most
// resources fail most rules' first test (host_ipc is rarely set, few
// objects live in the default namespace), and an evaluation that is never
// started costs nothing, where one that fails at its first expression
// still pays the evaluator's set-up.
//
// The checks are those Rego itself would fail on first, taken only from
// the top level of a body and only where their meaning is certain:
//   - an expression that is a reference into input is false when the
//     value is undefined or false (truthy);
//   - a reference into input compared (= or ==) with a scalar constant
//     fails unless the value equals the constant (equals);
//   - a reference into input used as an operand of any other call, or as
//     one side of an assignment or comparison, makes the expression
//     undefined when the value is undefined (defined); for a reference
//     with variables (input.a.b[x]) that holds for its ground prefix.
//
// The same holds through iteration: a variable bound to an element of a
// collection in input (some v in input.x.y, which compiles to
// v = input.x.y[i]) stands for "some element", so the body needs the
// collection to have an element, and a check on v.z needs some element
// whose z passes it. Elements of k8s.pod_containers stand for the
// containers of the pod spec they are built from (libElements).
//
// Negated expressions, every, comprehensions, and anything reached through
// a function's result or another library rule are not analysed: they never
// cause a skip. A rule that uses `with` is never prechecked, since it may
// replace input.
type precheck [][]check // one list per deny body; nil: always evaluate

type checkKind int

const (
	checkDefined checkKind = iota
	checkTruthy
	checkEquals
)

type check struct {
	kind checkKind
	// path holds the keys after input: string for objects, int for
	// arrays, each for any element. With alts, the check holds when it
	// holds on any of them.
	path  []any
	alts  [][]any
	value ast.Value
}

// each is a path step that matches any element of an array or value of
// an object: the check needs one for which the rest of the path holds.
type each struct{}

// binding is what a body's variable stands for: values at these input
// paths (transparent), or values derived from them whose fields say
// nothing about input, so that only iterating them (which needs an
// element at the paths) is a check (opaque).
type binding struct {
	alts   [][]any
	opaque bool
	// fields, for an element of a library collection, says what each of
	// its fields stands for.
	fields map[string]binding
}

// libElements describes library collections built from input: for
// data.vigil.lib.k8s.pod_containers, what each field of an element
// stands for. An element's container is one of the pod spec's
// containers; its add list has an entry per capability the container
// adds, and its drop set one per capability it drops.
var libElements = map[string]map[string]binding{
	"data.vigil.lib.k8s.pod_containers": {
		"container": {alts: containerPaths(nil)},
		"add":       {alts: containerPaths([]any{"security_context", "capabilities", "add"}), opaque: true},
		"drop":      {alts: containerPaths([]any{"security_context", "capabilities", "drop"}), opaque: true},
	},
}

// containerPaths returns the paths of a field of any container of a pod
// spec: init, regular or ephemeral.
func containerPaths(field []any) [][]any {
	var out [][]any
	for _, g := range []string{"init_containers", "containers", "ephemeral_containers"} {
		out = append(out, append([]any{"attributes", "pod_spec", g, each{}}, field...))
	}
	return out
}

// prechecks returns a rule's precheck from its deny rules, nil when some
// body has no check (it can always produce a result) or the rule cannot
// be analysed.
func prechecks(rules []*ast.Rule) precheck {
	if len(rules) == 0 {
		return nil
	}
	var out precheck
	for _, r := range rules {
		checks, ok := bodyChecks(r.Body)
		if !ok || len(checks) == 0 {
			return nil
		}
		out = append(out, checks)
	}
	return out
}

func bodyChecks(body ast.Body) ([]check, bool) {
	var out []check
	env := map[ast.Var]binding{}
	for _, expr := range body {
		if len(expr.With) > 0 {
			return nil, false
		}
		if expr.Negated {
			continue
		}
		switch t := expr.Terms.(type) {
		case *ast.Term:
			if alts, complete, ok := resolve(env, t); ok {
				kind := checkTruthy
				if !complete {
					kind = checkDefined
				}
				out = append(out, check{kind: kind, alts: alts})
			}
		case []*ast.Term:
			out = append(out, callChecks(env, expr.Operator(), t[1:])...)
			bind(env, expr.Operator(), t[1:])
		}
	}
	for i := range out {
		if len(out[i].alts) == 1 {
			out[i].path, out[i].alts = out[i].alts[0], nil
		}
	}
	return out, true
}

// bind records what a variable assigned or unified with a reference
// (v = input.a.b[i], v = data.vigil.lib.k8s.pod_containers[i]) stands for.
func bind(env map[ast.Var]binding, op ast.Ref, args []*ast.Term) {
	if !op.Equal(ast.Equality.Ref()) || len(args) != 2 {
		return
	}
	for i := range 2 {
		v, ok := args[i].Value.(ast.Var)
		if !ok {
			continue
		}
		if _, bound := env[v]; bound {
			continue
		}
		if b, ok := resolveBinding(env, args[1-i]); ok {
			env[v] = b
		}
		return
	}
}

// callChecks returns the checks a call's operands imply.
func callChecks(env map[ast.Var]binding, op ast.Ref, args []*ast.Term) []check {
	if (op.Equal(ast.Equality.Ref()) || op.Equal(ast.Equal.Ref())) && len(args) == 2 {
		for i := range 2 {
			alts, complete, ok := resolve(env, args[i])
			if ok && complete && isScalar(args[1-i].Value) {
				return []check{{kind: checkEquals, alts: alts, value: args[1-i].Value}}
			}
		}
	}
	var out []check
	for _, a := range args {
		if alts, _, ok := resolve(env, a); ok {
			out = append(out, check{kind: checkDefined, alts: alts})
			continue
		}
		if call, ok := a.Value.(ast.Call); ok && len(call) > 0 {
			if r, ok := call[0].Value.(ast.Ref); ok {
				out = append(out, callChecks(env, r, call[1:])...)
			}
		}
	}
	return out
}

// resolve returns the input paths a reference reads, whether they are the
// whole reference (complete) or the longest part of it that could be
// resolved, and false when no part could or when t is a variable's plain
// use (its binding already holds the checks) or input alone.
func resolve(env map[ast.Var]binding, t *ast.Term) ([][]any, bool, bool) {
	ref, ok := t.Value.(ast.Ref)
	if !ok || len(ref) < 2 {
		return nil, false, false
	}
	b, rest, ok := head(env, ref)
	if !ok || len(rest) == 0 {
		return nil, false, false
	}
	alts, complete := extend(b, rest)
	if alts == nil {
		return nil, false, false
	}
	return alts, complete, true
}

// resolveBinding is what a variable unified with t stands for.
func resolveBinding(env map[ast.Var]binding, t *ast.Term) (binding, bool) {
	ref, ok := t.Value.(ast.Ref)
	if !ok {
		return binding{}, false
	}
	b, rest, ok := head(env, ref)
	if !ok {
		return binding{}, false
	}
	if len(rest) == 0 {
		return b, b.alts != nil || b.fields != nil
	}
	alts, complete := extend(b, rest)
	if alts == nil || !complete {
		return binding{}, false
	}
	// An opaque value's elements are opaque too.
	return binding{alts: alts, opaque: b.opaque}, true
}

// head resolves the start of a reference: input, a bound variable, or an
// element of a library collection; for an element, the field that
// follows it is resolved too.
func head(env map[ast.Var]binding, ref ast.Ref) (binding, ast.Ref, bool) {
	var b binding
	var rest ast.Ref
	switch {
	case ref[0].Equal(ast.InputRootDocument):
		return binding{alts: [][]any{nil}}, ref[1:], true
	case ref[0].Equal(ast.DefaultRootDocument):
		elem, n, ok := libElement(ref)
		if !ok {
			return binding{}, nil, false
		}
		b, rest = elem, ref[n:]
	default:
		v, ok := ref[0].Value.(ast.Var)
		if !ok {
			return binding{}, nil, false
		}
		if b, ok = env[v]; !ok {
			return binding{}, nil, false
		}
		rest = ref[1:]
	}
	if b.fields == nil {
		return b, rest, true
	}
	if len(rest) == 0 {
		return b, nil, true
	}
	field, ok := rest[0].Value.(ast.String)
	if !ok {
		return binding{}, nil, false
	}
	fb, ok := b.fields[string(field)]
	return fb, rest[1:], ok
}

// libElement resolves data.<collection>[i] for the collections of
// libElements: the element's binding and the length of the reference
// to it.
func libElement(ref ast.Ref) (binding, int, bool) {
	for name, fields := range libElements {
		coll := dottedRef(name)
		if len(ref) <= len(coll) || !ref[:len(coll)].Equal(coll) {
			continue
		}
		if _, ok := ref[len(coll)].Value.(ast.Var); !ok {
			return binding{}, 0, false
		}
		return binding{fields: fields}, len(coll) + 1, true
	}
	return binding{}, 0, false
}

// extend appends a reference's remaining parts to a binding's paths: a
// string or integer is a key, anything else (a variable) any element.
// For an opaque binding only iteration is followed. It returns the
// paths and whether every part was followed; nil when none was.
func extend(b binding, rest ast.Ref) ([][]any, bool) {
	var steps []any
	complete := true
	for _, part := range rest {
		step, ok := pathStep(part)
		if !ok || b.opaque && step != (each{}) {
			complete = false
			break
		}
		steps = append(steps, step)
	}
	if len(steps) == 0 {
		return nil, false
	}
	alts := make([][]any, len(b.alts))
	for i, a := range b.alts {
		alts[i] = append(append([]any(nil), a...), steps...)
	}
	return alts, complete && !b.opaque
}

func pathStep(t *ast.Term) (any, bool) {
	switch v := t.Value.(type) {
	case ast.String:
		return string(v), true
	case ast.Number:
		if i, ok := v.Int(); ok {
			return i, true
		}
		return nil, false
	case ast.Var:
		return each{}, true
	}
	return nil, false
}

func isScalar(v ast.Value) bool {
	switch v.(type) {
	case ast.String, ast.Boolean, ast.Number, ast.Null:
		return true
	}
	return false
}

// may reports whether the rule may deny something on in (the resource's
// rule input before conversion).
func (p precheck) may(in map[string]any) bool {
	if p == nil {
		return true
	}
	for _, body := range p {
		if allHold(body, in) {
			return true
		}
	}
	return false
}

func allHold(body []check, in map[string]any) bool {
	for _, c := range body {
		if !c.holds(in) {
			return false
		}
	}
	return true
}

// holds reports whether c may hold on in. It answers false only when the
// Go value shows for certain that Rego would fail: a missing key, an index
// out of range, no element to iterate, a scalar where the path goes on, a
// different scalar. Anything it cannot read (a Go type other than the
// JSON shapes) holds.
func (c check) holds(in map[string]any) bool {
	if c.alts == nil {
		return c.holdsAt(in, c.path)
	}
	for _, p := range c.alts {
		if c.holdsAt(in, p) {
			return true
		}
	}
	return false
}

func (c check) holdsAt(cur any, path []any) bool {
	for i, k := range path {
		if k == (each{}) {
			return c.holdsOnElements(cur, path[i+1:])
		}
		switch v := cur.(type) {
		case map[string]any:
			key, ok := k.(string)
			if !ok {
				return false
			}
			next, ok := v[key]
			if !ok {
				return false
			}
			cur = next
		case map[string]string: // labels and annotations
			key, ok := k.(string)
			if !ok {
				return false
			}
			next, ok := v[key]
			if !ok {
				return false
			}
			cur = next
		case []any:
			i, ok := k.(int)
			if !ok || i < 0 || i >= len(v) {
				return false
			}
			cur = v[i]
		case nil, string, bool, float64, int, int64, json.Number:
			return false
		default:
			return true
		}
	}
	switch c.kind {
	case checkTruthy:
		b, ok := cur.(bool)
		return !ok || b
	case checkEquals:
		return scalarMayEqual(cur, c.value)
	}
	return true
}

// holdsOnElements reports whether the rest of a check may hold on some
// element of cur.
func (c check) holdsOnElements(cur any, rest []any) bool {
	on := func(e any) bool { return c.holdsAt(e, rest) }
	switch v := cur.(type) {
	case []any:
		return slices.ContainsFunc(v, on)
	case map[string]any:
		return someValue(v, on)
	case map[string]string:
		return someValue(v, func(e string) bool { return on(e) })
	case nil, string, bool, float64, int, int64, json.Number:
		return false
	}
	return true
}

// someValue reports whether f holds for some value of m.
func someValue[V any](m map[string]V, f func(V) bool) bool {
	for _, e := range m {
		if f(e) {
			return true
		}
	}
	return false
}

// scalarMayEqual reports whether the Go value v may equal the constant
// want under Rego's equality (numbers compare by value).
func scalarMayEqual(v any, want ast.Value) bool {
	switch w := want.(type) {
	case ast.String:
		s, ok := v.(string)
		return ok && s == string(w) || !isJSONScalar(v)
	case ast.Boolean:
		b, ok := v.(bool)
		return ok && b == bool(w) || !isJSONScalar(v)
	case ast.Null:
		return v == nil || !isJSONScalar(v)
	case ast.Number:
		var got *big.Float
		switch n := v.(type) {
		case int:
			got = new(big.Float).SetInt64(int64(n))
		case int64:
			got = new(big.Float).SetInt64(n)
		case float64:
			if math.IsNaN(n) || math.IsInf(n, 0) {
				return true
			}
			got = new(big.Float).SetFloat64(n)
		case json.Number:
			f, ok := new(big.Float).SetString(string(n))
			if !ok {
				return true
			}
			got = f
		default:
			return !isJSONScalar(v)
		}
		f, ok := new(big.Float).SetString(string(w))
		return !ok || got.Cmp(f) == 0
	}
	return true
}

// isJSONScalar holds for the Go values whose Rego meaning is a JSON
// scalar, map or list: those a check can decide on.
func isJSONScalar(v any) bool {
	switch v.(type) {
	case nil, string, bool, float64, int, int64, json.Number, map[string]any, []any:
		return true
	}
	return false
}
