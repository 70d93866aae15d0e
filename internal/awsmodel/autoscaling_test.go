package awsmodel

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func TestEC2LaunchTemplateDerive(t *testing.T) {
	ni := func(public *bool) []ec2types.LaunchTemplateInstanceNetworkInterfaceSpecification {
		return []ec2types.LaunchTemplateInstanceNetworkInterfaceSpecification{{DeviceIndex: aws.Int32(0)}, {AssociatePublicIpAddress: public}}
	}
	for _, c := range []struct {
		name           string
		data           *ec2types.ResponseLaunchTemplateData
		imdsv2, public bool
	}{
		{"no data", nil, false, false},
		{"metadata options left out", &ec2types.ResponseLaunchTemplateData{}, false, false},
		{"optional tokens", &ec2types.ResponseLaunchTemplateData{MetadataOptions: &ec2types.LaunchTemplateInstanceMetadataOptions{HttpTokens: "optional"}}, false, false},
		{"required tokens", &ec2types.ResponseLaunchTemplateData{MetadataOptions: &ec2types.LaunchTemplateInstanceMetadataOptions{HttpTokens: "required"}}, true, false},
		{"endpoint disabled", &ec2types.ResponseLaunchTemplateData{MetadataOptions: &ec2types.LaunchTemplateInstanceMetadataOptions{HttpEndpoint: "disabled"}}, true, false},
		{"second interface public", &ec2types.ResponseLaunchTemplateData{NetworkInterfaces: ni(aws.Bool(true))}, false, true},
		{"interfaces private", &ec2types.ResponseLaunchTemplateData{NetworkInterfaces: ni(aws.Bool(false))}, false, false},
		{"public address unset", &ec2types.ResponseLaunchTemplateData{NetworkInterfaces: ni(nil)}, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			lt := EC2LaunchTemplate{LaunchTemplateVersion: ec2types.LaunchTemplateVersion{LaunchTemplateData: c.data}}
			lt.Derive()
			if lt.IMDSv2Required != c.imdsv2 || lt.AssignsPublicIP != c.public {
				t.Errorf("imdsv2_required %v assigns_public_ip %v, want %v %v", lt.IMDSv2Required, lt.AssignsPublicIP, c.imdsv2, c.public)
			}
		})
	}
	ebs := func(dev string, enc *bool) ec2types.LaunchTemplateBlockDeviceMapping {
		return ec2types.LaunchTemplateBlockDeviceMapping{DeviceName: aws.String(dev), Ebs: &ec2types.LaunchTemplateEbsBlockDevice{Encrypted: enc}}
	}
	vols := EC2LaunchTemplate{LaunchTemplateVersion: ec2types.LaunchTemplateVersion{LaunchTemplateData: &ec2types.ResponseLaunchTemplateData{
		BlockDeviceMappings: []ec2types.LaunchTemplateBlockDeviceMapping{ebs("/dev/xvda", aws.Bool(true)), ebs("/dev/xvdb", aws.Bool(false)),
			ebs("/dev/xvdc", nil), {DeviceName: aws.String("/dev/xvdd"), VirtualName: aws.String("ephemeral0")}}}}}
	vols.Derive()
	if fmt.Sprint(vols.UnencryptedVolumes) != "[/dev/xvdb]" {
		t.Errorf("unencrypted_volumes %v, want only the volume that turns encryption off", vols.UnencryptedVolumes)
	}
	lt := EC2LaunchTemplate{LaunchTemplateVersion: ec2types.LaunchTemplateVersion{LaunchTemplateData: &ec2types.ResponseLaunchTemplateData{UserData: aws.String("c2VjcmV0")}}}
	typ, _ := Lookup(TypeEC2LaunchTemplate)
	if attrs := NewResource(typ, Base{ID: "lt"}, lt).Attributes; attrs["launch_template_data"].(map[string]any)["user_data"] != nil {
		t.Errorf("user data is kept: %v", attrs)
	}
}

func TestAutoScalingGroupDerive(t *testing.T) {
	lt := &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String("lt-1")}
	mixed := func(o ...astypes.LaunchTemplateOverrides) *astypes.MixedInstancesPolicy {
		return &astypes.MixedInstancesPolicy{LaunchTemplate: &astypes.LaunchTemplate{LaunchTemplateSpecification: lt, Overrides: o}}
	}
	typ := func(s string) astypes.LaunchTemplateOverrides {
		return astypes.LaunchTemplateOverrides{InstanceType: aws.String(s)}
	}
	for _, c := range []struct {
		name     string
		g        astypes.AutoScalingGroup
		lb, elb  bool
		zones    int
		template bool
		types    int
	}{
		{"launch configuration, one zone", astypes.AutoScalingGroup{LaunchConfigurationName: aws.String("lc"), AvailabilityZones: []string{"a"}, HealthCheckType: aws.String("EC2")}, false, false, 1, false, 1},
		{"target group with EC2 checks", astypes.AutoScalingGroup{TargetGroupARNs: []string{"arn:tg"}, HealthCheckType: aws.String("EC2"), LaunchTemplate: lt, AvailabilityZones: []string{"a", "b"}}, true, false, 2, true, 1},
		{"classic ELB with ELB checks", astypes.AutoScalingGroup{LoadBalancerNames: []string{"web"}, HealthCheckType: aws.String("ELB")}, true, true, 0, false, 1},
		{"lattice", astypes.AutoScalingGroup{TrafficSources: []astypes.TrafficSourceIdentifier{{Identifier: aws.String("arn:lattice")}}, HealthCheckType: aws.String("VPC_LATTICE")}, true, true, 0, false, 1},
		{"mixed, same type twice", astypes.AutoScalingGroup{MixedInstancesPolicy: mixed(typ("m5.large"), typ("m5.large"))}, false, false, 0, true, 1},
		{"mixed, two types", astypes.AutoScalingGroup{MixedInstancesPolicy: mixed(typ("m5.large"), typ("m6i.large"))}, false, false, 0, true, 2},
		{"mixed, attribute-based", astypes.AutoScalingGroup{MixedInstancesPolicy: mixed(astypes.LaunchTemplateOverrides{InstanceRequirements: &astypes.InstanceRequirements{}})}, false, false, 0, true, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.g.Instances = []astypes.Instance{{InstanceId: aws.String("i-1")}}
			g := AutoScalingGroup{AutoScalingGroup: c.g}
			g.Derive()
			if g.LoadBalanced != c.lb || g.ELBHealthCheck != c.elb || g.ZoneCount != c.zones || g.UsesLaunchTemplate != c.template || g.InstanceTypeCount != c.types {
				t.Errorf("got lb %v elb %v zones %d template %v types %d", g.LoadBalanced, g.ELBHealthCheck, g.ZoneCount, g.UsesLaunchTemplate, g.InstanceTypeCount)
			}
			if g.Instances != nil {
				t.Errorf("the instance list is kept")
			}
		})
	}
}

func TestAutoScalingLaunchConfigurationDerive(t *testing.T) {
	for _, c := range []struct {
		name           string
		lc             astypes.LaunchConfiguration
		imdsv2, public bool
	}{
		{"defaults", astypes.LaunchConfiguration{}, false, false},
		{"required, public", astypes.LaunchConfiguration{AssociatePublicIpAddress: aws.Bool(true),
			MetadataOptions: &astypes.InstanceMetadataOptions{HttpTokens: "required"}}, true, true},
		{"optional, private", astypes.LaunchConfiguration{AssociatePublicIpAddress: aws.Bool(false),
			MetadataOptions: &astypes.InstanceMetadataOptions{HttpTokens: "optional"}}, false, false},
		{"endpoint disabled", astypes.LaunchConfiguration{MetadataOptions: &astypes.InstanceMetadataOptions{HttpEndpoint: "disabled"}}, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.lc.UserData = aws.String("c2VjcmV0")
			lc := AutoScalingLaunchConfiguration{LaunchConfiguration: c.lc}
			lc.Derive()
			if lc.IMDSv2Required != c.imdsv2 || lc.AssignsPublicIP != c.public || lc.UserData != nil {
				t.Errorf("imdsv2_required %v assigns_public_ip %v user data %v, want %v %v nil", lc.IMDSv2Required, lc.AssignsPublicIP, lc.UserData, c.imdsv2, c.public)
			}
		})
	}
}
