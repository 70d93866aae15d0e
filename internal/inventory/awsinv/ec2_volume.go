package awsinv

// aws.ec2.volume: EBS volumes, read with ec2:DescribeVolumes.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectEC2Volumes(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeVolumesPaginator(c, &ec2.DescribeVolumesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, v := range page.Volumes {
			id := aws.ToString(v.VolumeId)
			tags, name := ec2Tags(v.Tags)
			s.Emit(s.New(awsmodel.TypeEC2Volume, ec2ARN(s, s.Account, "volume", id), nameOr(name, id), tags, nil, awsmodel.EC2Volume{Volume: v}))
		}
	}
	return nil
}
