package cli

import (
	"strings"
	"testing"
)

// Step Functions end to end: the live scan over the replayed
// misconfigured account gates on the state machines that do not log
// errors, and the IAM policy lists the calls it makes.
func TestScanAWSStepFunctions(t *testing.T) {
	srv := awsReplay(t, "misconfigured")
	r := run(t, "", "scan", "aws", "--services", "stepfunctions", "--format", "json", "--fail-on", "medium")
	if r.code != ExitGate {
		t.Fatalf("exit %d, want %d\n%s", r.code, ExitGate, r.stderr)
	}
	if m := srv.Misses(); len(m) > 0 {
		t.Errorf("unrecorded requests:\n%s", strings.Join(m, "\n"))
	}
	d := parseDoc(t, r.stdout)
	if !d.has("aws-stepfunctions-logging", "orders-flow") || !d.has("aws-stepfunctions-logging", "etl") || d.has("aws-stepfunctions-logging", "reports") {
		t.Errorf("want findings on orders-flow and etl, none on reports:\n%s", r.stdout[:min(len(r.stdout), 3000)])
	}
	p := run(t, "", "aws", "permissions", "--services", "stepfunctions")
	for _, a := range []string{"states:ListStateMachines", "states:DescribeStateMachine"} {
		if !strings.Contains(p.stdout, `"`+a+`"`) {
			t.Errorf("permissions lack %s:\n%s", a, p.stdout)
		}
	}
}
