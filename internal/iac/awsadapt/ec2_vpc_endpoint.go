package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// ec2VPCEndpointAdapter reads VPC endpoints and their policies.
func ec2VPCEndpointAdapter() adapter {
	return adapter{Target: awsmodel.TypeEC2VPCEndpoint, Adapt: adaptVPCEndpoints,
		Consumes: []string{"aws_vpc_endpoint", "AWS::EC2::VPCEndpoint"}}
}

func adaptVPCEndpoints(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_vpc_endpoint", "AWS::EC2::VPCEndpoint") {
		b := newBuilder(in)
		e := awsmodel.EC2VPCEndpoint{}
		e.VpcEndpointId = aws.String(b.idOr("id"))
		if s, ok := b.strOrRef(spell(in, "service_name", "ServiceName"), "service_name"); ok {
			e.ServiceName = aws.String(s)
		}
		// The endpoint type defaults to Gateway (both sources).
		e.VpcEndpointType = ec2types.VpcEndpointTypeGateway
		if s, ok := b.str(spell(in, "vpc_endpoint_type", "VpcEndpointType"), "vpc_endpoint_type"); ok {
			e.VpcEndpointType = ec2types.VpcEndpointType(s)
		}
		if s, ok := b.strOrRef(spell(in, "vpc_id", "VpcId"), "vpc_id"); ok {
			e.VpcId = aws.String(s)
		}
		pol := spell(in, "policy", "PolicyDocument")
		if doc := b.policy(pol, "policy", ""); doc != nil {
			e.Policy = doc
			e.PolicyDocument = aws.String(mustJSON(in.Values[pol]))
			if s, ok := in.Values[pol].(string); ok {
				e.PolicyDocument = aws.String(s)
			}
		}
		out = append(out, b.resource(awsmodel.TypeEC2VPCEndpoint, in.Name, e))
	}
	return out
}
