package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// rdsDBClusterSnapshotAdapter reads cluster snapshots and the accounts
// they are shared with (Terraform only).
func rdsDBClusterSnapshotAdapter() adapter {
	return adapter{Target: awsmodel.TypeRDSDBClusterSnapshot, Adapt: adaptDBClusterSnapshots,
		Consumes: []string{"aws_db_cluster_snapshot"}}
}

func adaptDBClusterSnapshots(ix *Index) []*model.Resource {
	return adaptSnapshots(ix, "aws_db_cluster_snapshot", "db_cluster_snapshot_identifier", awsmodel.TypeRDSDBClusterSnapshot, func(id string, restore []string) any {
		s := awsmodel.RDSDBClusterSnapshot{DBClusterSnapshot: rdstypes.DBClusterSnapshot{DBClusterSnapshotIdentifier: aws.String(id), SnapshotType: aws.String("manual")}, RestoreAccounts: restore}
		return s
	})
}
