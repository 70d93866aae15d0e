package awsinv

// aws.ec2.vpc: VPCs and their flow logs, read with ec2:DescribeVpcs and
// ec2:DescribeFlowLogs.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectEC2VPCs reads the region's VPCs and, once, all its flow logs,
// joining them by resource ID.
func collectEC2VPCs(ctx context.Context, s *Session, c *ec2.Client) error {
	var vpcs []ec2types.Vpc
	p := ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		vpcs = append(vpcs, page.Vpcs...)
	}
	var unread []string
	logs := map[string][]ec2types.FlowLog{}
	fp := ec2.NewDescribeFlowLogsPaginator(c, &ec2.DescribeFlowLogsInput{MaxResults: aws.Int32(1000)})
	for fp.HasMorePages() {
		page, err := fp.NextPage(ctx)
		if err != nil {
			s.Fail("ec2:DescribeFlowLogs", err)
			unread = []string{"flow_logs", "flow_logs_enabled"}
			logs = nil
			break
		}
		for _, f := range page.FlowLogs {
			logs[aws.ToString(f.ResourceId)] = append(logs[aws.ToString(f.ResourceId)], f)
		}
	}
	for _, v := range vpcs {
		id := aws.ToString(v.VpcId)
		vpc := awsmodel.EC2VPC{Vpc: v, FlowLogs: logs[id]}
		tags, name := ec2Tags(v.Tags)
		s.Emit(s.New(awsmodel.TypeEC2VPC, ec2ARN(s, s.Account, "vpc", id), nameOr(name, id), tags, unread, vpc))
	}
	return nil
}
