package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	for _, want := range []string{`"s3:ListAllMyBuckets"`, `"organizations:ListAccounts"`, `"arn:aws:iam::*:role/VigilAudit"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("policy lacks %s:\n%s", want, r.stdout)
		}
	}
	if r := run(t, "", "aws", "permissions", "--services", "nosuch"); r.code != ExitError || !strings.Contains(r.stderr, "unknown service") {
		t.Errorf("unknown service: exit %d %s", r.code, r.stderr)
	}
}

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
	root = fixedScenario(t, "fixed", `- api: s3:GetBucketPolicy
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
`)
	replayDir(t, root, "fixed")
	fixed := parseDoc(t, run(t, "", "scan", "aws", "--store", db, "--format", "json", "--services", "s3").stdout)
	if fixed.has("aws-s3-public-bucket", "public-assets") {
		t.Error("the fixed bucket is still reported public")
	}
	if fixed.Summary.Resolved != 1 {
		t.Errorf("resolved %d findings, want 1 (the public bucket)", fixed.Summary.Resolved)
	}
}
