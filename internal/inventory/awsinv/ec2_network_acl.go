package awsinv

// aws.ec2.network_acl: network ACLs, read with ec2:DescribeNetworkAcls.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectEC2NetworkACLs(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeNetworkAclsPaginator(c, &ec2.DescribeNetworkAclsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.NetworkAcls {
			id := aws.ToString(a.NetworkAclId)
			tags, name := ec2Tags(a.Tags)
			s.Emit(s.New(awsmodel.TypeEC2NetworkACL, ec2ARN(s, s.Account, "network-acl", id), nameOr(name, id), tags, nil, awsmodel.EC2NetworkACL{NetworkAcl: a}))
		}
	}
	return nil
}
