package awsmodel

import (
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TypeDynamoDBTable is a DynamoDB table.
const TypeDynamoDBTable = "aws.dynamodb.table"

func dynamodbTypes() []Type {
	return []Type{typeOf[DynamoDBTable](TypeDynamoDBTable, "AWS::DynamoDB::Table", false)}
}

// DynamoDBTable is aws.dynamodb.table: DescribeTable's description with
// the table's continuous backups (DescribeContinuousBackups).
type DynamoDBTable struct {
	ddbtypes.TableDescription
	// ContinuousBackups is the table's backup settings (nil: not read).
	ContinuousBackups *ddbtypes.ContinuousBackupsDescription
	// PointInTimeRecovery: the table can be restored to any second of
	// its recovery period.
	PointInTimeRecovery bool `attr:"point_in_time_recovery"`
	// DeletionProtected: the table cannot be deleted until deletion
	// protection is turned off.
	DeletionProtected bool `attr:"deletion_protected"`
}

// Derive computes the table's derived fields.
func (t *DynamoDBTable) Derive() {
	cb := t.ContinuousBackups
	t.PointInTimeRecovery = cb != nil && cb.PointInTimeRecoveryDescription != nil &&
		cb.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus == ddbtypes.PointInTimeRecoveryStatusEnabled
	t.DeletionProtected = t.DeletionProtectionEnabled != nil && *t.DeletionProtectionEnabled
}
