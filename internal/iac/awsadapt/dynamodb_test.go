package awsadapt

import (
	"fmt"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestDynamoDBTables(t *testing.T) {
	insts := []cloudres.Instance{
		// Defaults: no recovery, no protection, AWS owned key.
		tf("aws_dynamodb_table", "aws_dynamodb_table.plain", 1, props{"name": "plain"}),
		tf("aws_dynamodb_table", "aws_dynamodb_table.safe", 10, props{"name": "safe", "deletion_protection_enabled": true,
			"point_in_time_recovery": items(props{"enabled": true}),
			"server_side_encryption": items(props{"enabled": true, "kms_key_arn": refAt("aws_kms_key.k", "arn")})}),
		tf("aws_dynamodb_table", "aws_dynamodb_table.later", 20, props{"name": "later", "deletion_protection_enabled": cloudres.Unknown{},
			"point_in_time_recovery": items(props{"enabled": cloudres.Unknown{}})}),
		cfnRes("AWS::DynamoDB::Table", "Cfn", 1, props{"DeletionProtectionEnabled": "true",
			"PointInTimeRecoverySpecification": props{"PointInTimeRecoveryEnabled": "false"}}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-dynamodb-point-in-time-recovery", []string{"plain", "Cfn"}, []string{"safe", "later"})
	assertFires(t, got, "aws-dynamodb-deletion-protection", []string{"plain"}, []string{"safe", "later", "Cfn"})
	safe := find(t, res, "safe").Attributes
	if fmt.Sprint(safe["sse_description"]) != "map[kms_master_key_arn:(set at apply) sse_type:KMS status:ENABLED]" {
		t.Errorf("safe: encryption %v", safe["sse_description"])
	}
	if u := fmt.Sprint(unreadAttrs(t, res, "later")); u != "[deletion_protected point_in_time_recovery]" {
		t.Errorf("later: unread %s", u)
	}
}
