package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// dynamodbTable reads a table's point-in-time recovery, deletion
// protection and encryption. Omitted, point-in-time recovery and
// deletion protection are off and the table is encrypted with an AWS
// owned key (the API's defaults, which the provider and CloudFormation
// leave to it).
func dynamodbTable(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "TableName"))
	t := awsmodel.DynamoDBTable{TableDescription: ddbtypes.TableDescription{TableName: aws.String(name)}}
	if arn := knownStr(in, "arn"); arn != "" {
		t.TableArn = &arn
	}
	pitr := ddbtypes.PointInTimeRecoveryStatusDisabled
	if v, ok := b.boolean(spell(in, "point_in_time_recovery.0.enabled", "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled"), "point_in_time_recovery"); ok && v {
		pitr = ddbtypes.PointInTimeRecoveryStatusEnabled
	}
	t.ContinuousBackups = &ddbtypes.ContinuousBackupsDescription{ContinuousBackupsStatus: ddbtypes.ContinuousBackupsStatusEnabled,
		PointInTimeRecoveryDescription: &ddbtypes.PointInTimeRecoveryDescription{PointInTimeRecoveryStatus: pitr}}
	t.DeletionProtectionEnabled = aws.Bool(false)
	if v, ok := b.boolean(spell(in, "deletion_protection_enabled", "DeletionProtectionEnabled"), "deletion_protected"); ok {
		t.DeletionProtectionEnabled = aws.Bool(v)
	}
	sse := spell(in, "server_side_encryption.0.", "SSESpecification.")
	if v, ok := b.boolean(sse+spell(in, "enabled", "SSEEnabled"), "sse_description"); ok && v {
		d := &ddbtypes.SSEDescription{Status: ddbtypes.SSEStatusEnabled, SSEType: ddbtypes.SSETypeKms}
		if s, ok := presentStr(b, sse+spell(in, "kms_key_arn", "KMSMasterKeyId"), "sse_description"); ok {
			d.KMSMasterKeyArn = &s
		}
		t.SSEDescription = d
	}
	if s, ok := b.str(spell(in, "billing_mode", "BillingMode"), ""); ok {
		t.BillingModeSummary = &ddbtypes.BillingModeSummary{BillingMode: ddbtypes.BillingMode(s)}
	}
	return name, t
}
