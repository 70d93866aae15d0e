package awsinv

// aws.ec2.subnet: VPC subnets, read with ec2:DescribeSubnets.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectEC2Subnets(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeSubnetsPaginator(c, &ec2.DescribeSubnetsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, sn := range page.Subnets {
			id := aws.ToString(sn.SubnetId)
			arn := aws.ToString(sn.SubnetArn)
			if arn == "" {
				arn = ec2ARN(s, s.Account, "subnet", id)
			}
			tags, name := ec2Tags(sn.Tags)
			s.Emit(s.New(awsmodel.TypeEC2Subnet, arn, nameOr(name, id), tags, nil, awsmodel.EC2Subnet{Subnet: sn}))
		}
	}
	return nil
}
