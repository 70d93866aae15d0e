package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// ec2VPCEndpoint reads a VPC endpoint with its policy.
func ec2VPCEndpoint(_ *Index, b *builder) (string, any) {
	in := b.in
	e := awsmodel.EC2VPCEndpoint{}
	e.VpcEndpointId = aws.String(b.idOr())
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
	if doc := b.policy(pol, "policy"); doc != nil {
		e.Policy = doc
		e.PolicyDocument = aws.String(mustJSON(in.Values[pol]))
		if s, ok := in.Values[pol].(string); ok {
			e.PolicyDocument = aws.String(s)
		}
	}
	return in.Name, e
}
