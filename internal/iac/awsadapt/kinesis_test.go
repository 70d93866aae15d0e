package awsadapt

import (
	"fmt"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestKinesisStreams(t *testing.T) {
	insts := []cloudres.Instance{
		// Defaults: unencrypted, 24 hours.
		tf("aws_kinesis_stream", "aws_kinesis_stream.plain", 1, props{"name": "plain"}),
		tf("aws_kinesis_stream", "aws_kinesis_stream.safe", 10, props{"name": "safe", "retention_period": int64(168),
			"encryption_type": "KMS", "kms_key_id": refAt("aws_kms_key.k", "arn")}),
		tf("aws_kinesis_stream", "aws_kinesis_stream.later", 20, props{"name": "later", "retention_period": cloudres.Unknown{},
			"encryption_type": cloudres.Unknown{}}),
		cfnRes("AWS::Kinesis::Stream", "Cfn", 1, props{"RetentionPeriodHours": "200",
			"StreamEncryption": props{"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-kinesis-encryption", []string{"plain"}, []string{"safe", "later", "Cfn"})
	assertFires(t, got, "aws-kinesis-retention", []string{"plain"}, []string{"safe", "later", "Cfn"})
	if a := find(t, res, "Cfn").Attributes; a["retention_period_hours"] != int64(200) || a["key_id"] != "alias/aws/kinesis" {
		t.Errorf("Cfn: %v", a)
	}
	if u := fmt.Sprint(unreadAttrs(t, res, "later")); u != "[encrypted retention_period_hours]" {
		t.Errorf("later: unread %s", u)
	}
}
