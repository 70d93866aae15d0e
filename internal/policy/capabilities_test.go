package policy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/schemas"
)

// TestOutsideBuiltinsDecided checks that every built-in OPA marks as
// non-deterministic has been judged: it reaches outside the process
// (outsideBuiltins) or is known to be local. A new one in an OPA upgrade
// fails here until someone decides.
func TestOutsideBuiltinsDecided(t *testing.T) {
	local := []string{
		"time.now_ns", "rand.intn", "uuid.rfc4122", // the clock and the random source
		"io.jwt.decode_verify", "io.jwt.encode_sign", "io.jwt.encode_sign_raw", // the same
		"json.match_schema", "json.verify_schema", // remote schemas only from allow_net hosts
	}
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		if !b.Nondeterministic {
			continue
		}
		outside := slices.ContainsFunc(outsideBuiltins(), func(o *ast.Builtin) bool { return o.Name == b.Name })
		if !outside && !slices.Contains(local, b.Name) {
			t.Errorf("%s is non-deterministic: decide whether it reaches outside the process (outsideBuiltins) or not", b.Name)
		}
	}
}

// TestNetBuiltins checks that a rule from a policy directory calling a
// built-in that reaches outside the process fails to load, naming the
// file and line and how to allow it, and that with AllowNetBuiltins it
// loads and runs, from the plan and in the interpreter. Nothing leaves
// the machine: http.send asks a loopback server, net.lookup_ip_addr
// resolves an address.
func TestNetBuiltins(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"msg": "from the server"}`)
	}))
	defer srv.Close()
	tests := []struct {
		builtin, body string
	}{
		{"http.send", fmt.Sprintf(`
deny contains resp.body.msg if {
	resp := http.send({"method": "GET", "url": %q})
}
`, srv.URL)},
		{"net.lookup_ip_addr", `
deny contains "resolved" if {
	"127.0.0.1" in net.lookup_ip_addr("127.0.0.1")
}
`},
		{"opa.runtime", `
deny contains "runtime" if is_object(opa.runtime())
`},
	}
	for _, tt := range tests {
		t.Run(tt.builtin, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "net.rego")
			src := rule("t-net", "k8s.core.namespace", tt.body)
			if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
				t.Fatal(err)
			}
			line := 0
			for i, l := range strings.Split(src, "\n") {
				if strings.Contains(l, tt.builtin+"(") {
					line = i + 1
				}
			}
			opts := Options{Schemas: schemas.FS, PolicyDirs: []string{dir}}
			_, err := Load(context.Background(), opts)
			want := fmt.Sprintf("%s:%d: %s reaches outside the process", file, line, tt.builtin)
			var es Errors
			if err == nil || !errors.As(err, &es) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "--allow-net-builtins") {
				t.Fatalf("Load: %v; want a located error containing %q and saying how to allow it", err, want)
			}

			opts.AllowNetBuiltins = true
			e, err := Load(context.Background(), opts)
			if err != nil {
				t.Fatalf("Load with AllowNetBuiltins: %v", err)
			}
			for _, noPlan := range []bool{false, true} {
				e.noPlan = noPlan
				res := evalWith(t, e, []*model.Resource{{ID: "ns/a", Type: "k8s.core.namespace", Name: "a"}}, func() {})
				if len(res) != 1 {
					t.Errorf("interpreter only %v: %d results, want the rule to fire once: %+v", noPlan, len(res), res)
				}
			}
		})
	}
}

// TestRemoteSchemaRefused checks that json.match_schema fetches a remote
// schema only with AllowNetBuiltins.
func TestRemoteSchemaRefused(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"type": "object"}`)
	}))
	defer srv.Close()
	body := fmt.Sprintf(`
deny contains "matched" if {
	[true, _] = json.match_schema({}, {"$ref": %q})
}
`, srv.URL+"/schema.json")
	for _, allow := range []bool{false, true} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "schema.rego"), []byte(rule("t-schema", "k8s.core.namespace", body)), 0o600); err != nil {
			t.Fatal(err)
		}
		e, err := Load(context.Background(), Options{Schemas: schemas.FS, PolicyDirs: []string{dir}, AllowNetBuiltins: allow})
		if err != nil {
			t.Fatal(err)
		}
		for _, noPlan := range []bool{false, true} {
			e.noPlan = noPlan
			hits.Store(0)
			res := evalWith(t, e, []*model.Resource{{ID: "ns/a", Type: "k8s.core.namespace", Name: "a"}}, func() {})
			if fetched := hits.Load() > 0; fetched != allow || (len(res) == 1) != allow {
				t.Errorf("allowed %v, interpreter only %v: schema fetched %v, %d results; want both only when allowed", allow, noPlan, fetched, len(res))
			}
		}
	}
}

// TestImportNamedLikeNetBuiltin checks that a call through an import
// that shadows a built-in's namespace (import data.http; http.send(x))
// is the user's function, which loads without AllowNetBuiltins.
func TestImportNamedLikeNetBuiltin(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"http.rego": "package http\n\nimport rego.v1\n\nsend(x) := x\n",
		"rule.rego": strings.Replace(rule("t-own-send", "k8s.core.namespace", `
deny contains "sent" if http.send(1) == 1
`), "import rego.v1", "import rego.v1\n\nimport data.http", 1),
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	e, err := Load(context.Background(), Options{Schemas: schemas.FS, PolicyDirs: []string{dir}})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if res := evalWith(t, e, []*model.Resource{{ID: "ns/a", Type: "k8s.core.namespace", Name: "a"}}, func() {}); len(res) != 1 {
		t.Fatalf("%d results, want the rule to fire once", len(res))
	}
}

// TestNetBuiltinWith: replacing a built-in that reaches outside the
// process with "with" is refused the same way as calling it.
func TestNetBuiltinWith(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "with.rego")
	body := "f(_) := {\"body\": {}}\n\ng := 1\n\ndeny contains \"x\" if {\n\tg with http.send as f\n}\n"
	src := rule("t-with-net", "k8s.core.namespace", body)
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	line := strings.Count(src[:strings.Index(src, "with http.send")], "\n") + 1
	_, err := Load(context.Background(), Options{Schemas: schemas.FS, PolicyDirs: []string{dir}})
	if want := fmt.Sprintf("%s:%d: http.send reaches outside the process", file, line); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Load: %v; want %q", err, want)
	}
}
