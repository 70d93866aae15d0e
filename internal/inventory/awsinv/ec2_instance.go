package awsinv

// aws.ec2.instance: EC2 instances, read with ec2:DescribeInstances.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectEC2Instances(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, res := range page.Reservations {
			for _, in := range res.Instances {
				inst := awsmodel.EC2Instance{Instance: in}
				id := aws.ToString(in.InstanceId)
				tags, name := ec2Tags(in.Tags)
				s.Emit(s.New(awsmodel.TypeEC2Instance, ec2ARN(s, s.Account, "instance", id), nameOr(name, id), tags, nil, inst))
			}
		}
	}
	return nil
}
