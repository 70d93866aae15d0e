package awsinv

import (
	"encoding/json"
	"os"
	"testing"
)

const (
	ebsPoint      = "arn:aws:ec2:us-east-1::snapshot/snap-0a1b2c3d4e5f60001"
	rdsPoint      = "arn:aws:rds:us-east-1:111111111111:snapshot:awsbackup:job-0a1b2c3d"
	efsPoint      = "arn:aws:backup:us-east-1:111111111111:recovery-point:1a2b3c4d-aaaa-bbbb-cccc-000000000001"
	paymentsPoint = "arn:aws:dynamodb:eu-west-1:222222222222:table/payments/backup/01704067200000-a1b2c3d4"
)

func TestMisconfiguredBackup(t *testing.T) {
	rs := scanTypes(t, "misconfigured", "111111111111", []string{"backup"}, "aws.backup.recovery_point")
	if len(rs) != 3 {
		t.Errorf("%d recovery points, want 3 (both vault pages, both point pages)", len(rs))
	}
	if os.Getenv("DUMP") != "" {
		b, _ := json.MarshalIndent(rs, "", " ")
		_ = os.WriteFile(os.Getenv("DUMP"), b, 0o644)
	}
	if e := mustGet(t, rs, ebsPoint); attr(e, "is_encrypted") != false || attr(e, "resource_type") != "EBS" || e.Name != "Default/snap-0a1b2c3d4e5f60001" {
		t.Errorf("EBS point %s: %v", e.Name, e.Attributes)
	}
	if r := mustGet(t, rs, rdsPoint); attr(r, "is_encrypted") != true {
		t.Errorf("RDS point: %v", r.Attributes)
	}
	mustGet(t, rs, efsPoint)
	got, _ := firedOn(t, rs)
	checkFired(t, got, map[string][]string{"aws-backup-encryption": {ebsPoint}})
}

func TestHardenedBackup(t *testing.T) {
	rs := scanTypes(t, "hardened", "222222222222", []string{"backup"}, "aws.backup.recovery_point")
	if p := mustGet(t, rs, paymentsPoint); attr(p, "is_encrypted") != true || p.Region != "eu-west-1" {
		t.Errorf("payments point: %v", p.Attributes)
	}
	got, sev := firedOn(t, rs)
	checkQuiet(t, got, sev)
	if len(got["aws-backup-encryption"]) > 0 {
		t.Errorf("aws-backup-encryption fires in the hardened scenario on %v", got["aws-backup-encryption"])
	}
}
