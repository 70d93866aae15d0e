package terraform

import (
	"encoding/json"

	"github.com/zclconf/go-cty/cty"
)

// policyDocumentType is the one data source whose result the
// configuration determines entirely: the AWS provider renders its
// arguments into an IAM policy document, offline.
const policyDocumentType = "aws_iam_policy_document"

// policyDocumentJSON renders the json attribute of an
// aws_iam_policy_document from its evaluated arguments: one statement per
// statement block, Effect Allow unless set, principals grouped by type
// ("*" with identifiers ["*"] is Principal "*"), conditions grouped by
// test and variable. It is unknown when any value it reads is, or when
// the document merges other documents (source_policy_documents,
// override_policy_documents and their deprecated forms).
func policyDocumentJSON(attrs map[string]cty.Value) cty.Value {
	for _, k := range []string{"source_policy_documents", "override_policy_documents", "source_json", "override_json"} {
		if v, ok := attrs[k]; ok && !v.IsNull() {
			return cty.UnknownVal(cty.String)
		}
	}
	doc := map[string]any{"Version": "2012-10-17"}
	ok := optString(attrs, "version", "Version", doc) && optString(attrs, "policy_id", "Id", doc)
	var stmts []any
	for _, st := range elements(attrs["statement"], &ok) {
		if !ok || !st.Type().IsObjectType() {
			return cty.UnknownVal(cty.String)
		}
		m := st.AsValueMap()
		out := map[string]any{"Effect": "Allow"}
		ok = optString(m, "sid", "Sid", out) && optString(m, "effect", "Effect", out)
		for src, dst := range map[string]string{"actions": "Action", "not_actions": "NotAction", "resources": "Resource", "not_resources": "NotResource"} {
			if l := stringsOf(m[src], &ok); len(l) > 0 {
				out[dst] = l
			}
		}
		for src, dst := range map[string]string{"principals": "Principal", "not_principals": "NotPrincipal"} {
			if p := principalsOf(m[src], &ok); p != nil {
				out[dst] = p
			}
		}
		if c := conditionsOf(m["condition"], &ok); c != nil {
			out["Condition"] = c
		}
		stmts = append(stmts, out)
	}
	if !ok {
		return cty.UnknownVal(cty.String)
	}
	if stmts != nil {
		doc["Statement"] = stmts
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return cty.UnknownVal(cty.String)
	}
	return cty.StringVal(string(b))
}

// optString copies a known, non-empty string argument to out[key];
// ok is false when the argument is unknown or not a string.
func optString(attrs map[string]cty.Value, name, key string, out map[string]any) bool {
	v, set := attrs[name]
	if !set || v.IsNull() {
		return true
	}
	if !v.IsKnown() || v.Type() != cty.String {
		return false
	}
	if s := v.AsString(); s != "" {
		out[key] = s
	}
	return true
}

// elements are the elements of a list, set or tuple (none for null);
// *ok turns false for an unknown or other value.
func elements(v cty.Value, ok *bool) []cty.Value {
	if v == cty.NilVal || v.IsNull() {
		return nil
	}
	if !v.IsWhollyKnown() || !(v.Type().IsListType() || v.Type().IsSetType() || v.Type().IsTupleType()) {
		*ok = false
		return nil
	}
	var out []cty.Value
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		out = append(out, e)
	}
	return out
}

// stringsOf reads a collection of strings.
func stringsOf(v cty.Value, ok *bool) []string {
	var out []string
	for _, e := range elements(v, ok) {
		if e.IsNull() || e.Type() != cty.String {
			*ok = false
			return nil
		}
		out = append(out, e.AsString())
	}
	return out
}

// principalsOf groups principals blocks by type.
func principalsOf(v cty.Value, ok *bool) any {
	byType := map[string][]string{}
	for _, p := range elements(v, ok) {
		if !p.Type().IsObjectType() || !p.Type().HasAttribute("type") || p.GetAttr("type").IsNull() || p.GetAttr("type").Type() != cty.String {
			*ok = false
			return nil
		}
		var ids []string
		if p.Type().HasAttribute("identifiers") {
			ids = stringsOf(p.GetAttr("identifiers"), ok)
		}
		t := p.GetAttr("type").AsString()
		byType[t] = append(byType[t], ids...)
	}
	if len(byType) == 0 {
		return nil
	}
	if ids, star := byType["*"]; star && len(byType) == 1 && len(ids) == 1 && ids[0] == "*" {
		return "*"
	}
	out := map[string]any{}
	for t, ids := range byType {
		out[t] = ids
	}
	return out
}

// conditionsOf groups condition blocks by test, then variable.
func conditionsOf(v cty.Value, ok *bool) map[string]any {
	out := map[string]any{}
	for _, c := range elements(v, ok) {
		if !c.Type().IsObjectType() {
			*ok = false
			return nil
		}
		m := c.AsValueMap()
		test, variable := m["test"], m["variable"]
		if test == cty.NilVal || variable == cty.NilVal || test.IsNull() || variable.IsNull() ||
			!test.IsKnown() || !variable.IsKnown() || test.Type() != cty.String || variable.Type() != cty.String {
			*ok = false
			return nil
		}
		byVar, _ := out[test.AsString()].(map[string]any)
		if byVar == nil {
			byVar = map[string]any{}
			out[test.AsString()] = byVar
		}
		prev, _ := byVar[variable.AsString()].([]string)
		byVar[variable.AsString()] = append(prev, stringsOf(m["values"], ok)...)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
