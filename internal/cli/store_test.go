package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestStoreCompact: store compact reads the retention of vigil.yaml; a
// dry run counts a finding resolved before the cutoff and changes
// nothing, the real run removes it, and a finding still open stays
// whatever its age.
func TestStoreCompact(t *testing.T) {
	now := time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC)
	dir, db := t.TempDir(), filepath.Join(t.TempDir(), "vigil.db")
	fixed := filepath.Join(dir, "fixed.yaml")
	bad := "apiVersion: v1\nkind: Pod\nmetadata: {name: fixed, namespace: a}\nspec:\n  hostIPC: true\n  containers: [{name: c, image: x}]\n"
	files := map[string]string{
		fixed:                           bad,
		filepath.Join(dir, "open.yaml"): "apiVersion: v1\nkind: Pod\nmetadata: {name: open, namespace: a}\nspec:\n  hostPID: true\n  containers: [{name: c, image: x}]\n",
	}
	for p, src := range files {
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := now.Add(-100 * 24 * time.Hour)
	if r := runAt(t, old, "scan", "iac", dir, "--store", db, "-q"); r.code != ExitOK {
		t.Fatalf("first scan: exit %d %s", r.code, r.stderr)
	}
	if err := os.WriteFile(fixed, []byte(strings.Replace(bad, "hostIPC: true", "hostIPC: false", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runAt(t, old.Add(time.Hour), "scan", "iac", dir, "--store", db, "-q"); r.code != ExitOK {
		t.Fatalf("second scan: exit %d %s", r.code, r.stderr)
	}
	cfg := writeConfig(t, "version: 1\nserve:\n  retention:\n    history: 60d\n    audit_period: 30d\n")

	r := runAt(t, now, "--config", cfg, "store", "compact", "--store", db, "--dry-run", "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("compact --dry-run: exit %d %s", r.code, r.stderr)
	}
	var dry struct {
		Before        time.Time `json:"before"`
		DryRun        bool      `json:"dry_run"`
		Findings      int       `json:"findings"`
		FindingEvents int       `json:"finding_events"`
		Scans         int       `json:"scans"`
		History       string    `json:"history"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &dry); err != nil {
		t.Fatalf("compact JSON: %v\n%s", err, r.stdout)
	}
	if !dry.DryRun || dry.Findings != 1 || dry.FindingEvents < 2 || dry.Scans != 1 || dry.History != "60d" || !dry.Before.Equal(now.Add(-60*24*time.Hour)) {
		t.Fatalf("dry run: %+v\n%s", dry, r.stdout)
	}
	if r := run(t, "", "findings", "list", "--store", db, "--status", "resolved"); !strings.Contains(r.stdout, "k8s-host-ipc") {
		t.Fatalf("a dry run removed the resolved finding:\n%s%s", r.stdout, r.stderr)
	}

	r = runAt(t, now, "--config", cfg, "store", "compact", "--store", db)
	if r.code != ExitOK || !strings.Contains(r.stdout, "Removed history before 2027-04-02") || !regexp.MustCompile(`(?m)^resolved findings +1$`).MatchString(r.stdout) {
		t.Fatalf("compact: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, "", "findings", "list", "--store", db, "--status", "resolved"); strings.Contains(r.stdout, "k8s-host-ipc") {
		t.Errorf("the finding resolved 100 days ago survived a 60d retention:\n%s", r.stdout)
	}
	if r := run(t, "", "findings", "list", "--store", db, "--status", "open"); !strings.Contains(r.stdout, "k8s-host-pid") {
		t.Errorf("compaction removed an open finding:\n%s%s", r.stdout, r.stderr)
	}
}

// TestStoreBackup: store backup writes a copy other commands read as a
// store, prints what it verified, and for PostgreSQL exits 2 with the
// pg_dump command to run, never echoing the password.
func TestStoreBackup(t *testing.T) {
	db := filepath.Join(t.TempDir(), "vigil.db")
	if r := run(t, "", "scan", "iac", examples(t), "--store", db, "-q"); r.code != ExitOK {
		t.Fatalf("scan: exit %d %s", r.code, r.stderr)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	r := run(t, "", "store", "backup", "--store", db, "--output", backup, "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("backup: exit %d %s", r.code, r.stderr)
	}
	var got struct {
		Store     string `json:"store"`
		Path      string `json:"path"`
		Integrity string `json:"integrity"`
		Schema    int    `json:"schema"`
		Tables    []struct {
			Table string `json:"table"`
			Rows  int    `json:"rows"`
		} `json:"tables"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("backup JSON: %v\n%s", err, r.stdout)
	}
	findings := -1
	for _, tr := range got.Tables {
		if tr.Table == "findings" {
			findings = tr.Rows
		}
	}
	if got.Store != db || got.Path != backup || got.Integrity != "ok" || got.Schema < 6 || findings <= 0 {
		t.Fatalf("backup summary %+v", got)
	}
	orig := run(t, "", "findings", "list", "--store", db, "--format", "json")
	copied := run(t, "", "findings", "list", "--store", backup, "--format", "json")
	if copied.code != ExitOK || copied.stdout != orig.stdout {
		t.Errorf("the backup's findings differ from the store's: exit %d %s", copied.code, copied.stderr)
	}
	if r := run(t, "", "store", "backup", "--store", db, "--output", backup); r.code != ExitOK || !strings.Contains(r.stdout, "integrity ok") {
		t.Errorf("a second backup over the first: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// To stdout: the bytes are the verified copy, the summary on stderr.
	r = run(t, "", "store", "backup", "--store", db, "--output", "-")
	streamed := filepath.Join(t.TempDir(), "streamed.db")
	if err := os.WriteFile(streamed, []byte(r.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	if r.code != ExitOK || !strings.Contains(r.stderr, "integrity ok") {
		t.Fatalf("backup to stdout: exit %d %s", r.code, r.stderr)
	}
	if got := run(t, "", "findings", "list", "--store", streamed, "--format", "json"); got.code != ExitOK || got.stdout != orig.stdout {
		t.Errorf("the backup written to stdout differs from the store: exit %d %s", got.code, got.stderr)
	}
	if r := run(t, "", "store", "backup", "--store", db, "--output", t.TempDir()); r.code != ExitError || !strings.Contains(r.stderr, "not a regular file") {
		t.Errorf("backup onto a directory: exit %d %s", r.code, r.stderr)
	}

	r = run(t, "", "store", "backup", "--store", "postgres://vigil:s3cret@db.internal:5432/vigil?sslmode=require", "--output", "vigil.dump")
	if r.code != ExitError || !strings.Contains(r.stderr, "pg_dump --format=custom --no-owner --file=vigil.dump 'postgres://vigil@db.internal:5432/vigil?sslmode=require'") || strings.Contains(r.stderr, "s3cret") {
		t.Errorf("PostgreSQL backup: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if r := run(t, "", "store", "backup", "--store", db); r.code != ExitError || !strings.Contains(r.stderr, "--output") {
		t.Errorf("backup without --output: exit %d %s", r.code, r.stderr)
	}
}
