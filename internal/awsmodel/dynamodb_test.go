package awsmodel

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestDynamoDBTableDerive(t *testing.T) {
	pitr := func(s ddbtypes.PointInTimeRecoveryStatus) *ddbtypes.ContinuousBackupsDescription {
		return &ddbtypes.ContinuousBackupsDescription{ContinuousBackupsStatus: "ENABLED",
			PointInTimeRecoveryDescription: &ddbtypes.PointInTimeRecoveryDescription{PointInTimeRecoveryStatus: s}}
	}
	for _, c := range []struct {
		name            string
		t               DynamoDBTable
		pitr, protected bool
	}{
		{"nothing read", DynamoDBTable{}, false, false},
		{"continuous backups without PITR", DynamoDBTable{ContinuousBackups: &ddbtypes.ContinuousBackupsDescription{ContinuousBackupsStatus: "ENABLED"}}, false, false},
		{"PITR disabled", DynamoDBTable{ContinuousBackups: pitr("DISABLED")}, false, false},
		{"PITR enabled, protected", DynamoDBTable{ContinuousBackups: pitr("ENABLED"),
			TableDescription: ddbtypes.TableDescription{DeletionProtectionEnabled: aws.Bool(true)}}, true, true},
		{"protection off", DynamoDBTable{TableDescription: ddbtypes.TableDescription{DeletionProtectionEnabled: aws.Bool(false)}}, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.t.Derive()
			if c.t.PointInTimeRecovery != c.pitr || c.t.DeletionProtected != c.protected {
				t.Errorf("point_in_time_recovery %v deletion_protected %v, want %v %v", c.t.PointInTimeRecovery, c.t.DeletionProtected, c.pitr, c.protected)
			}
		})
	}
}
