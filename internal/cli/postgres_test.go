package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/pgtest"
)

// postgresFixed starts PostgreSQL, scans a directory holding a pod that
// shares the host's IPC namespace into a new database, fixes the pod, and
// returns the DSN and the directory for the test's second scan.
func postgresFixed(t *testing.T) (dsn, dir string) {
	t.Helper()
	bin := pgtest.Require(t)
	srv, err := pgtest.Start(context.Background(), bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	if dsn, err = srv.NewDatabase(context.Background()); err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	file := filepath.Join(dir, "app.yaml")
	bad := "apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: a}\nspec:\n  hostIPC: true\n  containers: [{name: c, image: x}]\n"
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "", "scan", "iac", dir, "--store", dsn, "-q"); r.code != ExitOK {
		t.Fatalf("first scan: exit %d %s", r.code, r.stderr)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(bad, "hostIPC: true", "hostIPC: false", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return dsn, dir
}

// TestPostgresStore runs the manifest-scan lifecycle against a real
// PostgreSQL through --store postgres://….
func TestPostgresStore(t *testing.T) {
	dsn, dir := postgresFixed(t)
	if d := parseDoc(t, run(t, "", "scan", "iac", dir, "--store", dsn, "--format", "json").stdout); d.Summary.Resolved != 1 {
		t.Fatalf("second scan resolved %d, want 1", d.Summary.Resolved)
	}
	r := run(t, "", "findings", "list", "--store", dsn, "--status", "resolved")
	if r.code != ExitOK || !strings.Contains(r.stdout, "k8s-host-ipc") {
		t.Fatalf("findings list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Triage reads the same from PostgreSQL: show names the related
	// namespace from the stored inventory, and resolved findings are
	// never overdue.
	r = run(t, "", "findings", "list", "--store", dsn, "--status", "resolved", "--group-by", "rule", "--overdue")
	if r.code != ExitOK || strings.Contains(r.stdout, "k8s-host-ipc") {
		t.Fatalf("a resolved finding is overdue:\n%s%s", r.stdout, r.stderr)
	}
	r = run(t, "", "findings", "list", "--store", dsn, "--all", "--format", "json")
	var l listedFindings
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil || len(l.Findings) == 0 {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	r = run(t, "", "findings", "show", l.Findings[0].ID[:10], "--store", dsn)
	if r.code != ExitOK || !strings.Contains(r.stdout, "Finding      "+l.Findings[0].ID) || !strings.Contains(r.stdout, "History") || !strings.Contains(r.stdout, "in_namespace  k8s://manifests/_/core/Namespace/a") {
		t.Fatalf("findings show: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, "", "findings", "list", "--store", "postgres://nobody:secret@127.0.0.1:1/none"); r.code != ExitError || strings.Contains(r.stderr, "secret") {
		t.Fatalf("unreachable store: exit %d, stderr %q (must not show the password)", r.code, r.stderr)
	}
}
