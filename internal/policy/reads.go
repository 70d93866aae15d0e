package policy

import (
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vigil-cspm/vigil/internal/model"
)

// typedReads are the built-ins that read resources of a type named by a
// literal argument, and that argument's position.
var typedReads = map[string]int{builtinResources: 0, builtinRefTyped: 2}

// checkReads rejects a rule that reads resources of a type it does not
// declare in related_types: a scan keeps the resources of other scopes
// only for the declared types, so the rule would silently see only its
// own scope's.
func checkReads(m *ast.Module, meta *model.RuleMeta) Errors {
	var errs Errors
	ast.WalkExprs(m, func(x *ast.Expr) bool {
		if !x.IsCall() {
			return false
		}
		pos, ok := typedReads[x.Operator().String()]
		ops := x.Operands()
		if !ok || pos >= len(ops) {
			return false
		}
		typ, ok := ops[pos].Value.(ast.String)
		if !ok || slices.Contains(meta.RelatedTypes, string(typ)) {
			return false
		}
		line := 0
		if x.Location != nil {
			line = x.Location.Row
		}
		errs = append(errs, &Error{File: meta.File, Line: line, Message: fmt.Sprintf("rule %s reads %s through %s but does not declare it in related_types: add it there (resources of undeclared types are seen only within their own scope)", meta.ID, string(typ), x.Operator())})
		return false
	})
	return errs
}
