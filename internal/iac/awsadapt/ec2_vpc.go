package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// ec2VPCAdapter reads VPCs with their flow logs.
func ec2VPCAdapter() adapter {
	return adapter{Target: awsmodel.TypeEC2VPC, Adapt: adaptVPCs,
		Consumes: []string{"aws_vpc", "aws_default_vpc", "aws_flow_log", "AWS::EC2::VPC", "AWS::EC2::FlowLog"}}
}

func adaptVPCs(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range []string{"aws_vpc", "aws_default_vpc", "AWS::EC2::VPC"} {
		for _, in := range ix.OfType(t) {
			b := newBuilder(in)
			v := awsmodel.EC2VPC{}
			v.VpcId, v.IsDefault = aws.String(b.idOr("id")), aws.Bool(t == "aws_default_vpc")
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
			out = append(out, b.resource(awsmodel.TypeEC2VPC, b.nameTag(), v))
		}
	}
	return out
}
