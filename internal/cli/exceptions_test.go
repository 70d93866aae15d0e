package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/store"
)

// exceptionsFile writes an exceptions file excepting the storefront's
// privileged container, created today and expiring in days.
func exceptionsFile(t *testing.T, dir, name string, days int, extra string) string {
	t.Helper()
	today := time.Now().UTC()
	body := fmt.Sprintf(`version: 1
exceptions:
  - id: storefront-privileged
    rule: k8s-privileged-container
    resource: {namespace: shop, id: "*Deployment/storefront"}
    reason: vendor agent (SEC-1)
    owner: team-shop
    approved_by: alice
    created: %s
    expires: %s
%s`, today.Format("2006-01-02"), today.AddDate(0, 0, days).Format("2006-01-02"), extra)
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type listedFindings struct {
	Findings []struct {
		ID        string
		RuleID    string `json:"rule_id"`
		Status    string
		Resource  struct{ Name string }
		Exception *struct{ ID, Source string }
	}
}

func (l listedFindings) status(rule, name string) (string, string) {
	for _, f := range l.Findings {
		if f.RuleID == rule && f.Resource.Name == name {
			ex := ""
			if f.Exception != nil {
				ex = f.Exception.ID
			}
			return f.Status, ex
		}
	}
	return "", ""
}

func TestScanWithExceptionsEndToEnd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	ex := exceptionsFile(t, dir, "ex.yaml", 30, "")
	r := run(t, "", "scan", "iac", examples(t), "--store", db, "--exceptions", ex, "--format", "json", "-q")
	if r.code == ExitError {
		t.Fatalf("scan exit %d: %s", r.code, r.stderr)
	}
	var scanned listedFindings
	if err := json.Unmarshal([]byte(r.stdout), &scanned); err != nil {
		t.Fatal(err)
	}
	if st, id := scanned.status("k8s-privileged-container", "storefront"); st != "excepted" || id != "storefront-privileged" {
		t.Fatalf("scan reports the finding %q by %q, want excepted by storefront-privileged", st, id)
	}
	// The default table hides it; --status excepted and JSON show it.
	r = run(t, "", "findings", "list", "--store", db, "--rule", "k8s-privileged-container")
	if r.code != ExitOK || strings.Contains(r.stdout, "storefront") || !strings.Contains(r.stdout, "1 excepted finding not shown") {
		t.Fatalf("default list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, "", "findings", "list", "--store", db, "--status", "excepted")
	if r.code != ExitOK || !strings.Contains(r.stdout, "storefront") || !strings.Contains(r.stdout, "excepted (storefront-privileged)") {
		t.Fatalf("--status excepted: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = run(t, "", "findings", "list", "--store", db, "--all"); !strings.Contains(r.stdout, "excepted (storefront-privileged)") {
		t.Fatalf("--all:\n%s", r.stdout)
	}
	r = run(t, "", "findings", "list", "--store", db, "--format", "json")
	var listed listedFindings
	if err := json.Unmarshal([]byte(r.stdout), &listed); err != nil {
		t.Fatal(err)
	}
	if st, _ := listed.status("k8s-privileged-container", "storefront"); st != "excepted" {
		t.Fatalf("JSON list: status %q, want the excepted finding kept", st)
	}
	// list shows owner, days left and the matched count.
	r = run(t, "", "exceptions", "list", "--store", db, "--format", "json")
	var exs struct {
		Exceptions []struct {
			ID, Owner, State string
			DaysLeft         int `json:"days_left"`
			Matched          int `json:"matched_findings"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &exs); err != nil || len(exs.Exceptions) != 1 {
		t.Fatalf("exceptions list: %v\n%s", err, r.stdout)
	}
	if e := exs.Exceptions[0]; e.Owner != "team-shop" || e.Matched != 1 || e.DaysLeft != 30 || e.State != "active" {
		t.Errorf("listed %+v", e)
	}
	// A scan without --exceptions keeps the set; the finding stays excepted.
	r = run(t, "", "scan", "iac", examples(t), "--store", db, "--format", "json", "-q")
	if st, _ := parseListed(t, r.stdout).status("k8s-privileged-container", "storefront"); st != "excepted" {
		t.Fatalf("scan without --exceptions: %q", st)
	}
	if r = run(t, "", "exceptions", "list", "--store", db); !strings.Contains(r.stdout, "storefront-privileged") {
		t.Fatalf("set changed by a scan without --exceptions:\n%s", r.stdout)
	}
	// A malformed file is exit 2, names file:line and changes nothing.
	bad := exceptionsFile(t, dir, "bad.yaml", 400, "    colour: red\n")
	r = run(t, "", "exceptions", "sync", bad, "--store", db)
	if r.code != ExitError || !strings.Contains(r.stderr, bad+":3:") || !strings.Contains(r.stderr, bad+":11:") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Fatalf("malformed sync: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, "", "scan", "iac", examples(t), "--store", db, "--exceptions", bad, "-q")
	if r.code != ExitError {
		t.Fatalf("scan with a malformed file: exit %d", r.code)
	}
	if r = run(t, "", "exceptions", "list", "--store", db, "--format", "json"); !strings.Contains(r.stdout, `"matched_findings": 1`) {
		t.Fatalf("set after malformed files:\n%s", r.stdout)
	}
	// Removing the exception is recorded and reopens the finding.
	empty := filepath.Join(dir, "empty.yaml")
	if err := os.WriteFile(empty, []byte("version: 1\nexceptions: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r = run(t, "", "exceptions", "sync", empty, "--store", db); r.code != ExitOK || !strings.Contains(r.stdout, "removed  storefront-privileged") {
		t.Fatalf("sync removal: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = run(t, "", "findings", "list", "--store", db, "--status", "open"); !strings.Contains(r.stdout, "storefront") {
		t.Fatalf("open after removal:\n%s", r.stdout)
	}
	r = run(t, "", "exceptions", "history", "storefront-privileged", "--store", db)
	if r.code != ExitOK || !strings.Contains(r.stdout, "added") || !strings.Contains(r.stdout, "removed") || strings.Count(r.stdout, "storefront-privileged") != 2 {
		t.Fatalf("history: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func parseListed(t *testing.T, s string) listedFindings {
	t.Helper()
	var l listedFindings
	if err := json.Unmarshal([]byte(s), &l); err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	return l
}

func TestExceptionsWithoutStore(t *testing.T) {
	dir := t.TempDir()
	ex := exceptionsFile(t, dir, "ex.yaml", 10, "")
	r := run(t, "", "scan", "iac", examples(t), "--exceptions", ex, "--format", "json", "-q")
	if st, _ := parseListed(t, r.stdout).status("k8s-privileged-container", "storefront"); st != "excepted" {
		t.Fatalf("IaC scan without a store: %q", st)
	}
	// check: within 14 days → exit 1, listed; within 5 days → exit 0.
	if r = run(t, "", "exceptions", "check", ex, "--expiring-within", "14d"); r.code != ExitGate || !strings.Contains(r.stdout, "expiring") {
		t.Fatalf("check 14d: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = run(t, "", "exceptions", "check", ex, "--expiring-within", "5d"); r.code != ExitOK {
		t.Fatalf("check 5d: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = run(t, "", "exceptions", "check", filepath.Join(dir, "nope.yaml")); r.code != ExitError {
		t.Fatalf("check missing file: exit %d", r.code)
	}
}

func TestInlineWithoutExpiry(t *testing.T) {
	dir := t.TempDir()
	manifest := "# vigil:ignore k8s-host-network lab cluster\napiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: a}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: x}]\n"
	if err := os.WriteFile(filepath.Join(dir, "app.yaml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(t.TempDir(), "ex.yaml")
	if err := os.WriteFile(empty, []byte("version: 1\nexceptions: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "exceptions", "check", empty, "--iac", dir)
	if r.code != ExitOK || !strings.Contains(r.stdout, "no expiry") || !strings.Contains(r.stdout, "app.yaml:1") {
		t.Fatalf("check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, "", "scan", "iac", dir, "--format", "json", "-q")
	if st, _ := parseListed(t, r.stdout).status("k8s-host-network", "app"); st != "excepted" || r.code != ExitOK {
		t.Fatalf("inline without until: %q, exit %d", st, r.code)
	}
	cfg := filepath.Join(t.TempDir(), "vigil.yaml")
	if err := os.WriteFile(cfg, []byte("version: 1\nexceptions: {require_expiry: true}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r = run(t, "", "--config", cfg, "exceptions", "check", empty, "--iac", dir); r.code != ExitError || !strings.Contains(r.stderr, "app.yaml:1") {
		t.Fatalf("check with require_expiry: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, "", "--config", cfg, "scan", "iac", dir, "--format", "json", "-q")
	if st, _ := parseListed(t, r.stdout).status("k8s-host-network", "app"); st != "open" || r.code != ExitError || !strings.Contains(r.stdout, "require_expiry") {
		t.Fatalf("scan with require_expiry: %q, exit %d\n%s", st, r.code, r.stderr)
	}
}

// TestFindingsListFormats: findings list writes the stored findings in
// every scan format; those for tools keep the excepted finding, with its
// status, and name findings by their fingerprints.
func TestFindingsListFormats(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	ex := exceptionsFile(t, dir, "ex.yaml", 30, "")
	if r := run(t, "", "scan", "iac", examples(t), "--store", db, "--exceptions", ex, "--format", "json", "-q"); r.code == ExitError {
		t.Fatalf("scan exit %d: %s", r.code, r.stderr)
	}
	r := run(t, "", "findings", "list", "--store", db, "--status", "excepted", "--format", "json")
	var listed listedFindings
	if err := json.Unmarshal([]byte(r.stdout), &listed); err != nil || len(listed.Findings) != 1 {
		t.Fatalf("excepted findings: %v\n%s", err, r.stdout)
	}
	fp := listed.Findings[0].ID
	for _, tc := range []struct{ format, want string }{
		{"csv", ",excepted,"},
		{"ocsf", `"status":"Suppressed"`},
		{"sarif", `"ruleId": "k8s-privileged-container"`},
		{"junit", "<skipped"},
		{"html", "storefront-privileged"},
		{"markdown", "k8s-privileged-container"},
	} {
		r := run(t, "", "findings", "list", "--store", db, "--format", tc.format)
		if r.code != ExitOK {
			t.Errorf("--format %s: exit %d: %s", tc.format, r.code, r.stderr)
			continue
		}
		if !strings.Contains(r.stdout, tc.want) {
			t.Errorf("--format %s lacks %q", tc.format, tc.want)
		}
		if tc.format != "markdown" && !strings.Contains(r.stdout, fp) {
			t.Errorf("--format %s does not name the excepted finding %s", tc.format, fp)
		}
	}
}

// TestSyncKeepsApprovedExceptions: an exception approved through the
// service's API survives a sync of a file that does not hold it, is
// listed as such, excepts its finding as "api", and --prune removes it.
func TestSyncKeepsApprovedExceptions(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	ex := exceptionsFile(t, dir, "ex.yaml", 30, "")
	if r := run(t, "", "scan", "iac", examples(t), "--store", db, "--exceptions", ex, "-q"); r.code == ExitError {
		t.Fatalf("scan exit %d: %s", r.code, r.stderr)
	}
	// An admin approves an exception through the API (the store's
	// workflow, which the API calls).
	ctx := context.Background()
	st, _, err := openDSN(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	w := st.(store.ExceptionWorkflow)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	approved := exceptions.Exception{ID: "hostnet-ok", Rule: "k8s-host-network", Resource: exceptions.Selector{Namespace: "shop"}, Reason: "SEC-2",
		Owner: "team-shop", ApprovedBy: "admin", Created: today, Expires: today.AddDate(0, 0, 20), Origin: store.ExceptionFromAPI}
	doc, _ := json.Marshal(approved)
	if err := w.Propose(ctx, store.Proposal{ID: approved.ID, Doc: string(doc), ProposedBy: "op", ProposedAt: today}); err != nil {
		t.Fatal(err)
	}
	rec := store.ExceptionRecord{ID: approved.ID, Rule: approved.Rule, Owner: approved.Owner, Expires: approved.End(), Doc: string(doc)}
	if err := w.Approve(ctx, store.Decision{ID: approved.ID, Version: 1, By: "admin", At: today}, rec); err != nil {
		t.Fatal(err)
	}
	st.Close()

	r := run(t, "", "exceptions", "sync", ex, "--store", db)
	if r.code != ExitOK || !strings.Contains(r.stdout, "kept 1 exception approved through the API that the file does not hold (--prune removes them): hostnet-ok") ||
		!strings.Contains(r.stdout, "0 changes; 2 exceptions in the store") {
		t.Fatalf("sync beside an approval: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = run(t, "", "exceptions", "list", "--store", db); !strings.Contains(r.stdout, "approved through the API") {
		t.Fatalf("list:\n%s", r.stdout)
	}
	r = run(t, "", "findings", "list", "--store", db, "--status", "excepted", "--format", "json")
	sources := map[string]bool{}
	for _, f := range parseListed(t, r.stdout).Findings {
		if f.Exception != nil {
			sources[f.Exception.ID+" "+f.Exception.Source] = true
		}
	}
	if !sources["hostnet-ok api"] || !sources["storefront-privileged file"] {
		t.Fatalf("exception sources of excepted findings: %v", sources)
	}
	r = run(t, "", "exceptions", "sync", ex, "--store", db, "--prune", "--format", "json")
	var out struct {
		Changes []struct{ Event, ID string }
		Kept    []string `json:"kept_approved"`
		Version int64    `json:"set_version"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != ExitOK {
		t.Fatalf("prune: exit %d %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if len(out.Changes) != 1 || out.Changes[0].Event != "removed" || out.Changes[0].ID != "hostnet-ok" || len(out.Kept) != 0 || out.Version < 3 {
		t.Fatalf("prune: %+v", out)
	}
}
