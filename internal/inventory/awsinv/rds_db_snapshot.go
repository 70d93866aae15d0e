package awsinv

// aws.rds.db_snapshot: RDS DB snapshots, read with rds:DescribeDBSnapshots
// and rds:DescribeDBSnapshotAttributes.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectRDSSnapshots reads the account's manual DB snapshots and, per
// snapshot (RDS has no batch form), who may restore it. Automated
// snapshots cannot be shared, so they are not read.
func collectRDSSnapshots(ctx context.Context, s *Session) error {
	c := rds.NewFromConfig(s.Config)
	p := rds.NewDescribeDBSnapshotsPaginator(c, &rds.DescribeDBSnapshotsInput{SnapshotType: aws.String("manual"), MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, sn := range page.DBSnapshots {
			snap := awsmodel.RDSDBSnapshot{DBSnapshot: sn}
			var unread []string
			id := aws.ToString(sn.DBSnapshotIdentifier)
			out, err := c.DescribeDBSnapshotAttributes(ctx, &rds.DescribeDBSnapshotAttributesInput{DBSnapshotIdentifier: sn.DBSnapshotIdentifier})
			if err != nil {
				s.Fail("rds:DescribeDBSnapshotAttributes", fmt.Errorf("snapshot %s: %w", id, err))
				unread = []string{"restore_accounts", "public"}
			} else if out.DBSnapshotAttributesResult != nil {
				snap.RestoreAccounts = awsmodel.RestoreAccounts(out.DBSnapshotAttributesResult.DBSnapshotAttributes)
			}
			s.Emit(s.New(awsmodel.TypeRDSDBSnapshot, aws.ToString(sn.DBSnapshotArn), id, rdsTags(sn.TagList), unread, snap))
		}
	}
	return nil
}
