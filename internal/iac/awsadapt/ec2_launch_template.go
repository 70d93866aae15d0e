package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// ec2LaunchTemplate reads a launch template's data as its default
// version: a template created from the declaration has one version, and
// Terraform's update_default_version keeps the declared one the default.
// Omitted metadata options stay absent (IMDSv1 allowed), as the live API
// shows them; an omitted associate_public_ip_address asks for no address.
func ec2LaunchTemplate(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "LaunchTemplateName"))
	v := ec2types.LaunchTemplateVersion{LaunchTemplateName: aws.String(name), LaunchTemplateId: aws.String(b.idOr()),
		DefaultVersion: aws.Bool(true)}
	data := &ec2types.ResponseLaunchTemplateData{}
	at := spell(in, "", "LaunchTemplateData.")
	mo := spell(in, "metadata_options.0.", at+"MetadataOptions.")
	if _, set := in.Get(mo[:len(mo)-1]); set {
		opts := &ec2types.LaunchTemplateInstanceMetadataOptions{}
		if s, ok := b.str(mo+spell(in, "http_tokens", "HttpTokens"), "imdsv2_required"); ok {
			opts.HttpTokens = ec2types.LaunchTemplateHttpTokensState(s)
		}
		if s, ok := b.str(mo+spell(in, "http_endpoint", "HttpEndpoint"), "imdsv2_required"); ok {
			opts.HttpEndpoint = ec2types.LaunchTemplateInstanceMetadataEndpointState(s)
		}
		data.MetadataOptions = opts
	}
	nis := spell(in, "network_interfaces", at+"NetworkInterfaces")
	for i := range b.list(nis, "assigns_public_ip") {
		p := nis + "." + itoa(i) + "."
		ni := ec2types.LaunchTemplateInstanceNetworkInterfaceSpecification{}
		// Terraform's argument is a string ("true", "false" or "").
		if v, ok := b.boolean(p+spell(in, "associate_public_ip_address", "AssociatePublicIpAddress"), "assigns_public_ip"); ok {
			ni.AssociatePublicIpAddress = aws.Bool(v)
		}
		if n, ok := b.integer(p+spell(in, "device_index", "DeviceIndex"), ""); ok {
			ni.DeviceIndex = aws.Int32(int32(n))
		}
		data.NetworkInterfaces = append(data.NetworkInterfaces, ni)
	}
	bds := spell(in, "block_device_mappings", at+"BlockDeviceMappings")
	for i := range b.list(bds, "unencrypted_volumes") {
		p := bds + "." + itoa(i) + "."
		bd := ec2types.LaunchTemplateBlockDeviceMapping{}
		b.setStr(&bd.DeviceName, p+spell(in, "device_name", "DeviceName"), "")
		ebs := p + spell(in, "ebs.0", "Ebs")
		if _, set := in.Get(ebs); set {
			bd.Ebs = &ec2types.LaunchTemplateEbsBlockDevice{}
			// Terraform's argument is a string ("true", "false" or "").
			if v, ok := b.boolean(ebs+"."+spell(in, "encrypted", "Encrypted"), "unencrypted_volumes"); ok {
				bd.Ebs.Encrypted = aws.Bool(v)
			}
		}
		data.BlockDeviceMappings = append(data.BlockDeviceMappings, bd)
	}
	if s, ok := b.str(spell(in, "instance_type", at+"InstanceType"), ""); ok {
		data.InstanceType = ec2types.InstanceType(s)
	}
	v.LaunchTemplateData = data
	return name, awsmodel.EC2LaunchTemplate{LaunchTemplateVersion: v}
}
