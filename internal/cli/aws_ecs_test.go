package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ECS end to end: the live scan over the replayed misconfigured account,
// the IAM policy that scan needs, and the same rules on a Terraform
// task definition.
func TestScanAWSECS(t *testing.T) {
	srv := awsReplay(t, "misconfigured")
	r := run(t, "", "scan", "aws", "--services", "ecs", "--format", "json", "--fail-on", "high")
	if r.code != ExitGate {
		t.Fatalf("exit %d, want %d (findings)\n%s", r.code, ExitGate, r.stderr)
	}
	if m := srv.Misses(); len(m) > 0 {
		t.Errorf("unrecorded requests:\n%s", strings.Join(m, "\n"))
	}
	d := parseDoc(t, r.stdout)
	if d.Scan.Status != "complete" {
		t.Errorf("scan %s: %+v", d.Scan.Status, d.Scan.Coverage)
	}
	for _, want := range [][2]string{
		{"aws-ecs-container-insights", "web-cluster"},
		{"aws-ecs-service-public-ip", "web-cluster/web"},
		{"aws-ecs-service-public-ip", "web-cluster/canary"},
		{"aws-ecs-privileged-container", "legacy-host"},
		{"aws-ecs-host-pid", "legacy-host"},
		{"aws-ecs-env-credentials", "web"},
		{"aws-ecs-non-root-user", "web"},
	} {
		if !d.has(want[0], want[1]) {
			t.Errorf("missing finding %s on %s", want[0], want[1])
		}
	}
	if d.has("aws-ecs-non-root-user", "worker") || d.has("aws-ecs-container-insights", "batch-cluster") {
		t.Errorf("a finding on a resource that complies")
	}
	if strings.Contains(r.stdout, "EXAMPLEKEY") {
		t.Errorf("a credential from the task definition reached the output")
	}

	p := run(t, "", "aws", "permissions", "--services", "ecs")
	for _, a := range []string{"ecs:ListClusters", "ecs:DescribeClusters", "ecs:ListServices", "ecs:DescribeServices",
		"ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition"} {
		if !strings.Contains(p.stdout, `"`+a+`"`) {
			t.Errorf("permissions lack %s:\n%s", a, p.stdout)
		}
	}
}

func TestScanIaCECS(t *testing.T) {
	dir := t.TempDir()
	tf := `resource "aws_ecs_task_definition" "agent" {
  family       = "agent"
  network_mode = "host"
  container_definitions = jsonencode([{
    name       = "agent"
    image      = "agent:1"
    privileged = true
  }])
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "scan", "iac", dir, "--format", "json", "--fail-on", "high")
	if r.code != ExitGate {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	d := parseDoc(t, r.stdout)
	for _, id := range []string{"aws-ecs-privileged-container", "aws-ecs-host-network", "aws-ecs-container-logging", "aws-ecs-non-root-user"} {
		if !d.has(id, "agent") {
			t.Errorf("missing finding %s on agent", id)
		}
	}
	if d.has("aws-ecs-host-network-root-user", "agent") {
		t.Errorf("a privileged container on the host network is ECS.4's, not ECS.1's")
	}
}
