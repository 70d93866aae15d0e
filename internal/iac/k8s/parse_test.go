package k8s

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

func parser() *Parser { return NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New())) }

func TestParseDocumentsAndLines(t *testing.T) {
	src := `# leading comment
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata: {name: api, namespace: shop}
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      template:
        spec:
          containers: [{name: app, image: nginx}]
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
---
name: just-some-yaml
`
	res := parser().Parse("m.yaml", []byte(src))
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	want := []struct {
		typ  string
		line int
	}{{"k8s.core.namespace", 2}, {"k8s.core.service_account", 11}, {"k8s.apps.deployment", 14}}
	if len(res.Resources) != len(want) {
		t.Fatalf("got %d resources, want %d", len(res.Resources), len(want))
	}
	for i, w := range want {
		r := res.Resources[i]
		if r.Type != w.typ || r.Source.Line != w.line || r.Source.File != "m.yaml" {
			t.Errorf("resource %d = %s at line %d, want %s at %d", i, r.Type, r.Source.Line, w.typ, w.line)
		}
	}
	if len(res.Skipped) != 2 || !strings.Contains(res.Skipped[0].Reason, "Widget") || !strings.Contains(res.Skipped[1].Reason, "no apiVersion") {
		t.Fatalf("skipped = %+v", res.Skipped)
	}
}

func TestParseJSON(t *testing.T) {
	res := parser().Parse("p.json", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"a"},"spec":{"hostPID":true,"containers":[{"name":"c","image":"x"}]}}`))
	if len(res.Errors) != 0 || len(res.Resources) != 1 {
		t.Fatalf("errors %v, resources %d", res.Errors, len(res.Resources))
	}
	ps := res.Resources[0].Attributes["pod_spec"].(map[string]any)
	if ps["host_pid"] != true {
		t.Fatalf("pod_spec = %v", ps)
	}
}

func TestParseBadInput(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for i, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		_ = i
		bomb += n + ": &" + n + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = n
	}
	tests := []struct {
		name, src, want string
		line            int
	}{
		{"syntax error", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n", "cannot parse YAML", 0},
		{"invalid utf-8", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \xff\xfe\n", "not valid UTF-8", 4},
		{"alias bomb", bomb, "cannot", 0},
		{"deep nesting", "a: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n", "", 0},
		{"kind without apiVersion", "kind: Pod\nmetadata: {name: x}\n", "apiVersion and kind", 1},
		{"object without name", "apiVersion: v1\nkind: Pod\nmetadata: {}\n", "no metadata.name", 1},
		{"list with bad items", "apiVersion: v1\nkind: List\nitems: 3\n", "must be a list", 1},
		{"duplicate key", "apiVersion: v1\nkind: Pod\nkind: Pod\n", "already defined", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan Result, 1)
			go func() { done <- parser().Parse("bad.yaml", []byte(tt.src)) }()
			var res Result
			select {
			case res = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Parse hangs")
			}
			if len(res.Errors) == 0 {
				t.Fatalf("no error; resources %d", len(res.Resources))
			}
			e := res.Errors[0]
			if e.File != "bad.yaml" || !strings.Contains(e.Message, tt.want) {
				t.Fatalf("error = %+v, want file bad.yaml and %q", e, tt.want)
			}
			if tt.line > 0 && e.Line != tt.line {
				t.Fatalf("error line = %d, want %d", e.Line, tt.line)
			}
		})
	}
}

func TestSecretsNeverKept(t *testing.T) {
	src := `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: a
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"aHVudGVyMg=="}}'
data:
  password: aHVudGVyMg==
stringData:
  token: plain-text-token-value
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: a}
data:
  DB_PASSWORD: hunter2hunter2
  mode: fast
`
	res := parser().Parse("s.yaml", []byte(src))
	if len(res.Resources) != 2 {
		t.Fatalf("resources = %d, errors %v", len(res.Resources), res.Errors)
	}
	for _, r := range res.Resources {
		dump := strings.Join([]string{r.Annotations[lastAppliedKey], toString(r.Attributes)}, " ")
		for _, secret := range []string{"aHVudGVyMg==", "plain-text-token-value", "hunter2hunter2"} {
			if strings.Contains(dump, secret) {
				t.Errorf("%s keeps a secret value %q: %s", r.Kind, secret, dump)
			}
		}
	}
	if keys := res.Resources[0].Attributes["data_keys"].([]any); len(keys) != 2 {
		t.Errorf("secret data_keys = %v, want password and token", keys)
	}
}

// TestListItemLines: every item of a long List is located at its own
// line.
func TestListItemLines(t *testing.T) {
	const n = 1000
	res := parser().Parse("list.yaml", listFile(n))
	if len(res.Resources) != n || len(res.Errors) > 0 {
		t.Fatalf("%d resources, errors %v", len(res.Resources), res.Errors)
	}
	for i, r := range res.Resources {
		if want := 4 + 4*i; r.Source.Line != want || r.Name != fmt.Sprintf("c%d", i) {
			t.Fatalf("item %d: %s at line %d, want c%d at %d", i, r.Name, r.Source.Line, i, want)
		}
	}
}
