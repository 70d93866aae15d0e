package awsinv

// aws.ec2.snapshot: EBS snapshots, read with ec2:DescribeSnapshots.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectEC2Snapshots inventories the account's own snapshots that
// anyone may restore, found with one filtered call (OwnerIds self,
// RestorableByUserIds all). Private snapshots are deliberately left out:
// an account can hold hundreds of thousands of them, no rule needs them,
// and telling who may restore each one would take a
// DescribeSnapshotAttribute call per snapshot.
func collectEC2Snapshots(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeSnapshotsPaginator(c, &ec2.DescribeSnapshotsInput{
		OwnerIds: []string{"self"}, RestorableByUserIds: []string{"all"}, MaxResults: aws.Int32(1000),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, sn := range page.Snapshots {
			id := aws.ToString(sn.SnapshotId)
			tags, name := ec2Tags(sn.Tags)
			s.Emit(s.New(awsmodel.TypeEC2Snapshot, ec2ARN(s, "", "snapshot", id), nameOr(name, id), tags, nil, awsmodel.EC2Snapshot{Snapshot: sn, Public: true}))
		}
	}
	return nil
}
