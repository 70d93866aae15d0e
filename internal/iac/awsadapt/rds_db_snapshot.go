package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// rdsDBSnapshotAdapter reads database snapshots and the accounts they
// are shared with (Terraform only).
func rdsDBSnapshotAdapter() adapter {
	return adapter{Target: awsmodel.TypeRDSDBSnapshot, Adapt: adaptDBSnapshots,
		Consumes: []string{"aws_db_snapshot"}}
}

func adaptDBSnapshots(ix *Index) []*model.Resource {
	return adaptSnapshots(ix, "aws_db_snapshot", "db_snapshot_identifier", awsmodel.TypeRDSDBSnapshot, func(id string, restore []string) any {
		s := awsmodel.RDSDBSnapshot{DBSnapshot: rdstypes.DBSnapshot{DBSnapshotIdentifier: aws.String(id), SnapshotType: aws.String("manual")}, RestoreAccounts: restore}
		return s
	})
}
