package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// rdsDBClusterSnapshot reads a manual cluster snapshot and the accounts
// it is shared with.
func rdsDBClusterSnapshot(_ *Index, b *builder) (string, any) {
	id, restore := readSnapshot(b, "db_cluster_snapshot_identifier")
	return id, awsmodel.RDSDBClusterSnapshot{DBClusterSnapshot: rdstypes.DBClusterSnapshot{DBClusterSnapshotIdentifier: aws.String(id),
		SnapshotType: aws.String("manual")}, RestoreAccounts: restore}
}
