package awsinv

// aws.rds.db_cluster_snapshot: RDS DB cluster snapshots, read with
// rds:DescribeDBClusterSnapshots and rds:DescribeDBClusterSnapshotAttributes.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectRDSClusterSnapshots is collectRDSSnapshots for cluster
// snapshots.
func collectRDSClusterSnapshots(ctx context.Context, s *Session) error {
	c := rds.NewFromConfig(s.Config)
	p := rds.NewDescribeDBClusterSnapshotsPaginator(c, &rds.DescribeDBClusterSnapshotsInput{SnapshotType: aws.String("manual"), MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, sn := range page.DBClusterSnapshots {
			snap := awsmodel.RDSDBClusterSnapshot{DBClusterSnapshot: sn}
			var unread []string
			id := aws.ToString(sn.DBClusterSnapshotIdentifier)
			out, err := c.DescribeDBClusterSnapshotAttributes(ctx, &rds.DescribeDBClusterSnapshotAttributesInput{DBClusterSnapshotIdentifier: sn.DBClusterSnapshotIdentifier})
			if err != nil {
				s.Fail("rds:DescribeDBClusterSnapshotAttributes", fmt.Errorf("cluster snapshot %s: %w", id, err))
				unread = []string{"restore_accounts", "public"}
			} else if out.DBClusterSnapshotAttributesResult != nil {
				for _, a := range out.DBClusterSnapshotAttributesResult.DBClusterSnapshotAttributes {
					if aws.ToString(a.AttributeName) == "restore" {
						snap.RestoreAccounts = a.AttributeValues
					}
				}
			}
			s.Emit(s.New(awsmodel.TypeRDSDBClusterSnapshot, aws.ToString(sn.DBClusterSnapshotArn), id, rdsTags(sn.TagList), unread, snap))
		}
	}
	return nil
}
