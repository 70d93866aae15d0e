package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// ec2VPC reads a VPC with the flow logs declared for it.
func ec2VPC(ix *Index, b *builder) (string, any) {
	in := b.in
	v := awsmodel.EC2VPC{}
	v.VpcId, v.IsDefault = aws.String(b.idOr()), aws.Bool(in.Type == "aws_default_vpc")
	if c, ok := b.str(spell(in, "cidr_block", "CidrBlock"), ""); ok {
		v.CidrBlock = aws.String(c)
	}
	// A flow log the source declares for the VPC is created
	// ACTIVE (the state DescribeFlowLogs reports for a working
	// log). A flow log whose VPC cannot be told (unknown, or a
	// reference out of the scope) might be this VPC's: the
	// derived flag is then unread rather than false.
	undecided := false
	for _, fl := range ix.inScope(spell(in, "aws_flow_log", "AWS::EC2::FlowLog"), in) {
		if cfn(fl) {
			if rt, _ := fl.Get("ResourceType"); rt != "VPC" {
				continue
			}
		}
		switch ix.linkOf(fl, spell(fl, "vpc_id", "ResourceId"), in, *v.VpcId) {
		case linkTarget:
			fb := newBuilder(fl)
			f := ec2types.FlowLog{FlowLogId: aws.String(fl.Address), ResourceId: v.VpcId, FlowLogStatus: aws.String("ACTIVE")}
			if tt, ok := fb.str(spell(fl, "traffic_type", "TrafficType"), "flow_logs"); ok {
				f.TrafficType = ec2types.TrafficType(tt)
			}
			v.FlowLogs = append(v.FlowLogs, f)
			b.locateBlock("flow_logs_enabled", fl)
			b.merge(fb)
		case linkUnknown:
			undecided = true
		}
	}
	// Every flow log declared is active: with one, the flag is set.
	if undecided && len(v.FlowLogs) == 0 {
		b.unknown("flow_logs_enabled")
	}
	return b.nameTag(), v
}
