package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// rdsDBSnapshot reads a manual database snapshot and the accounts it is
// shared with.
func rdsDBSnapshot(_ *Index, b *builder) (string, any) {
	id, restore := readSnapshot(b, "db_snapshot_identifier")
	return id, awsmodel.RDSDBSnapshot{DBSnapshot: rdstypes.DBSnapshot{DBSnapshotIdentifier: aws.String(id), SnapshotType: aws.String("manual")},
		RestoreAccounts: restore}
}
