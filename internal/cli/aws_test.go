package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigil-cspm/vigil/internal/awstest"
)

// awsReplay serves a scenario of examples/aws to the real SDK and points
// Vigil at it through the documented environment variables.
func awsReplay(t *testing.T, name string) *awstest.Server {
	t.Helper()
	sc, err := awstest.Load(os.DirFS(filepath.Join(examples(t), "aws")), name)
	if err != nil {
		t.Fatal(err)
	}
	srv := awstest.Start(sc)
	t.Cleanup(srv.Close)
	srv.Env(t)
	t.Setenv("VIGIL_MAX_BACKOFF", "20ms")
	return srv
}

func TestScanAWSMisconfigured(t *testing.T) {
	srv := awsReplay(t, "misconfigured")
	db := filepath.Join(t.TempDir(), "vigil.db")
	r := run(t, "", "scan", "aws", "--store", db, "--format", "json")
	if r.code != ExitOK && r.code != ExitGate {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if m := srv.Misses(); len(m) > 0 {
		t.Errorf("unrecorded requests:\n%s", strings.Join(m, "\n"))
	}
	d := parseDoc(t, r.stdout)
	if d.Scan.Source != "aws" || d.Scan.Status != "complete" {
		t.Errorf("scan %s %s: %+v", d.Scan.Source, d.Scan.Status, d.Scan.Coverage)
	}
	for _, want := range [][2]string{
		{"aws-s3-public-bucket", "public-assets"},
		{"aws-s3-block-public-access", "public-assets"},
		{"aws-s3-account-block-public-access", "111111111111"},
		{"aws-s3-secure-transport", "cloudtrail-logs-111111111111"},
		{"aws-elasticache-encryption-at-rest", "sessions"},
		{"aws-elasticache-default-subnet-group", "catalog"},
		{"aws-redshift-public-access", "analytics"},
		{"aws-redshift-require-ssl", "reporting"},
		{"aws-msk-public-access", "events"},
	} {
		if !d.has(want[0], want[1]) {
			t.Errorf("missing finding %s on %s", want[0], want[1])
		}
	}
}

func TestAWSPermissions(t *testing.T) {
	r := run(t, "", "aws", "permissions", "--org", "--role-name", "VigilAudit")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{`"s3:ListAllMyBuckets"`, `"organizations:ListAccounts"`, `"arn:aws:iam::*:role/VigilAudit"`,
		`"elasticache:DescribeReplicationGroups"`, `"elasticache:DescribeCacheClusters"`,
		`"redshift:DescribeLoggingStatus"`, `"redshift:DescribeClusterParameters"`, `"kafka:ListClustersV2"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("policy lacks %s:\n%s", want, r.stdout)
		}
	}
	if r := run(t, "", "aws", "permissions", "--services", "nosuch"); r.code != ExitError || !strings.Contains(r.stderr, "unknown service") {
		t.Errorf("unknown service: exit %d %s", r.code, r.stderr)
	}
}

// publicAssetsFixed are the responses of the misconfigured scenario's
// public-assets bucket once fixed: no policy, an owner-only ACL.
const publicAssetsFixed = `- api: s3:GetBucketPolicy
  params: {Bucket: public-assets}
  error: NoSuchBucketPolicy
  status: 404
- api: s3:GetBucketAcl
  params: {Bucket: public-assets}
  body:
    AccessControlPolicy:
      Owner: {ID: owner-canonical-id}
      AccessControlList:
        Grant:
          - Grantee: {ID: owner-canonical-id}
            Permission: FULL_CONTROL
`

// fixedScenario copies the misconfigured scenario into a temporary
// directory with extra responses appended (later responses win).
func fixedScenario(t *testing.T, name, extra string) string {
	t.Helper()
	root := t.TempDir()
	dst := filepath.Join(root, name)
	if err := os.CopyFS(dst, os.DirFS(filepath.Join(examples(t), "aws", "misconfigured"))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "zz-fix.yaml"), []byte(extra), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

func replayDir(t *testing.T, root, name string) *awstest.Server {
	t.Helper()
	sc, err := awstest.Load(os.DirFS(root), name)
	if err != nil {
		t.Fatal(err)
	}
	srv := awstest.Start(sc)
	t.Cleanup(srv.Close)
	srv.Env(t)
	t.Setenv("VIGIL_MAX_BACKOFF", "20ms")
	return srv
}

// TestAWSLifecycleRespectsCoverage: a fix resolves the finding in a
// later covered scan; a scan that could not read bucket policies
// resolves nothing that depends on them.
func TestAWSLifecycleRespectsCoverage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "vigil.db")
	awsReplay(t, "misconfigured")
	first := parseDoc(t, run(t, "", "scan", "aws", "--store", db, "--format", "json", "--services", "s3").stdout)
	if !first.has("aws-s3-secure-transport", "cloudtrail-logs-111111111111") || !first.has("aws-s3-public-bucket", "public-assets") {
		t.Fatal("first scan lacks the expected findings")
	}

	// Bucket policies cannot be read: the secure-transport finding is not
	// evaluated, and must not be resolved.
	root := fixedScenario(t, "nopolicy", "- api: s3:GetBucketPolicy\n  error: AccessDenied\n  status: 403\n  message: denied\n")
	replayDir(t, root, "nopolicy")
	r := run(t, "", "scan", "aws", "--store", db, "--format", "json", "--services", "s3")
	partial := parseDoc(t, r.stdout)
	if partial.Scan.Status != "partial" || partial.Summary.Resolved != 0 {
		t.Fatalf("denied scan: status %s, resolved %d\n%s", partial.Scan.Status, partial.Summary.Resolved, r.stderr)
	}
	open := run(t, "", "findings", "list", "--store", db, "--format", "json", "--status", "open")
	if !strings.Contains(open.stdout, "aws-s3-secure-transport") {
		t.Error("the unreadable scope's finding was resolved")
	}

	// The public bucket is fixed: exactly its public findings resolve.
	root = fixedScenario(t, "fixed", publicAssetsFixed)
	replayDir(t, root, "fixed")
	fixed := parseDoc(t, run(t, "", "scan", "aws", "--store", db, "--format", "json", "--services", "s3").stdout)
	if fixed.has("aws-s3-public-bucket", "public-assets") {
		t.Error("the fixed bucket is still reported public")
	}
	if fixed.Summary.Resolved != 1 {
		t.Errorf("resolved %d findings, want 1 (the public bucket)", fixed.Summary.Resolved)
	}
}

// TestScanAWSHardened: the hardened account yields nothing above low, with
// every CIS v7.0 requirement decided (pass or manual, none not covered).
func TestScanAWSHardened(t *testing.T) {
	srv := awsReplay(t, "hardened")
	r := run(t, "", "scan", "aws", "--store", filepath.Join(t.TempDir(), "v.db"), "--format", "json", "--fail-on", "medium", "--framework", "cis-aws-7.0")
	if m := srv.Misses(); len(m) > 0 {
		t.Errorf("unrecorded requests:\n%s", strings.Join(m, "\n"))
	}
	d := parseDoc(t, r.stdout)
	for _, f := range d.Findings {
		if f.Severity != "low" && f.Severity != "info" {
			t.Errorf("hardened account: %s %s on %s: %s", f.Severity, f.RuleID, f.Resource.Name, f.Message)
		}
	}
	if r.code != ExitOK {
		t.Errorf("exit %d, want 0 (nothing at or above medium)\n%s", r.code, r.stderr)
	}
	var fw struct {
		Frameworks []struct {
			ID           string
			Requirements []struct{ ID, State string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &fw); err != nil || len(fw.Frameworks) != 1 {
		t.Fatalf("frameworks section: %v", err)
	}
	states := map[string]int{}
	for _, req := range fw.Frameworks[0].Requirements {
		states[req.State]++
		if req.State == "not_covered" || req.State == "fail" {
			t.Errorf("requirement %s is %s", req.ID, req.State)
		}
	}
	if states["pass"] < 60 {
		t.Errorf("requirement states %v: want at least 60 passes", states)
	}
}

// TestScanAWSDenied: three services denied — a partial scan that still
// evaluates the rest, and names each unread scope.
func TestScanAWSDenied(t *testing.T) {
	awsReplay(t, "denied")
	r := run(t, "", "scan", "aws", "--store", filepath.Join(t.TempDir(), "v.db"), "--format", "json")
	d := parseDoc(t, r.stdout)
	if d.Scan.Status != "partial" {
		t.Fatalf("status %s", d.Scan.Status)
	}
	denied := map[string]bool{}
	for _, c := range d.Scan.Coverage {
		if c.Status == "denied" {
			denied[strings.SplitN(c.Scope, "@", 2)[0]] = true
		}
	}
	for _, typ := range []string{"aws.kms.key", "aws.guardduty.regional_settings", "aws.lambda.function", "aws.s3.bucket"} {
		if !denied[typ] {
			t.Errorf("no denied coverage record for %s: %v", typ, denied)
		}
	}
	if !d.has("aws-ec2-imdsv2", "web-1") || !d.has("aws-iam-root-mfa", "111111111111") {
		t.Error("the services that could be read were not evaluated")
	}
	for _, f := range d.Findings {
		if strings.HasPrefix(f.RuleID, "aws-kms-") || strings.HasPrefix(f.RuleID, "aws-guardduty-") || strings.HasPrefix(f.RuleID, "aws-lambda-") {
			t.Errorf("finding from a denied service: %s on %s", f.RuleID, f.Resource.Name)
		}
	}
	if !strings.Contains(r.stdout, `"health"`) {
		t.Error("the report has no per-service health counts")
	}
}

// TestTerraformPlanFiresLiveRules: the S3 rules written for live accounts
// fire on a Terraform plan read from stdin, on the bucket the policy
// resource refers to.
func TestTerraformPlanFiresLiveRules(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(examples(t), "terraform-plan", "public-site.plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, string(data), "scan", "iac", "-", "--format", "json", "--fail-on", "critical")
	if r.code != ExitGate {
		t.Errorf("exit %d, want 1 (a critical finding)\n%s", r.code, r.stderr)
	}
	d := parseDoc(t, r.stdout)
	if !d.has("aws-s3-public-bucket", "acme-site") || !d.has("aws-s3-secure-transport", "acme-site") {
		t.Errorf("findings %+v", d.Findings)
	}
}

// TestCloudFormationParams: parameters change what a template declares
// (conditions), and the live rules follow.
func TestCloudFormationParams(t *testing.T) {
	tmpl := filepath.Join(examples(t), "cloudformation", "orders.yaml")
	dev := parseDoc(t, run(t, "", "scan", "iac", tmpl, "--format", "json").stdout)
	prod := parseDoc(t, run(t, "", "scan", "iac", tmpl, "--format", "json", "--cfn-param", "Environment=prod").stdout)
	if !dev.has("aws-s3-versioning", "DataBucket") || prod.has("aws-s3-versioning", "DataBucket") {
		t.Errorf("versioning is suspended only outside prod: dev %v, prod %v", dev.has("aws-s3-versioning", "DataBucket"), prod.has("aws-s3-versioning", "DataBucket"))
	}
	if !prod.has("aws-lambda-url-no-auth", "OrdersFunction") {
		t.Error("the public function URL is reported in every environment")
	}
	for _, f := range prod.Findings {
		if f.Resource.Source.File != tmpl || f.Resource.Source.Line == 0 {
			t.Errorf("finding %s located at %+v", f.RuleID, f.Resource.Source)
		}
	}
	if r := run(t, "", "scan", "iac", tmpl, "--cfn-param", "Environment=qa"); r.code != ExitError || !strings.Contains(r.stderr, "orders.yaml") {
		t.Errorf("a value outside AllowedValues: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, "", "scan", "iac", tmpl, "--cfn-param", "novalue"); r.code != ExitError {
		t.Errorf("a malformed --cfn-param: exit %d", r.code)
	}
}

// TestInlineExceptions: a vigil:ignore comment with a reason excepts the
// finding (no gate, SARIF suppression); an expired one does not.
func TestInlineExceptions(t *testing.T) {
	dir := t.TempDir()
	src := `resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

# vigil:ignore aws-s3-public-bucket until 2099-12-31 public website, reviewed (SEC-12)
resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::acme-site/*" }] })
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "scan", "iac", dir, "--fail-on", "critical", "--format", "sarif")
	if r.code != ExitOK {
		t.Errorf("an excepted critical finding must not fail the gate: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, `"justification": "public website, reviewed (SEC-12)"`) {
		t.Errorf("SARIF lacks the suppression:\n%s", r.stdout)
	}
	expired := strings.Replace(src, "2099-12-31", "2020-01-31", 1)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(expired), 0o600); err != nil {
		t.Fatal(err)
	}
	r = run(t, "", "scan", "iac", dir, "--fail-on", "critical")
	if r.code != ExitGate || !strings.Contains(r.stdout, "exception expired 2020-01-31") || !strings.Contains(r.stderr, "expired") {
		t.Errorf("an expired exception: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

// TestMalformedInlineExceptions: a vigil:ignore comment without a
// reason, with a date that is not YYYY-MM-DD or naming a rule the
// library does not have — in a root module, a module, a Kubernetes
// manifest — is an input error at its file:line (exit 2) and excepts
// nothing; the rest is scanned, well-formed exceptions apply.
func TestMalformedInlineExceptions(t *testing.T) {
	dir := t.TempDir()
	files := fstest.MapFS{
		"main.tf": {Data: []byte(`module "logs" {
  source = "./modules/logs"
}

# vigil:ignore aws-s3-versioning until 2027-02-30 migrating the data
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

# vigil:ignore aws-s3-versioning scratch bucket, emptied nightly
resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}
`)},
		"modules/logs/main.tf": {Data: []byte(`# vigil:ignore aws-s3-versionning access logs only
resource "aws_s3_bucket" "this" {
  bucket = "acme-logs"
}
`)},
		"deploy.yaml": {Data: []byte(`apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        # vigil:ignore k8s-privileged-container
        privileged: true
`)},
	}
	if err := os.CopyFS(dir, files); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "scan", "iac", dir, "--format", "json")
	if r.code != ExitError {
		t.Errorf("exit %d, want %d\n%s", r.code, ExitError, r.stderr)
	}
	d := parseDoc(t, r.stdout)
	want := []string{
		filepath.Join(dir, "deploy.yaml") + ":10",
		filepath.Join(dir, "main.tf") + ":5",
		filepath.Join(dir, "modules/logs/main.tf") + ":1",
	}
	var got []string
	for _, e := range d.Scan.Errors {
		got = append(got, fmt.Sprintf("%s:%d", e.File, e.Line))
		if !strings.Contains(e.Message, "# vigil:ignore <rule-id> [until YYYY-MM-DD] <reason>") {
			t.Errorf("%s:%d: the message does not give the syntax: %s", e.File, e.Line, e.Message)
		}
	}
	if !slices.Equal(got, want) || d.Scan.Status != "partial" {
		t.Errorf("scan %s, errors at %v, want partial with errors at %v", d.Scan.Status, got, want)
	}
	if !strings.Contains(r.stderr, want[0]+": vigil:ignore gives no reason") {
		t.Errorf("stderr does not name the first error: %s", r.stderr)
	}
	status := map[string]string{}
	for _, f := range d.Findings {
		status[f.RuleID+" "+f.Resource.Name] = f.Status
	}
	for finding, st := range map[string]string{
		"aws-s3-versioning acme-data":    "open",
		"aws-s3-versioning acme-logs":    "open",
		"k8s-privileged-container debug": "open",
		"aws-s3-versioning acme-scratch": "excepted",
	} {
		if status[finding] != st {
			t.Errorf("%s: status %q, want %s", finding, status[finding], st)
		}
	}
}

// TestTerraformStoreResolvesFix: a Terraform finding recorded in the
// store resolves when a later scan of the same configuration no longer
// has it.
func TestTerraformStoreResolvesFix(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "v.db")
	write := func(versioning string) {
		src := `resource "aws_s3_bucket" "b" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "` + versioning + `"
  }
}
`
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("Suspended")
	first := parseDoc(t, run(t, "", "scan", "iac", dir, "--store", db, "--format", "json").stdout)
	if !first.has("aws-s3-versioning", "acme-data") {
		t.Fatal("suspended versioning not reported")
	}
	write("Enabled")
	second := parseDoc(t, run(t, "", "scan", "iac", dir, "--store", db, "--format", "json").stdout)
	if second.has("aws-s3-versioning", "acme-data") || second.Summary.Resolved != 1 {
		t.Errorf("the fix should resolve exactly the versioning finding: resolved %d", second.Summary.Resolved)
	}
}

// TestAWSAccountID: --aws-account-id (or VIGIL_AWS_ACCOUNT_ID) decides
// which trust principals are other accounts, in Terraform and in
// CloudFormation, where it is also AWS::AccountId.
func TestAWSAccountID(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("main.tf", `resource "aws_iam_role" "partner" {
  name               = "partner"
  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "sts:AssumeRole", Principal = {AWS = "arn:aws:iam::111122223333:root"}}]})
}
`)
	stack := write("stack.yaml", `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Self:
    Type: AWS::IAM::Role
    Properties:
      RoleName: self
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
`)
	const rule = "aws-iam-role-cross-account-external-id"
	without := parseDoc(t, run(t, "", "scan", "iac", dir, "--format", "json").stdout)
	if without.has(rule, "partner") {
		t.Error("without the deploying account, the cross-account check must be inconclusive")
	}
	with := parseDoc(t, run(t, "", "scan", "iac", dir, "--format", "json", "--aws-account-id", "444455556666").stdout)
	if !with.has(rule, "partner") || with.has(rule, "self") {
		t.Errorf("with the account: partner reported %v (want true), self reported %v (want false)", with.has(rule, "partner"), with.has(rule, "self"))
	}
	t.Setenv("VIGIL_AWS_ACCOUNT_ID", "444455556666")
	if env := parseDoc(t, run(t, "", "scan", "iac", stack, "--format", "json").stdout); env.has(rule, "self") {
		t.Error("VIGIL_AWS_ACCOUNT_ID: the deploying account's own root is not another account")
	}
	if r := run(t, "", "scan", "iac", dir, "--aws-account-id", "12345"); r.code != ExitError || !strings.Contains(r.stderr, "12-digit") {
		t.Errorf("a malformed --aws-account-id: exit %d, %s", r.code, r.stderr)
	}
}
