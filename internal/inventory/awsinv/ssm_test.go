package awsinv

import (
	"fmt"
	"testing"
)

const (
	deployDoc     = "arn:aws:ssm:us-east-1:111111111111:document/deploy-app"
	rotateDoc     = "arn:aws:ssm:us-east-1:111111111111:document/rotate-logs"
	ledgerDoc     = "arn:aws:ssm:eu-west-1:222222222222:document/ledger-maintenance"
	ssmUSEast     = "arn:aws:ssm:us-east-1:111111111111:vigil/regional-settings"
	ssmEUWest     = "arn:aws:ssm:eu-west-1:111111111111:vigil/regional-settings"
	web1Instance  = "arn:aws:ec2:us-east-1:111111111111:instance/i-0web00000000000001"
	batchInstance = "arn:aws:ec2:us-east-1:111111111111:instance/i-0batch0000000000001"
)

var ssmTypes = []string{"aws.ssm.document", "aws.ssm.regional_settings", "aws.ec2.instance"}

func ssmRules() map[string][]string {
	return map[string][]string{
		"aws-ssm-document-public":        {deployDoc},
		"aws-ssm-public-sharing-blocked": {ssmEUWest, ssmUSEast},
		"aws-ssm-automation-logging":     {ssmEUWest, ssmUSEast},
		// web-1 runs unmanaged; batch-1 is stopped, so not judged.
		"aws-ssm-instance-managed":       {web1Instance},
		"aws-ssm-patch-compliance":       {batchInstance},
		"aws-ssm-association-compliance": {batchInstance},
	}
}

// TestMisconfiguredSSM reads both pages of documents, managed nodes and
// patch summaries, and decides the instance controls across types.
func TestMisconfiguredSSM(t *testing.T) {
	rs := scanTypes(t, "misconfigured", "111111111111", []string{"ssm", "ec2"}, ssmTypes...)
	d := mustGet(t, rs, deployDoc)
	if attr(d, "public") != true || d.Labels["team"] != "web" || fmt.Sprint(attr(d, "shared_with")) != "[all]" {
		t.Errorf("deploy-app: %v %v", d.Labels, d.Attributes)
	}
	if r := mustGet(t, rs, rotateDoc); attr(r, "public") != false {
		t.Errorf("rotate-logs: %v", r.Attributes)
	}
	st := mustGet(t, rs, ssmUSEast)
	if fmt.Sprint(attr(st, "managed_instance_ids")) != "[i-0batch0000000000001 mi-0onprem00000000001]" ||
		fmt.Sprint(attr(st, "patch_non_compliant_ids")) != "[i-0batch0000000000001]" ||
		attr(st, "public_sharing_permission") != "Enable" || attr(st, "automation_log_destination") != "None" {
		t.Errorf("us-east-1 settings: %v", st.Attributes)
	}
	got, _ := firedOn(t, rs)
	checkFired(t, got, ssmRules())
}

func TestHardenedSSM(t *testing.T) {
	rs := scanTypes(t, "hardened", "222222222222", []string{"ssm", "ec2"}, ssmTypes...)
	if d := mustGet(t, rs, ledgerDoc); attr(d, "public") != false {
		t.Errorf("ledger-maintenance: %v", d.Attributes)
	}
	got, sev := firedOn(t, rs)
	checkQuiet(t, got, sev)
	for id := range ssmRules() {
		if len(got[id]) > 0 {
			t.Errorf("%s fires in the hardened scenario on %v", id, got[id])
		}
	}
}
