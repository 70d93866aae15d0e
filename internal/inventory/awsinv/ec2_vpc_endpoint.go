package awsinv

// aws.ec2.vpc_endpoint: VPC endpoints, read with ec2:DescribeVpcEndpoints.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectEC2VPCEndpoints(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeVpcEndpointsPaginator(c, &ec2.DescribeVpcEndpointsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, e := range page.VpcEndpoints {
			id := aws.ToString(e.VpcEndpointId)
			ep := awsmodel.EC2VPCEndpoint{VpcEndpoint: e}
			var unread []string
			if text := aws.ToString(e.PolicyDocument); text != "" {
				doc, err := awsmodel.ParsePolicy(text, s.Account)
				if err != nil {
					s.Fail("ec2:DescribeVpcEndpoints", err)
					unread = append(unread, "policy")
				}
				ep.Policy = doc
			}
			tags, name := ec2Tags(e.Tags)
			s.Emit(s.New(awsmodel.TypeEC2VPCEndpoint, ec2ARN(s, s.Account, "vpc-endpoint", id), nameOr(name, id), tags, unread, ep))
		}
	}
	return nil
}
