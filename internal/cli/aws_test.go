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
