package awsinv

// aws.ec2.route_table: route tables, read with ec2:DescribeRouteTables.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectEC2RouteTables(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeRouteTablesPaginator(c, &ec2.DescribeRouteTablesInput{MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, rt := range page.RouteTables {
			id := aws.ToString(rt.RouteTableId)
			tags, name := ec2Tags(rt.Tags)
			s.Emit(s.New(awsmodel.TypeEC2RouteTable, ec2ARN(s, s.Account, "route-table", id), nameOr(name, id), tags, nil, awsmodel.EC2RouteTable{RouteTable: rt}))
		}
	}
	return nil
}
