package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// CodeBuild end to end: the live scan over the replayed misconfigured
// account and the same rules on a CloudFormation template.
func TestScanAWSCodeBuild(t *testing.T) {
	srv := awsReplay(t, "misconfigured")
	r := run(t, "", "scan", "aws", "--services", "codebuild", "--format", "json", "--fail-on", "critical")
	if r.code != ExitGate {
		t.Fatalf("exit %d, want %d (critical findings)\n%s", r.code, ExitGate, r.stderr)
	}
	if m := srv.Misses(); len(m) > 0 {
		t.Errorf("unrecorded requests:\n%s", strings.Join(m, "\n"))
	}
	d := parseDoc(t, r.stdout)
	for _, want := range [][2]string{
		{"aws-codebuild-source-credentials", "build-legacy"},
		{"aws-codebuild-source-credentials", "docker-images"},
		{"aws-codebuild-env-credentials", "build-legacy"},
		{"aws-codebuild-logging", "build-legacy"},
		{"aws-codebuild-privileged-mode", "docker-images"},
		{"aws-codebuild-s3-logs-encryption", "docker-images"},
		{"aws-codebuild-artifact-encryption", "docker-images"},
	} {
		if !d.has(want[0], want[1]) {
			t.Errorf("missing finding %s on %s", want[0], want[1])
		}
	}
	for _, id := range []string{"aws-codebuild-source-credentials", "aws-codebuild-env-credentials", "aws-codebuild-privileged-mode", "aws-codebuild-logging"} {
		if d.has(id, "deploy") {
			t.Errorf("%s fired on deploy, which complies", id)
		}
	}
	for _, secret := range []string{"hunter2-Sup3rS3cret", "EXAMPLEKEY", "ghp_0123456789"} {
		if strings.Contains(r.stdout, secret) {
			t.Errorf("%s reached the output", secret)
		}
	}
	p := run(t, "", "aws", "permissions", "--services", "codebuild")
	for _, a := range []string{"codebuild:ListProjects", "codebuild:BatchGetProjects"} {
		if !strings.Contains(p.stdout, `"`+a+`"`) {
			t.Errorf("permissions lack %s:\n%s", a, p.stdout)
		}
	}
}

func TestScanIaCCodeBuild(t *testing.T) {
	dir := t.TempDir()
	tpl := `Resources:
  Images:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: images
      Source: {Type: GITHUB, Location: "https://github.com/acme/images.git"}
      Artifacts: {Type: NO_ARTIFACTS}
      Environment:
        Type: LINUX_CONTAINER
        Image: aws/codebuild/standard:7.0
        ComputeType: BUILD_GENERAL1_SMALL
        PrivilegedMode: true
`
	if err := os.WriteFile(filepath.Join(dir, "ci.yaml"), []byte(tpl), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "scan", "iac", dir, "--format", "json", "--fail-on", "high")
	if r.code != ExitGate {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	d := parseDoc(t, r.stdout)
	if !d.has("aws-codebuild-privileged-mode", "images") || d.has("aws-codebuild-logging", "images") {
		t.Errorf("want privileged mode and (CloudWatch logs by default) no logging finding: %s", r.stdout[:min(len(r.stdout), 2000)])
	}
}
