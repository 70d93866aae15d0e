package awsinv

// aws.ec2.security_group: security groups, read with ec2:DescribeSecurityGroups.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectEC2SecurityGroups(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.SecurityGroups {
			sg := awsmodel.EC2SecurityGroup{SecurityGroup: g}
			id := aws.ToString(g.GroupId)
			arn := aws.ToString(g.SecurityGroupArn)
			if arn == "" {
				arn = ec2ARN(s, s.Account, "security-group", id)
			}
			tags, _ := ec2Tags(g.Tags)
			s.Emit(s.New(awsmodel.TypeEC2SecurityGroup, arn, nameOr(aws.ToString(g.GroupName), id), tags, nil, sg))
		}
	}
	return nil
}
