package policy

import (
	"encoding/json"
	"math"
	"math/big"

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
// Negated expressions, every, and anything reached through a variable or
// a library rule are not analysed: they never cause a skip. A rule that
// uses `with` is never prechecked, since it may replace input.
type precheck [][]check // one list per deny body; nil: always evaluate

type checkKind int

const (
	checkDefined checkKind = iota
	checkTruthy
	checkEquals
)

type check struct {
	kind  checkKind
	path  []any // keys after input: string for objects, int for arrays
	value ast.Value
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
	for _, expr := range body {
		if len(expr.With) > 0 {
			return nil, false
		}
		if expr.Negated {
			continue
		}
		switch t := expr.Terms.(type) {
		case *ast.Term:
			if p, ground, ok := inputPath(t); ok {
				kind := checkTruthy
				if !ground {
					kind = checkDefined
				}
				out = append(out, check{kind: kind, path: p})
			}
		case []*ast.Term:
			out = append(out, callChecks(expr.Operator(), t[1:])...)
		}
	}
	return out, true
}

// callChecks returns the checks a call's operands imply.
func callChecks(op ast.Ref, args []*ast.Term) []check {
	if (op.Equal(ast.Equality.Ref()) || op.Equal(ast.Equal.Ref())) && len(args) == 2 {
		for i := range 2 {
			p, ground, ok := inputPath(args[i])
			if ok && ground && isScalar(args[1-i].Value) {
				return []check{{kind: checkEquals, path: p, value: args[1-i].Value}}
			}
		}
	}
	var out []check
	for _, a := range args {
		if p, _, ok := inputPath(a); ok {
			out = append(out, check{kind: checkDefined, path: p})
			continue
		}
		if call, ok := a.Value.(ast.Call); ok && len(call) > 0 {
			if r, ok := call[0].Value.(ast.Ref); ok {
				out = append(out, callChecks(r, call[1:])...)
			}
		}
	}
	return out
}

// inputPath returns the ground part of a reference into input below the
// root (input.a.b[x].c gives [a b]), whether the whole reference is
// ground, and false when t is not such a reference or names input alone.
func inputPath(t *ast.Term) ([]any, bool, bool) {
	ref, ok := t.Value.(ast.Ref)
	if !ok || len(ref) < 2 || !ref[0].Equal(ast.InputRootDocument) {
		return nil, false, false
	}
	var path []any
	for _, part := range ref[1:] {
		switch v := part.Value.(type) {
		case ast.String:
			path = append(path, string(v))
			continue
		case ast.Number:
			if i, ok := v.Int(); ok {
				path = append(path, i)
				continue
			}
		}
		return path, false, len(path) > 0
	}
	return path, true, true
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
// out of range, a scalar where the path goes on, a different scalar.
// Anything it cannot read (a Go type other than the JSON shapes) holds.
func (c check) holds(in map[string]any) bool {
	var cur any = in
	for _, k := range c.path {
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
