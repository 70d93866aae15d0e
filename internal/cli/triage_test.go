package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/kubetest"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// triageT0 is when the triage tests' scans run.
var triageT0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// triageStore fills a store with real scans at triageT0: the examples
// (manifests, CloudFormation, a Terraform plan) and testdata/triage/infra
// as IaC, and the recorded misconfigured AWS account live. Paths are
// relative so that fingerprints do not depend on the checkout.
func triageStore(t *testing.T) (db, cfg string) {
	t.Helper()
	awsReplay(t, "misconfigured")
	db = filepath.Join(t.TempDir(), "vigil.db")
	cfg = filepath.Join("testdata", "triage", "vigil.yaml")
	for _, args := range [][]string{
		{"scan", "iac", filepath.Join("..", "..", "examples"), filepath.Join("testdata", "triage", "infra")},
		{"scan", "aws"},
	} {
		r := runAt(t, triageT0, append([]string{"--config", cfg}, append(args, "--store", db, "--format", "json", "-q")...)...)
		if r.code != ExitOK && r.code != ExitGate {
			t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
		// The scan's own output carries owners and due dates too.
		var out listedTriage
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatal(err)
		}
		for _, f := range out.Findings {
			if f.Triage == nil || f.Severity != "info" && (f.Triage.Due == nil || !f.Triage.Due.After(triageT0)) || f.Resource.Account == "111111111111" && f.Triage.Owner == "" {
				t.Fatalf("%v reports %s on %s with triage %+v", args, f.RuleID, f.Resource.Name, f.Triage)
			}
		}
	}
	return db, cfg
}

// scoreRisk stores risk scores on some of the stored findings (scans do
// not score yet), keyed by "rule resource-name source-kind", by recording them
// again in a scan that evaluates nothing (so resolves nothing).
func scoreRisk(t *testing.T, db string, risks map[string]*model.Risk) {
	t.Helper()
	ctx := context.Background()
	st, _, err := openDSN(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fs, err := st.Findings(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	bySource := map[string][]model.Finding{}
	n := 0
	for _, f := range fs {
		if r := risks[f.RuleID+" "+f.Resource.Name+" "+f.Resource.Source.Kind]; r != nil {
			f.Risk = r
			src := "aws"
			if f.Resource.Source.Kind == model.SourceIaC {
				src = "iac"
			}
			bySource[src] = append(bySource[src], f)
			n++
		}
	}
	if n != len(risks) {
		t.Fatalf("scored %d findings, want %d", n, len(risks))
	}
	for src, fs := range bySource {
		sc := &model.Scan{ID: "risk-" + src, Source: src, Status: model.ScanComplete, StartedAt: triageT0, FinishedAt: triageT0, Coverage: []model.Coverage{}, Errors: []model.InputError{}}
		if src == "aws" {
			sc.Account = "111111111111"
		}
		rec, err := st.Begin(ctx, sc, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rec.Scope(ctx, nil, fs); err != nil {
			t.Fatal(err)
		}
		if _, err := rec.Finish(ctx, store.Finish{Evaluated: map[string]bool{}}); err != nil {
			t.Fatal(err)
		}
	}
}

var risks = map[string]*model.Risk{
	"aws-s3-public-bucket public-assets live": {Score: 88, Factors: []model.RiskFactor{
		{Name: "severity", Points: 40, Detail: "critical"}, {Name: "exposure", Points: 36, Detail: "public-read ACL and a public bucket policy"}, {Name: "data_sensitivity", Points: 12, Detail: "tagged data-classification=internal"}},
		Path: []string{"internet", "arn:aws:s3:::public-assets"}},
	"k8s-privileged-container storefront iac": {Score: 74, Factors: []model.RiskFactor{
		{Name: "severity", Points: 40, Detail: "critical"}, {Name: "exposure", Points: 26, Detail: "hostPort 8080 on the node's network"}, {Name: "privilege", Points: 8, Detail: "bound to cluster-admin"}}},
	"aws-lambda-url-no-auth OrdersFunction iac": {Score: 61, Factors: []model.RiskFactor{
		{Name: "severity", Points: 30, Detail: "high"}, {Name: "exposure", Points: 31, Detail: "function URL without auth"}}},
}

type listedTriage struct {
	Findings []triagedFinding
}

type triagedFinding struct {
	ID        string
	RuleID    string `json:"rule_id"`
	Severity  string
	Status    string
	FirstSeen time.Time `json:"first_seen"`
	Resource  struct {
		ID, Name, Account string
		Source            struct{ Kind, File string }
	}
	Risk   *model.Risk
	Triage *model.Triage
}

func listTriage(t *testing.T, now time.Time, args ...string) []triagedFinding {
	t.Helper()
	r := runAt(t, now, append([]string{"findings", "list", "--format", "json"}, args...)...)
	if r.code != ExitOK {
		t.Fatalf("findings list %v: exit %d\n%s", args, r.code, r.stderr)
	}
	var l listedTriage
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	return l.Findings
}

func find(fs []triagedFinding, rule, name, kind string) *triagedFinding {
	for i, f := range fs {
		if f.RuleID == rule && f.Resource.Name == name && f.Resource.Source.Kind == kind {
			return &fs[i]
		}
	}
	return nil
}

// TestTriageOwnersDueAndLinks: over real IaC and AWS scans, owners come
// from tags/labels and from each kind of owners.map entry, due dates
// from first seen, overdue flips with the clock, and the public bucket
// both scans see is one finding: the live one, naming the file.
func TestTriageOwnersDueAndLinks(t *testing.T) {
	db, cfg := triageStore(t)
	day1, day4 := triageT0.Add(24*time.Hour), triageT0.Add(4*24*time.Hour)
	fs := listTriage(t, day1, "--config", cfg, "--store", db)
	for _, tc := range []struct {
		rule, name, kind, owner, from string
	}{
		{"aws-s3-public-bucket", "acme-site", "iac", "web", "label team"},
		{"aws-lambda-url-no-auth", "OrdersFunction", "iac", "orders", "label team"},
		{"aws-ec2-vpc-flow-logs", "orders-dev", "iac", "orders-team", "vigil.yaml owners.map[2]"},
		{"k8s-privileged-container", "storefront", "iac", "shop-team", "vigil.yaml owners.map[1]"},
		{"aws-s3-public-bucket", "public-assets", "live", "web", "label team"},
		{"aws-iam-root-mfa", "111111111111", "live", "platform", "vigil.yaml owners.map[0]"},
		{"aws-s3-public-bucket", "public-assets", "iac", "", ""},
	} {
		f := find(fs, tc.rule, tc.name, tc.kind)
		if f == nil || f.Triage == nil {
			t.Fatalf("no triaged %s finding %s on %s: %+v", tc.kind, tc.rule, tc.name, f)
		}
		if f.Triage.Owner != tc.owner || f.Triage.OwnerFrom != tc.from {
			t.Errorf("%s %s: owner %q from %q, want %q from %q", tc.rule, tc.name, f.Triage.Owner, f.Triage.OwnerFrom, tc.owner, tc.from)
		}
	}
	crit := find(fs, "k8s-privileged-container", "storefront", "iac")
	if want := triageT0.Add(3 * 24 * time.Hour); !crit.FirstSeen.Equal(triageT0) || crit.Triage.Due == nil || !crit.Triage.Due.Equal(want) || crit.Triage.Overdue {
		t.Errorf("critical on day 1: first seen %v, due %v overdue %v; want due %v, not overdue", crit.FirstSeen, crit.Triage.Due, crit.Triage.Overdue, want)
	}
	// Day 4: the criticals are overdue (3d), the highs (14d) are not.
	over := listTriage(t, day4, "--config", cfg, "--store", db, "--overdue")
	if len(over) == 0 {
		t.Fatal("nothing overdue on day 4")
	}
	for _, f := range over {
		if f.Severity != "critical" || !f.Triage.Overdue || f.Status != "open" {
			t.Errorf("overdue on day 4: %s %s %s %+v", f.Severity, f.RuleID, f.Status, f.Triage)
		}
	}
	if f := find(over, "k8s-privileged-container", "storefront", "iac"); f == nil {
		t.Error("the storefront's critical is not overdue on day 4")
	}
	if n := len(listTriage(t, day1, "--config", cfg, "--store", db, "--overdue")); n != 0 {
		t.Errorf("%d findings overdue on day 1", n)
	}
	// Without the configuration the map owners are gone; labels stay.
	if f := find(listTriage(t, day1, "--store", db, "--owner", "web"), "aws-s3-public-bucket", "acme-site", "iac"); f == nil || f.Triage.OwnerFrom != "label team" {
		t.Errorf("--owner web without vigil.yaml: %+v", f)
	}
	for _, f := range listTriage(t, day1, "--config", cfg, "--store", db, "--owner", "platform") {
		if f.Triage.Owner != "platform" || f.Resource.Account != "111111111111" {
			t.Errorf("--owner platform lists %s on %s (%s)", f.RuleID, f.Resource.Name, f.Triage.Owner)
		}
	}

	// One finding per problem: the live bucket is canonical, declared in
	// infra/assets.tf; each IaC finding of a rule live also reports is
	// its duplicate.
	live := find(fs, "aws-s3-public-bucket", "public-assets", "live")
	iac := find(fs, "aws-s3-public-bucket", "public-assets", "iac")
	if d := live.Triage.DeclaredIn; d == nil || d.File != filepath.Join("testdata", "triage", "infra", "assets.tf") || d.Line != 4 || d.Address != "aws_s3_bucket.assets" || d.By != "name" {
		t.Errorf("live bucket declared in %+v", live.Triage.DeclaredIn)
	}
	if iac.Triage.DuplicateOf != live.ID || !strings.Contains(strings.Join(live.Triage.Duplicates, ","), iac.ID) {
		t.Errorf("IaC finding duplicate of %q, live duplicates %v; want %s and %s", iac.Triage.DuplicateOf, live.Triage.Duplicates, live.ID, iac.ID)
	}
	if f := find(fs, "aws-s3-versioning", "public-assets", "iac"); f == nil || f.Triage.DuplicateOf == "" {
		t.Errorf("the IaC finding of another rule live also reports: %+v", f)
	}
	// A bucket only IaC declares is a problem of its own.
	if f := find(fs, "aws-s3-public-bucket", "acme-site", "iac"); f.Triage.DuplicateOf != "" {
		t.Errorf("acme-site, not live, is a duplicate of %s", f.Triage.DuplicateOf)
	}
	// The table hides the duplicates like excepted findings; --all shows them.
	r := runAt(t, day1, "--config", cfg, "findings", "list", "--store", db, "--rule", "aws-s3-public-bucket")
	if r.code != ExitOK || strings.Contains(r.stdout, iac.ID[:12]) || !strings.Contains(r.stdout, live.ID[:12]) || !strings.Contains(r.stdout, "1 IaC duplicate of live findings not shown") {
		t.Errorf("default table:\n%s%s", r.stdout, r.stderr)
	}
	r = runAt(t, day1, "--config", cfg, "findings", "list", "--store", db, "--rule", "aws-s3-public-bucket", "--all")
	if !strings.Contains(r.stdout, iac.ID[:12]) || !strings.Contains(r.stdout, "open (dup of "+live.ID[:8]+")") {
		t.Errorf("--all table:\n%s", r.stdout)
	}
	// The clock and the configuration are read, never stored.
	if f := find(listTriage(t, day4, "--store", db), "k8s-privileged-container", "storefront", "iac"); f.Triage.Owner != "" || !f.Triage.Overdue {
		t.Errorf("without vigil.yaml on day 4: %+v", f.Triage)
	}
}

// scanIDs are scan IDs (their random part differs run to run).
var scanIDs = regexp.MustCompile(`("scan_id": "\d{8}T\d{6}Z)-[0-9a-f]{16}"`)

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	got = scanIDs.ReplaceAllString(got, `$1-RANDOM"`)
	path := filepath.Join("testdata", "triage", name)
	if *updateDocs {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run %s -update)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s changed; if intended, run go test ./internal/cli -run %s -update\ngot:\n%s", path, t.Name(), got)
	}
}

// TestTriageGoldens: the JSON of findings list --group-by owner --sort
// risk and of findings show, over real scans with stored risk scores.
func TestTriageGoldens(t *testing.T) {
	db, cfg := triageStore(t)
	scoreRisk(t, db, risks)
	day4 := triageT0.Add(4 * 24 * time.Hour)
	r := runAt(t, day4, "--config", cfg, "findings", "list", "--store", db, "--group-by", "owner", "--sort", "risk", "--severity", "critical", "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	checkGolden(t, "list-group-owner-risk.json", r.stdout)
	var doc struct {
		Groups []struct {
			Key         string
			Count       int
			HighestRisk *int `json:"highest_risk"`
			Findings    []triagedFinding
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	// The group of the riskiest finding comes first, and in each group
	// the scored findings come first, highest score first.
	if len(doc.Groups) < 3 || doc.Groups[0].Key != "web" || doc.Groups[0].HighestRisk == nil || *doc.Groups[0].HighestRisk != 88 {
		t.Fatalf("groups: %+v", doc.Groups)
	}
	for _, g := range doc.Groups {
		if g.Count != len(g.Findings) {
			t.Errorf("group %q counts %d of %d findings", g.Key, g.Count, len(g.Findings))
		}
		last := 101
		for _, f := range g.Findings {
			score := -1
			if f.Risk != nil {
				score = f.Risk.Score
			}
			if score > last {
				t.Errorf("group %q: score %d after %d", g.Key, score, last)
			}
			last = score
			if f.Triage.Owner != g.Key {
				t.Errorf("group %q holds a finding of %q", g.Key, f.Triage.Owner)
			}
		}
	}
	// The table: group headers, and the top factor next to the score.
	r = runAt(t, day4, "--config", cfg, "findings", "list", "--store", db, "--group-by", "owner", "--sort", "risk", "--severity", "high")
	for _, want := range []string{"== owner web: ", "highest risk 88 ==", "↳ exposure: public-read ACL and a public bucket policy", "overdue ", "== owner (no owner): "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if n := len([]rune(l)); n > 120 {
			t.Errorf("a %d-column line:\n%s", n, l)
		}
	}

	live := find(listTriage(t, day4, "--config", cfg, "--store", db), "aws-s3-public-bucket", "public-assets", "live")
	r = runAt(t, day4, "--config", cfg, "findings", "show", live.ID[:10], "--store", db, "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("show: exit %d: %s", r.code, r.stderr)
	}
	checkGolden(t, "show-live-bucket.json", r.stdout)
	r = runAt(t, day4, "--config", cfg, "findings", "show", live.ID, "--store", db)
	for _, want := range []string{"Risk         88", "+36  exposure: public-read ACL and a public bucket policy", "path       internet → arn:aws:s3:::public-assets",
		"Declared in  testdata/triage/infra/assets.tf:4 aws_s3_bucket.assets (linked by name): fix it there", "Owner        web (label team)",
		"Due          2026-11-05 — OVERDUE", "Duplicates", "History      2026-11-02T09:00:00Z  opened"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestFindingsShowErrors: an unknown id and an ambiguous prefix are
// usage errors that say what to do; a unique prefix is enough.
func TestFindingsShowErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	if r := run(t, "", "scan", "iac", examples(t), "--store", db, "-q", "--format", "json"); r.code == ExitError {
		t.Fatalf("scan: %s", r.stderr)
	}
	r := run(t, "", "findings", "show", "zzzz", "--store", db)
	if r.code != ExitError || !strings.Contains(r.stderr, `no finding with id "zzzz"`) || !strings.Contains(r.stderr, "vigil findings list") {
		t.Errorf("unknown: exit %d %s", r.code, r.stderr)
	}
	var l listedFindings
	out := run(t, "", "findings", "list", "--store", db, "--format", "json").stdout
	if err := json.Unmarshal([]byte(out), &l); err != nil || len(l.Findings) < 17 {
		t.Fatalf("want more findings than hex digits: %v %s", err, out)
	}
	// More findings than hex digits: some one-digit prefix is shared.
	shared := map[string]int{}
	for _, f := range l.Findings {
		shared[f.ID[:1]]++
	}
	for p, n := range shared {
		if n < 2 {
			continue
		}
		r = run(t, "", "findings", "show", p, "--store", db)
		if r.code != ExitError || !strings.Contains(r.stderr, "matches") || strings.Count(r.stderr, "\n  "+p) < 2 {
			t.Errorf("ambiguous %q (%d findings): exit %d %s", p, n, r.code, r.stderr)
		}
		break
	}
	id := l.Findings[0].ID
	r = run(t, "", "findings", "show", id[:12], "--store", db)
	if r.code != ExitOK || !strings.Contains(r.stdout, "Finding      "+id) || !strings.Contains(r.stdout, "Remediation") || !strings.Contains(r.stdout, "History") {
		t.Errorf("show %s: exit %d\n%s%s", id[:12], r.code, r.stdout, r.stderr)
	}
	if r := run(t, "", "findings", "list", "--store", db, "--sort", "oldest"); r.code != ExitError || !strings.Contains(r.stderr, "use one of severity, risk, due") {
		t.Errorf("--sort oldest: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, "", "findings", "list", "--store", db, "--group-by", "team"); r.code != ExitError || !strings.Contains(r.stderr, "use one of rule, owner") {
		t.Errorf("--group-by team: exit %d %s", r.code, r.stderr)
	}
}

// TestTriageLinksClusterAndManifest: a manifest applied to a real API
// server and scanned both ways is one finding per problem — the live
// one, declared in the manifest — while the same name in another
// namespace stays unlinked.
func TestTriageLinksClusterAndManifest(t *testing.T) {
	env := kubetest.StartTest(t, kubetest.Options{})
	manifest := filepath.Join("testdata", "triage", "k8s", "shop.yaml")
	apply(t, env.AdminConfig, manifest)
	apply(t, env.AdminConfig, filepath.Join("testdata", "triage", "k8s-elsewhere.yaml"))
	db := filepath.Join(t.TempDir(), "vigil.db")
	for _, args := range [][]string{
		{"scan", "k8s", "--kubeconfig", env.AdminKubeconfig, "--cluster-name", "test"},
		{"scan", "iac", manifest},
	} {
		r := runAt(t, triageT0, append(args, "--store", db, "--format", "json", "-q")...)
		if r.code != ExitOK && r.code != ExitGate {
			t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	fs := listTriage(t, triageT0, "--store", db, "--rule", "k8s-privileged-container")
	var liveA, liveB, decl *triagedFinding
	for i, f := range fs {
		switch {
		case f.Resource.Source.Kind == "live" && strings.Contains(f.Resource.ID, "/shop-a/apps/Deployment/web"):
			liveA = &fs[i]
		case f.Resource.Source.Kind == "live" && strings.Contains(f.Resource.ID, "/shop-b/apps/Deployment/web"):
			liveB = &fs[i]
		case f.Resource.Source.Kind == "iac":
			decl = &fs[i]
		}
	}
	if liveA == nil || liveB == nil || decl == nil {
		t.Fatalf("privileged findings: %+v", fs)
	}
	if d := liveA.Triage.DeclaredIn; d == nil || d.File != manifest || d.Line != 9 || d.By != "name" || d.ResourceID != "k8s://manifests/shop-a/apps/Deployment/web" {
		t.Errorf("shop-a/web declared in %+v", liveA.Triage.DeclaredIn)
	}
	if decl.Triage.DuplicateOf != liveA.ID || len(liveA.Triage.Duplicates) != 1 || liveA.Triage.Duplicates[0] != decl.ID {
		t.Errorf("manifest finding duplicate of %q (want %s); live duplicates %v", decl.Triage.DuplicateOf, liveA.ID, liveA.Triage.Duplicates)
	}
	if liveB.Triage.DeclaredIn != nil || len(liveB.Triage.Duplicates) > 0 {
		t.Errorf("shop-b/web, not in the manifest, is linked: %+v", liveB.Triage)
	}
	// The owner label travels with the object: both see it.
	if liveA.Triage.Owner != "shop-a-team" || decl.Triage.Owner != "shop-a-team" {
		t.Errorf("owners %q, %q", liveA.Triage.Owner, decl.Triage.Owner)
	}
	// findings show, from either side, names the other.
	r := runAt(t, triageT0, "findings", "show", decl.ID, "--store", db)
	if r.code != ExitOK || !regexp.MustCompile(`Duplicate of +`+liveA.ID[:12]).MatchString(r.stdout) {
		t.Errorf("show the manifest finding:\n%s%s", r.stdout, r.stderr)
	}
	r = runAt(t, triageT0, "findings", "show", liveA.ID, "--store", db)
	if r.code != ExitOK || !regexp.MustCompile(`Declared in +`+regexp.QuoteMeta(manifest)+`:9 \(linked by name\)`).MatchString(r.stdout) || !regexp.MustCompile(`Duplicates +`+decl.ID[:12]).MatchString(r.stdout) {
		t.Errorf("show the live finding:\n%s%s", r.stdout, r.stderr)
	}
	// With by_name off nothing ties them; the manifest finding is its own.
	cfg := filepath.Join(t.TempDir(), "vigil.yaml")
	if err := os.WriteFile(cfg, []byte("version: 1\nlinks: {by_name: false}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range listTriage(t, triageT0, "--config", cfg, "--store", db, "--rule", "k8s-privileged-container") {
		if f.Triage.DeclaredIn != nil || f.Triage.DuplicateOf != "" {
			t.Errorf("linked with by_name off: %s %+v", f.Resource.ID, f.Triage)
		}
	}
}

// TestTriageLinksByAddressTag: a live bucket tagged with the address of
// the Terraform block that declares it (whose name is known only at
// apply time) is tied to it by the tag, in a real AWS scan.
func TestTriageLinksByAddressTag(t *testing.T) {
	root := fixedScenario(t, "tagged", `
- api: s3:GetBucketTagging
  params: {Bucket: cloudtrail-logs-111111111111}
  body:
    Tagging:
      TagSet:
        Tag:
          - {Key: "terraform:address", Value: "triage/tagged/main.tf#aws_s3_bucket.trail_logs"}
`)
	replayDir(t, root, "tagged")
	db := filepath.Join(t.TempDir(), "vigil.db")
	for _, args := range [][]string{{"scan", "aws", "--services", "s3"}, {"scan", "iac", filepath.Join("testdata", "triage", "tagged")}} {
		if r := runAt(t, triageT0, append(args, "--store", db, "--format", "json", "-q")...); r.code != ExitOK && r.code != ExitGate {
			t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	fs := listTriage(t, triageT0, "--store", db, "--rule", "aws-s3-secure-transport")
	live := find(fs, "aws-s3-secure-transport", "cloudtrail-logs-111111111111", "live")
	iac := find(fs, "aws-s3-secure-transport", "trail_logs", "iac")
	if live == nil || iac == nil {
		t.Fatalf("findings: %+v", fs)
	}
	if d := live.Triage.DeclaredIn; d == nil || d.By != "tag terraform:address" || d.Address != "aws_s3_bucket.trail_logs" || d.Line != 8 {
		t.Errorf("live bucket declared in %+v", live.Triage.DeclaredIn)
	}
	if iac.Triage.DuplicateOf != live.ID {
		t.Errorf("IaC finding duplicate of %q, want %s", iac.Triage.DuplicateOf, live.ID)
	}
	// Another bucket's finding is not tied to the block.
	if f := find(fs, "aws-s3-secure-transport", "public-assets", "live"); f == nil || f.Triage.DeclaredIn != nil {
		t.Errorf("public-assets: %+v", f)
	}
}

// TestFindingsShowMembers: a toxic combination's members are shown with
// their rule, status and resource, read from the store.
func TestFindingsShowMembers(t *testing.T) {
	db, _ := triageStore(t)
	ctx := context.Background()
	st, _, err := openDSN(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := st.Findings(ctx, store.Query{Namespace: "shop"})
	if err != nil {
		t.Fatal(err)
	}
	var members []string
	var entry *model.Resource
	for _, f := range fs {
		if f.Resource.Name == "storefront" && (f.RuleID == "k8s-privileged-container" || f.RuleID == "k8s-host-network") {
			members = append(members, f.Fingerprint)
			entry = f.Resource
		}
	}
	if len(members) != 2 {
		t.Fatalf("members %v", members)
	}
	combo := model.Finding{Fingerprint: model.Fingerprint("toxic-node-takeover", entry.ID), RuleID: "toxic-node-takeover", Title: "A privileged pod on the node's network",
		Severity: model.SeverityCritical, Status: model.StatusOpen, Message: "privileged and on the host network", Resource: entry, Members: members, Compliance: []model.ComplianceRef{},
		Risk: &model.Risk{Score: 95, Factors: []model.RiskFactor{{Name: "combination", Points: 95, Detail: "two findings form one path"}}, Path: []string{"internet", entry.ID}}}
	sc := &model.Scan{ID: "combo", Source: "iac", Status: model.ScanComplete, StartedAt: triageT0, FinishedAt: triageT0, Coverage: []model.Coverage{}, Errors: []model.InputError{}}
	rec, err := st.Begin(ctx, sc, nil)
	if err == nil {
		_, err = rec.Scope(ctx, nil, []model.Finding{combo})
	}
	if err == nil {
		_, err = rec.Finish(ctx, store.Finish{Evaluated: map[string]bool{}})
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := runAt(t, triageT0, "findings", "show", combo.Fingerprint, "--store", db, "--format", "json")
	var d struct {
		Members []struct {
			ID, Status string
			RuleID     string `json:"rule_id"`
			Resource   string `json:"resource_id"`
		}
	}
	if r.code != ExitOK {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Members) != 2 {
		t.Fatalf("members: %+v\n%s", d.Members, r.stdout)
	}
	for _, m := range d.Members {
		if m.Status != "open" || m.Resource != entry.ID || (m.RuleID != "k8s-privileged-container" && m.RuleID != "k8s-host-network") {
			t.Errorf("member %+v", m)
		}
	}
	r = runAt(t, triageT0, "findings", "show", combo.Fingerprint, "--store", db)
	if !regexp.MustCompile(`Members +[0-9a-f]{12}  k8s-(privileged-container|host-network)  open  ` + regexp.QuoteMeta(entry.ID)).MatchString(r.stdout) {
		t.Errorf("show:\n%s", r.stdout)
	}
}
