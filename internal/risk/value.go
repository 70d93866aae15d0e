package risk

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// toValue converts an input to OPA's value form directly: through JSON
// it cost a third of a large scan's assessment.
func toValue(in *Input) ast.Value {
	e := in.Entry
	items := [][2]*ast.Term{
		item("entry", ast.NewObject(item("id", ast.String(e.ID)), item("type", ast.String(e.Type)), item("name", ast.String(e.Name)),
			item("namespace", ast.String(e.Namespace)), item("account", ast.String(e.Account)))),
		item("exposure", ast.NewObject(item("path", stringArray(in.Exposure.Path)), item("detail", ast.String(in.Exposure.Detail)))),
	}
	if id := in.Identity; id != nil {
		items = append(items, item("identity", ast.NewObject(item("chain", stringArray(id.Chain)), item("detail", ast.String(id.Detail)),
			item("admin", ast.Boolean(id.Admin)), item("escalates", ast.Boolean(id.Escalates)),
			item("reads_secrets", ast.Boolean(id.ReadsSecrets)), item("cluster_wide", ast.Boolean(id.ClusterWide)))))
	}
	fs := make([]*ast.Term, len(in.Findings))
	for i, f := range in.Findings {
		fs[i] = ast.NewTerm(ast.NewObject(item("id", ast.String(f.ID)), item("rule_id", ast.String(f.RuleID)), item("severity", ast.String(f.Severity)),
			item("resource_id", ast.String(f.ResourceID)), item("on", ast.String(f.On))))
	}
	items = append(items, item("findings", ast.NewArray(fs...)))
	return ast.NewObject(items...)
}

func item(k string, v ast.Value) [2]*ast.Term { return ast.Item(ast.StringTerm(k), ast.NewTerm(v)) }

func stringArray(ss []string) ast.Value {
	ts := make([]*ast.Term, len(ss))
	for i, s := range ss {
		ts[i] = ast.StringTerm(s)
	}
	return ast.NewArray(ts...)
}
