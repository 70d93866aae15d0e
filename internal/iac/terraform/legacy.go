package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Terraform 0.11 wrote type constraints and references as quoted
// strings. Terraform 0.12 to 0.14 still read them, warning that they
// were deprecated; ParseDir reads them the same way, with a warning
// (hcl.DiagWarning) naming the file, the line and what to write
// instead. Only native syntax has the legacy forms: in .tf.json files
// every expression is a string.

// quoted returns the string a native-syntax expression is when it is a
// quoted literal without interpolation.
func quoted(expr hcl.Expression) (string, bool) {
	t, ok := expr.(*hclsyntax.TemplateExpr)
	if !ok || !t.IsStringLiteral() {
		return "", false
	}
	v, ds := t.Value(nil)
	if ds.HasErrors() || v.Type() != cty.String || v.IsNull() {
		return "", false
	}
	return v.AsString(), true
}

// legacyType reads a quoted type constraint: "string", "list" and "map",
// the only three Terraform 0.11 had. A list or map of Terraform 0.11
// held strings but Terraform 0.12 read them as lists and maps of any
// element type, and so does legacyType. ok is false when expr is not a
// quoted string; another quoted word is an error.
func legacyType(expr hcl.Expression) (ty cty.Type, diags hcl.Diagnostics, ok bool) {
	s, ok := quoted(expr)
	if !ok {
		return cty.NilType, nil, false
	}
	var read, instead string
	switch s {
	case "string":
		ty, read, instead = cty.String, "string", "string"
	case "list":
		ty, read, instead = cty.List(cty.DynamicPseudoType), "list(any)", "list(string) (or list(any))"
	case "map":
		ty, read, instead = cty.Map(cty.DynamicPseudoType), "map(any)", "map(string) (or map(any))"
	default:
		return cty.DynamicPseudoType, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid type specification",
			Detail:  fmt.Sprintf("%q is not a type: remove the quotes and write a type such as string, number, bool, list(string) or map(string)", s),
			Subject: expr.Range().Ptr()}}, true
	}
	return ty, hcl.Diagnostics{{Severity: hcl.DiagWarning, Summary: "Quoted type constraints are deprecated",
		Detail:  fmt.Sprintf("the Terraform 0.11 form %q was read as %s; write %s without quotes", s, read, instead),
		Subject: expr.Range().Ptr()}}, true
}

// legacyRefs warns about the quoted references of a resource, data,
// module or output block: depends_on items, a resource's provider, a
// module's providers values and lifecycle ignore_changes items. They are
// not evaluated (ParseDir has no dependency graph and no lifecycle), so
// the warning is all they change.
func legacyRefs(b *hcl.Block) hcl.Diagnostics {
	body, ok := b.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	var diags hcl.Diagnostics
	warn := func(arg string, expr hcl.Expression, ref string) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Quoted references are deprecated",
			Detail:  fmt.Sprintf("the Terraform 0.11 form %q in %s was accepted; write %s without quotes", ref, arg, ref),
			Subject: expr.Range().Ptr()})
	}
	items := func(arg string, a *hclsyntax.Attribute) {
		t, ok := a.Expr.(*hclsyntax.TupleConsExpr)
		if !ok {
			return
		}
		for _, e := range t.Exprs {
			if s, ok := quoted(e); ok {
				warn(arg, e, s)
			}
		}
	}
	if a, ok := body.Attributes["depends_on"]; ok {
		items("depends_on", a)
	}
	switch b.Type {
	case "resource", "data":
		if a, ok := body.Attributes["provider"]; ok {
			if s, ok := quoted(a.Expr); ok {
				warn("provider", a.Expr, s)
			}
		}
		for _, lb := range body.Blocks {
			if lb.Type != "lifecycle" {
				continue
			}
			if a, ok := lb.Body.Attributes["ignore_changes"]; ok {
				items("lifecycle.ignore_changes", a)
			}
		}
	case "module":
		if a, ok := body.Attributes["providers"]; ok {
			if o, ok := a.Expr.(*hclsyntax.ObjectConsExpr); ok {
				for _, it := range o.Items {
					if s, ok := quoted(it.ValueExpr); ok && strings.TrimSpace(s) != "" {
						warn("providers", it.ValueExpr, s)
					}
				}
			}
		}
	}
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Subject.Start.Byte < diags[j].Subject.Start.Byte })
	return diags
}
