package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// autoScalingLaunchConfiguration reads a launch configuration. Omitted
// metadata options stay absent (IMDSv1 allowed) and an omitted
// associate_public_ip_address leaves it to the subnet, as the live API
// shows them.
func autoScalingLaunchConfiguration(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "LaunchConfigurationName"))
	lc := astypes.LaunchConfiguration{LaunchConfigurationName: aws.String(name)}
	if arn := knownStr(in, "arn"); arn != "" {
		lc.LaunchConfigurationARN = &arn
	}
	b.setStr(&lc.ImageId, spell(in, "image_id", "ImageId"), "")
	b.setStr(&lc.InstanceType, spell(in, "instance_type", "InstanceType"), "")
	if v, ok := b.boolean(spell(in, "associate_public_ip_address", "AssociatePublicIpAddress"), "assigns_public_ip"); ok {
		lc.AssociatePublicIpAddress = aws.Bool(v)
	}
	mo := spell(in, "metadata_options.0.", "MetadataOptions.")
	if _, set := in.Get(mo[:len(mo)-1]); set {
		opts := &astypes.InstanceMetadataOptions{}
		if s, ok := b.str(mo+spell(in, "http_tokens", "HttpTokens"), "imdsv2_required"); ok {
			opts.HttpTokens = astypes.InstanceMetadataHttpTokensState(s)
		}
		if s, ok := b.str(mo+spell(in, "http_endpoint", "HttpEndpoint"), "imdsv2_required"); ok {
			opts.HttpEndpoint = astypes.InstanceMetadataEndpointState(s)
		}
		lc.MetadataOptions = opts
	}
	return name, awsmodel.AutoScalingLaunchConfiguration{LaunchConfiguration: lc}
}
