package policy

import (
	"context"
	"io/fs"
	"reflect"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vigil-cspm/vigil/internal/benchgen"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/secrets"
	"github.com/vigil-cspm/vigil/rules"
)

// TestPrecheckDecisions checks, rule by rule, which inputs a precheck lets
// through: it must let through every input the rule could deny.
func TestPrecheckDecisions(t *testing.T) {
	pod := func(spec map[string]any) map[string]any {
		return map[string]any{"namespace": "a", "attributes": map[string]any{"pod_spec": spec}}
	}
	tests := []struct {
		name     string
		body     string
		analysed bool
		may      map[string]any
		mayNot   map[string]any
	}{
		{"equals a constant", "deny contains \"x\" if {\n\tinput.attributes.pod_spec.host_ipc == true\n}\n", true,
			pod(map[string]any{"host_ipc": true}), pod(map[string]any{"host_ipc": false})},
		{"equals, absent", "deny contains \"x\" if {\n\tinput.attributes.pod_spec.host_ipc == true\n}\n", true,
			pod(map[string]any{"host_ipc": true}), pod(map[string]any{})},
		{"equals a number", "deny contains \"x\" if {\n\tinput.attributes.pod_spec.security_context.run_as_user == 0\n}\n", true,
			pod(map[string]any{"security_context": map[string]any{"run_as_user": int64(0)}}), pod(map[string]any{"security_context": map[string]any{"run_as_user": 1000.0}})},
		{"truthy", "deny contains \"x\" if {\n\tinput.attributes.pod_spec.host_pid\n}\n", true,
			pod(map[string]any{"host_pid": "yes"}), pod(map[string]any{"host_pid": false})},
		{"defined through an assignment", "deny contains \"x\" if {\n\tt := input.attributes.pod_spec.security_context.seccomp_profile.type\n\tt != \"RuntimeDefault\"\n}\n", true,
			pod(map[string]any{"security_context": map[string]any{"seccomp_profile": map[string]any{"type": "Unconfined"}}}),
			pod(map[string]any{"security_context": map[string]any{}})},
		{"prefix of an iteration", "deny contains \"x\" if {\n\tsome c in input.attributes.pod_spec.containers\n\tcount(c.ports) > 0\n}\n", true,
			pod(map[string]any{"containers": []any{map[string]any{"ports": []any{}}}}), pod(map[string]any{})},
		{"iteration needs an element", "deny contains \"x\" if {\n\tsome c in input.attributes.pod_spec.containers\n\tcount(c.ports) > 0\n}\n", true,
			pod(map[string]any{"containers": []any{map[string]any{"ports": []any{}}}}), pod(map[string]any{"containers": []any{}})},
		{"a check on some element", "deny contains \"x\" if {\n\tsome c in input.attributes.pod_spec.containers\n\tc.name == \"x\"\n}\n", true,
			pod(map[string]any{"containers": []any{map[string]any{"name": "y"}, map[string]any{"name": "x"}}}),
			pod(map[string]any{"containers": []any{map[string]any{"name": "y"}}})},
		{"nested iteration", "deny contains \"x\" if {\n\tsome c in input.attributes.pod_spec.containers\n\tsome p in c.ports\n\tp.host_port != 0\n}\n", true,
			pod(map[string]any{"containers": []any{map[string]any{"ports": []any{map[string]any{"container_port": 80.0}, map[string]any{"host_port": 80.0}}}}}),
			pod(map[string]any{"containers": []any{map[string]any{"ports": []any{map[string]any{"container_port": 80.0}}}}})},
		{"iteration over an object", "deny contains \"x\" if {\n\tsome k, v in input.attributes.pod_metadata.annotations\n\tstartswith(k, \"a\")\n\tv == \"b\"\n}\n", true,
			map[string]any{"attributes": map[string]any{"pod_metadata": map[string]any{"annotations": map[string]any{"a1": "b"}}}},
			map[string]any{"attributes": map[string]any{"pod_metadata": map[string]any{"annotations": map[string]any{}}}}},
		{"library containers", "deny contains \"x\" if {\n\tsome e in data.vigil.lib.k8s.pod_containers\n\te.container.security_context.privileged == true\n}\n", true,
			pod(map[string]any{"containers": []any{map[string]any{}}, "init_containers": []any{map[string]any{"security_context": map[string]any{"privileged": true}}}}),
			pod(map[string]any{"containers": []any{map[string]any{"security_context": map[string]any{"privileged": false}}}})},
		{"library containers' added capabilities", "deny contains \"x\" if {\n\tsome e in data.vigil.lib.k8s.pod_containers\n\tsome c in e.add\n\tc.name != \"NET_BIND_SERVICE\"\n}\n", true,
			pod(map[string]any{"ephemeral_containers": []any{map[string]any{"security_context": map[string]any{"capabilities": map[string]any{"add": []any{"SYS_ADMIN"}}}}}}),
			pod(map[string]any{"containers": []any{map[string]any{"security_context": map[string]any{"capabilities": map[string]any{"add": []any{}, "drop": []any{"ALL"}}}}}})},
		{"a derived set is not an input value", "deny contains \"x\" if {\n\tsome e in data.vigil.lib.k8s.pod_containers\n\t\"ALL\" in e.drop\n\te.name == \"a\"\n}\n", false,
			pod(map[string]any{"containers": []any{map[string]any{"name": "a"}}}), nil},
		{"nested call operand", "deny contains \"x\" if {\n\tcount(input.attributes.pod_spec.volumes) > 1\n}\n", true,
			pod(map[string]any{"volumes": []any{1.0, 2.0}}), pod(map[string]any{})},
		{"negation is not a check", "deny contains \"x\" if {\n\tnot input.attributes.pod_spec.host_ipc\n}\n", false,
			pod(map[string]any{}), nil},
		{"either body may deny", "deny contains \"x\" if {\n\tinput.attributes.pod_spec.host_ipc == true\n}\n\ndeny contains \"y\" if {\n\tinput.attributes.pod_spec.host_pid == true\n}\n", true,
			pod(map[string]any{"host_pid": true}), pod(map[string]any{"host_ipc": false, "host_pid": false})},
		{"one body without checks", "deny contains \"x\" if {\n\tinput.attributes.pod_spec.host_ipc == true\n}\n\ndeny contains \"y\" if {\n\tnot input.attributes.pod_spec.host_pid\n}\n", false,
			pod(map[string]any{}), nil},
		{"with may replace input", "deny contains \"x\" if {\n\tinput.attributes.pod_spec.host_ipc == true\n\tdata.vigil.rules.test.t_with.helper with input as {}\n}\n\nhelper := true\n", false,
			pod(map[string]any{}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := load(t, withK8sLibrary(t, map[string]string{"a.rego": rule("t-with", "k8s.core.pod", tt.body)}))
			if err != nil {
				t.Fatal(err)
			}
			q, err := e.prepared("k8s.core.pod")
			if err != nil {
				t.Fatal(err)
			}
			p := q.pre[0]
			if (p != nil) != tt.analysed {
				t.Fatalf("precheck = %v, want analysed %v", p, tt.analysed)
			}
			if !p.may(tt.may) {
				t.Errorf("precheck skips an input the rule may deny: %v", tt.may)
			}
			if tt.mayNot != nil && p.may(tt.mayNot) {
				t.Errorf("precheck lets through an input the rule cannot deny: %v", tt.mayNot)
			}
		})
	}
}

// TestCheckHolds covers the Go value shapes a check reads.
func TestCheckHolds(t *testing.T) {
	in := map[string]any{"a": map[string]any{"s": "x", "l": []any{1.0}, "n": nil, "o": struct{}{}}, "labels": map[string]string{"app": "web"}}
	tests := []struct {
		c    check
		want bool
	}{
		{check{kind: checkDefined, path: []any{"a", "s", "deeper"}}, false}, // a scalar where the path goes on
		{check{kind: checkDefined, path: []any{"a", "l", 0}}, true},
		{check{kind: checkDefined, path: []any{"a", "l", 1}}, false},
		{check{kind: checkDefined, path: []any{"a", "l", "k"}}, false},
		{check{kind: checkDefined, path: []any{"a", "n", "k"}}, false},
		{check{kind: checkDefined, path: []any{"a", "o", "k"}}, true}, // not a JSON shape: cannot tell
		{check{kind: checkEquals, path: []any{"a", "l", 0}, value: ast.Number("1")}, true},
		{check{kind: checkEquals, path: []any{"a", "l", 0}, value: ast.Number("1.5")}, false},
		{check{kind: checkEquals, path: []any{"a", "s"}, value: ast.String("x")}, true},
		{check{kind: checkEquals, path: []any{"a", "s"}, value: ast.Boolean(true)}, false},
		{check{kind: checkEquals, path: []any{"a", "n"}, value: ast.Null{}}, true},
		{check{kind: checkEquals, path: []any{"a", "o"}, value: ast.String("x")}, true},
		{check{kind: checkTruthy, path: []any{"a", "n"}}, true},
		{check{kind: checkEquals, path: []any{"labels", "app"}, value: ast.String("web")}, true},
		{check{kind: checkEquals, path: []any{"labels", "app"}, value: ast.String("db")}, false},
		{check{kind: checkDefined, path: []any{"labels", "tier"}}, false},
		{check{kind: checkDefined, path: []any{"labels", "app", "x"}}, false},
	}
	for i, tt := range tests {
		if got := tt.c.holds(in); got != tt.want {
			t.Errorf("%d: %v holds = %v, want %v", i, tt.c.path, got, tt.want)
		}
	}
}

// TestPrecheckAgrees evaluates the whole library over a generated cluster
// with and without prechecks: the results must be the same, and the
// prechecks must have left rules out.
func TestPrecheckAgrees(t *testing.T) {
	e, resources := libraryAndCluster(t, 4000, 3)
	want := evalWith(t, e, resources, func() { e.noPrecheck = true })
	got := evalWith(t, e, resources, func() { e.noPrecheck = false })
	sameResults(t, "with prechecks", got, "without", want)
	skipped, total := 0, 0
	for _, r := range resources {
		q, err := e.prepared(r.Type)
		if err != nil {
			t.Fatal(err)
		}
		if q == nil {
			continue
		}
		for _, p := range q.pre {
			total++
			if !p.may(r.Input()) {
				skipped++
			}
		}
	}
	if skipped == 0 {
		t.Fatalf("prechecks left out none of %d rule evaluations", total)
	}
	t.Logf("prechecks left out %d of %d rule evaluations (%.0f%%)", skipped, total, 100*float64(skipped)/float64(total))
}

// libraryAndCluster loads the embedded library, precompiled as the binary
// loads it, and normalizes n generated objects.
func libraryAndCluster(t testing.TB, n int, seed uint64) (*Engine, []*model.Resource) {
	t.Helper()
	e := precompiledLibrary(t)
	norm := kube.NewNormalizer(kube.NewCatalog(), secrets.New())
	var resources []*model.Resource
	for _, obj := range benchgen.Objects(n, seed) {
		r, err := norm.Normalize(obj, "c", model.Source{Kind: model.SourceLive})
		if err != nil {
			t.Fatal(err)
		}
		resources = append(resources, r)
	}
	return e, resources
}

// evalWith evaluates resources after set has configured e.
func evalWith(t testing.TB, e *Engine, resources []*model.Resource, set func()) []Result {
	t.Helper()
	set()
	inv := NewInventory(resources, nil)
	res, err := e.Evaluate(context.Background(), inv, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// sameResults fails t unless got and want hold the same results, naming
// the first that differs; want must hold some, or the comparison would
// prove nothing.
func sameResults(t *testing.T, gotName string, got []Result, wantName string, want []Result) {
	t.Helper()
	if len(want) == 0 {
		t.Fatal("no findings: the comparison proves nothing")
	}
	if reflect.DeepEqual(got, want) {
		return
	}
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("result %d differs:\n%s: %+v\n%s: %+v", i, gotName, got[i], wantName, want[i])
		}
	}
	t.Fatalf("%s: %d results, %s: %d", gotName, len(got), wantName, len(want))
}

// TestLibElementsMatchLibrary checks what libElements says of the
// library's k8s.pod_containers against the library itself, over a
// generated cluster: every element's container is one of the pod spec's,
// and an element adds or drops capabilities only when its container's
// capabilities list some.
func TestLibElementsMatchLibrary(t *testing.T) {
	const body = `
_all := [c | some g in ["init_containers", "containers", "ephemeral_containers"]; some c in object.get(input.attributes.pod_spec, g, [])]

deny contains "an element's container is not one of the pod spec's" if {
	some e in data.vigil.lib.k8s.pod_containers
	not e.container in _all
}

deny contains "not every container has an element" if count(data.vigil.lib.k8s.pod_containers) != count(_all)

deny contains sprintf("an element's %s is not empty while its container's capabilities.%s is", [f, f]) if {
	some e in data.vigil.lib.k8s.pod_containers
	some f in ["add", "drop"]
	count(e[f]) > 0
	count(object.get(e.container, ["security_context", "capabilities", f], [])) == 0
}
`
	e, err := load(t, withK8sLibrary(t, map[string]string{"a.rego": rule("t-lib-elements", "k8s.core.pod, k8s.apps.deployment, k8s.apps.stateful_set, k8s.apps.daemon_set, k8s.batch.job, k8s.batch.cron_job", body)}))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range libElements["data.vigil.lib.k8s.pod_containers"]["container"].alts {
		if len(p) != 4 {
			t.Fatalf("container path %v: want attributes.pod_spec.<group>[_]", p)
		}
	}
	_, resources := libraryAndCluster(t, 2000, 7)
	res := evalWith(t, e, resources, func() { e.noPrecheck = true })
	for _, r := range res {
		t.Errorf("%s: %s", r.Resource.ID, r.Message)
	}
}

// withK8sLibrary adds the library's Kubernetes helper modules to files.
func withK8sLibrary(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	for _, lib := range []string{"lib/k8s.rego", "lib/podsec.rego"} {
		b, err := fs.ReadFile(rules.FS, lib)
		if err != nil {
			t.Fatal(err)
		}
		files[lib] = string(b)
	}
	return files
}
