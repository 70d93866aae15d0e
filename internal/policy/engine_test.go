package policy

import (
	"context"
	"errors"
	"io/fs"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/schemas"
)

const header = `# METADATA
# title: Test rule
# description: A rule for tests.
# custom:
#   id: %ID%
#   severity: high
#   resource_types: [%TYPES%]
#   remediation: Fix it.
package vigil.rules.test.%PKG%

import rego.v1
`

func rule(id, types, body string) string {
	r := strings.NewReplacer("%ID%", id, "%TYPES%", types, "%PKG%", strings.ReplaceAll(id, "-", "_"))
	return r.Replace(header) + body
}

func load(t *testing.T, files map[string]string) (*Engine, error) {
	t.Helper()
	return Load(context.Background(), Options{Library: mapFS(files), LibraryPrefix: "rules/", Schemas: schemas.FS, CheckLibrary: true})
}

// mapFS holds files, by name.
func mapFS(files map[string]string) fs.FS {
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name: "misspelled attribute",
			files: map[string]string{"a.rego": rule("t-misspelled", "k8s.core.pod",
				"deny contains \"x\" if {\n\tinput.attributes.pod_spec.host_pidd == true\n}\n")},
			want: "rules/a.rego:13: undefined ref: input.attributes.pod_spec.host_pidd",
		},
		{
			name: "misspelled attribute inside an iteration",
			files: map[string]string{"a.rego": rule("t-misspelled-2", "k8s.core.pod, k8s.apps.deployment",
				"deny contains \"x\" if {\n\tsome c in input.attributes.pod_spec.containers\n\tc.security_context.privilegd\n}\n")},
			want: "rules/a.rego:14: undefined ref: c.security_context.privilegd",
		},
		{
			name:  "no metadata",
			files: map[string]string{"b.rego": "package x\n\nimport rego.v1\n\ndeny contains 1 if { true }\n"},
			want:  "rules/b.rego:1: rule has no METADATA header",
		},
		{
			name:  "unknown severity",
			files: map[string]string{"c.rego": strings.Replace(rule("t-sev", "k8s.core.pod", "deny contains 1 if { true }\n"), "severity: high", "severity: severe", 1)},
			want:  `custom.severity: unknown severity "severe"`,
		},
		{
			name:  "unknown type",
			files: map[string]string{"d.rego": rule("t-type", "k8s.core.widget", "deny contains 1 if { true }\n")},
			want:  `resource type "k8s.core.widget" has no schema`,
		},
		{
			name: "duplicate id",
			files: map[string]string{
				"e.rego": rule("t-dup", "k8s.core.pod", "deny contains 1 if { true }\n"),
				"f.rego": strings.Replace(rule("t-dup", "k8s.core.pod", "deny contains 1 if { true }\n"), "test.t_dup", "test.other", 1),
			},
			want: "rule id t-dup is already used",
		},
		{
			name:  "syntax error",
			files: map[string]string{"g.rego": rule("t-syntax", "k8s.core.pod", "deny contains 1 if {\n")},
			want:  "rules/g.rego:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.files)
			if err == nil {
				t.Fatalf("Load succeeded, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load error = %q, want it to contain %q", err, tt.want)
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error %T is not located", err)
			}
		})
	}
}

func TestCrossResourceBuiltins(t *testing.T) {
	src := strings.Replace(rule("t-ns-no-netpol", "k8s.core.namespace", `
deny contains {"msg": "no policy", "path": "name", "value": input.name} if {
	pols := [p | some p in vigil.referrers(input.id, "in_namespace"); p.type == "k8s.networking.network_policy"]
	count(pols) == 0
	count(vigil.referrers_of_type(input.id, "in_namespace", "k8s.networking.network_policy")) == 0
}
`), "#   remediation:", "#   related_types: [k8s.networking.network_policy]\n#   remediation:", 1)
	eng, err := load(t, map[string]string{"ns.rego": src})
	if err != nil {
		t.Fatal(err)
	}
	res := []*model.Resource{
		{ID: "ns/a", Type: "k8s.core.namespace", Name: "a", Attributes: map[string]any{}},
		{ID: "ns/b", Type: "k8s.core.namespace", Name: "b", Attributes: map[string]any{}},
		{ID: "np", Type: "k8s.networking.network_policy", Name: "deny", Namespace: "b", Attributes: map[string]any{},
			Relations: []model.Relation{{Type: model.RelInNamespace, Target: "ns/b"}}},
	}
	inv := NewInventory(res, nil)
	got, err := eng.Evaluate(context.Background(), inv, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Resource.Name != "a" || got[0].Evidence.Value != "a" {
		t.Fatalf("results = %+v, want one on namespace a with evidence value a", got)
	}
}

func TestSelect(t *testing.T) {
	files := map[string]string{
		"a.rego": rule("t-a", "k8s.core.namespace", "deny contains \"a\" if { true }\n"),
		"b.rego": rule("t-b", "k8s.core.namespace", "deny contains \"b\" if { true }\n"),
	}
	fsys := fstest.MapFS{}
	for n, s := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(s)}
	}
	eng, err := Load(context.Background(), Options{Library: fsys, Schemas: schemas.FS, CheckLibrary: true, Select: func(r *model.RuleMeta) bool { return r.ID == "t-b" }})
	if err != nil {
		t.Fatal(err)
	}
	inv := NewInventory([]*model.Resource{{ID: "x", Type: "k8s.core.namespace", Name: "x"}}, nil)
	got, err := eng.Evaluate(context.Background(), inv, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Rule.ID != "t-b" {
		t.Fatalf("results = %+v, want only t-b", got)
	}
	if len(eng.Rules()) != 2 {
		t.Fatalf("Rules() = %d, want both rules loaded", len(eng.Rules()))
	}
}

func TestRBACAllows(t *testing.T) {
	eng, err := load(t, map[string]string{"r.rego": rule("t-rbac", "k8s.rbac.role", `
deny contains {"msg": sprintf("%s %s %s", [c.group, c.resource, c.verb])} if {
	some e in input.attributes.rules
	some c in [
		{"group": "", "resource": "secrets", "verb": "get"},
		{"group": "", "resource": "nodes/proxy", "verb": "get"},
		{"group": "apps", "resource": "deployments", "verb": "delete"},
		{"group": "", "resource": "pods", "verb": ""},
	]
	vigil.rbac_allows(e, c.group, c.resource, c.verb)
}
`)})
	if err != nil {
		t.Fatal(err)
	}
	rules := []any{
		map[string]any{"api_groups": []any{""}, "resources": []any{"secrets"}, "verbs": []any{"get", "list"}},
		map[string]any{"api_groups": []any{""}, "resources": []any{"*/proxy"}, "verbs": []any{"*"}},
		map[string]any{"api_groups": []any{"*"}, "resources": []any{"deployments"}, "verbs": []any{"create"}},
		map[string]any{"api_groups": []any{""}, "resources": []any{"pods"}, "verbs": []any{}},
	}
	msgs := roleMessages(t, eng, rules)
	if strings.Join(msgs, ",") != " nodes/proxy get, secrets get" {
		t.Fatalf("allowed = %q, want exactly nodes/proxy get and secrets get", msgs)
	}
}

// TestRBACGrantedVerbs checks vigil.rbac_granted_verbs against
// vigil.rbac_allows asked verb by verb: the same matching, in one call.
func TestRBACGrantedVerbs(t *testing.T) {
	eng, err := load(t, map[string]string{"r.rego": rule("t-rbac-verbs", "k8s.rbac.role", `
deny contains {"msg": sprintf("rules[%d] %s %s %v", [i, c.group, c.resource, sort(got)])} if {
	some i, e in input.attributes.rules
	some c in [
		{"group": "", "resource": "secrets"},
		{"group": "", "resource": "nodes/proxy"},
		{"group": "apps", "resource": "deployments"},
	]
	verbs := ["get", "list", "watch", "create", "", "*"]
	got := vigil.rbac_granted_verbs(e, c.group, c.resource, verbs)
	want := {v | some v in verbs; v != ""; vigil.rbac_allows(e, c.group, c.resource, v)}
	got == want
	count(got) > 0
}
`)})
	if err != nil {
		t.Fatal(err)
	}
	rules := []any{
		map[string]any{"api_groups": []any{""}, "resources": []any{"secrets"}, "verbs": []any{"get", "list"}},
		map[string]any{"api_groups": []any{""}, "resources": []any{"*/proxy"}, "verbs": []any{"*"}},
		map[string]any{"api_groups": []any{"*"}, "resources": []any{"deployments"}, "verbs": []any{"create", "watch"}},
		map[string]any{"api_groups": []any{""}, "resources": []any{"pods"}, "verbs": []any{"get"}},
		map[string]any{"api_groups": []any{""}, "resources": []any{"secrets"}, "verbs": []any{}},
		map[string]any{"resources": []any{"secrets"}, "verbs": []any{"get"}},
	}
	msgs := roleMessages(t, eng, rules)
	want := `rules[0]  secrets ["get", "list"],rules[1]  nodes/proxy ["*", "create", "get", "list", "watch"],rules[2] apps deployments ["create", "watch"]`
	if strings.Join(msgs, ",") != want {
		t.Fatalf("granted =\n%s\nwant\n%s", strings.Join(msgs, ","), want)
	}
}

// roleMessages evaluates eng on a role with these PolicyRules and returns
// the messages, sorted.
func roleMessages(t *testing.T, eng *Engine, rules []any) []string {
	t.Helper()
	inv := NewInventory([]*model.Resource{{ID: "r", Type: "k8s.rbac.role", Name: "r", Attributes: map[string]any{"rules": rules}}}, nil)
	got, err := eng.Evaluate(context.Background(), inv, nil)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, r := range got {
		msgs = append(msgs, r.Message)
	}
	sort.Strings(msgs)
	return msgs
}

func TestRuleGuards(t *testing.T) {
	lib := "package vigil.lib.aws\n\nimport rego.v1\n\nknown(attr) if not attr in object.get(input.attributes, \"unread\", [])\n"
	body := `import data.vigil.lib.aws

deny contains {"msg": "no policy"} if {
	aws.known("policy")
	aws.known("acl")
	not input.attributes.policy
}
`
	eng, err := load(t, map[string]string{"lib/aws.rego": lib, "r.rego": strings.Replace(rule("t-guarded", "aws.s3.bucket", ""), "import rego.v1", "import rego.v1\n"+body, 1)})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := eng.Rule("t-guarded")
	if strings.Join(r.Guards, ",") != "acl,policy" {
		t.Errorf("guards %v, want [acl policy]", r.Guards)
	}
}

// TestUnconvertibleInput checks that an attribute with no JSON form, read
// by a rule, is an evaluation error naming the resource, not a panic.
func TestUnconvertibleInput(t *testing.T) {
	eng, err := load(t, map[string]string{"a.rego": rule("t-read", "k8s.core.pod", "deny contains \"x\" if {\n\tinput.attributes.pod_spec.host_ipc == true\n}\n")})
	if err != nil {
		t.Fatal(err)
	}
	res := []*model.Resource{{ID: "pod/bad", Type: "k8s.core.pod", Name: "bad",
		Attributes: map[string]any{"pod_spec": map[string]any{"host_ipc": make(chan int)}}}}
	inv := NewInventory(res, nil)
	_, err = eng.Evaluate(context.Background(), inv, nil)
	t.Log(err)
	if err == nil || !strings.Contains(err.Error(), "pod/bad") || !strings.Contains(err.Error(), "cannot be rule input") {
		t.Fatalf("err = %v, want an error saying pod/bad cannot be rule input", err)
	}
}

// TestPanicIsEngineError checks that a panic in a built-in, from the
// plan or in the interpreter, is an evaluation error naming the rule and
// the resource, not blamed on the resource's input.
func TestPanicIsEngineError(t *testing.T) {
	eng, err := load(t, map[string]string{"a.rego": rule("t-panics", "k8s.rbac.role", `
deny contains "allowed" if {
	some r in input.attributes.rules
	vigil.rbac_allows(r, "", "pods", "get")
}
`)})
	if err != nil {
		t.Fatal(err)
	}
	res := []*model.Resource{{ID: "role/r", Type: "k8s.rbac.role", Name: "r",
		Attributes: map[string]any{"rules": []any{map[string]any{"verbs": []any{"get"}}}}}}
	for _, noPlan := range []bool{false, true} {
		eng.noPlan = noPlan
		inv := NewInventory(res, nil)
		// A built-in of ours that panics, as a bug in it would.
		inv.builtins[builtinRBAC].Func = func(topdown.BuiltinContext, []*ast.Term, func(*ast.Term) error) error {
			panic("index out of range")
		}
		_, err = eng.Evaluate(context.Background(), inv, nil)
		if err == nil {
			t.Fatalf("interpreter only %v: Evaluate succeeded despite the panic", noPlan)
		}
		msg := err.Error()
		for _, want := range []string{"t-panics", "role/r", "index out of range"} {
			if !strings.Contains(msg, want) {
				t.Errorf("interpreter only %v: error %q does not name %q", noPlan, msg, want)
			}
		}
		if strings.Contains(msg, "cannot be rule input") {
			t.Errorf("interpreter only %v: error %q blames the input", noPlan, msg)
		}
	}
}

func TestValidRuleID(t *testing.T) {
	for id, want := range map[string]bool{
		"k8s-privileged-container": true, "a.b_c-9": true, "abc": true, "0ab": true,
		"ab": false, "-ab": false, ".ab": false, "Abc": false, "ab c": false, "ab/c": false, "é-ab": false,
		strings.Repeat("a", 80): true, strings.Repeat("a", 81): false,
	} {
		if got := validRuleID(id); got != want {
			t.Errorf("validRuleID(%q) = %v, want %v", id, got, want)
		}
	}
}
