package awsmodel

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// Type names of EC2 launch templates and the Auto Scaling family.
const (
	TypeEC2LaunchTemplate              = "aws.ec2.launch_template"
	TypeAutoScalingGroup               = "aws.autoscaling.group"
	TypeAutoScalingLaunchConfiguration = "aws.autoscaling.launch_configuration"
)

func autoscalingTypes() []Type {
	return []Type{
		typeOf[EC2LaunchTemplate](TypeEC2LaunchTemplate, "AWS::EC2::LaunchTemplate", false),
		typeOf[AutoScalingGroup](TypeAutoScalingGroup, "AWS::AutoScaling::AutoScalingGroup", false),
		typeOf[AutoScalingLaunchConfiguration](TypeAutoScalingLaunchConfiguration, "AWS::AutoScaling::LaunchConfiguration", false),
	}
}

// EC2LaunchTemplate is aws.ec2.launch_template: the template's default
// version as DescribeLaunchTemplateVersions returns it ($Default), which
// is what an instance or Auto Scaling group launched from the template
// without a version gets. Its user data is never kept.
type EC2LaunchTemplate struct {
	ec2types.LaunchTemplateVersion
	// IMDSv2Required: instances launched from the template need a
	// session token for the metadata service (http_tokens required), or
	// have it switched off. A template that leaves metadata options out
	// does not require it.
	IMDSv2Required bool `attr:"imdsv2_required"`
	// AssignsPublicIP: a network interface of the template asks for a
	// public IPv4 address (associate_public_ip_address true).
	AssignsPublicIP bool `attr:"assigns_public_ip"`
	// UnencryptedVolumes are the device names of the template's EBS
	// volumes that turn encryption off (encrypted false). A volume that
	// leaves it unset follows its snapshot and the region's EBS
	// encryption by default, which aws-ec2-ebs-default-encryption judges.
	UnencryptedVolumes []string `attr:"unencrypted_volumes"`
}

// Derive computes the template's derived fields and drops its user data.
func (t *EC2LaunchTemplate) Derive() {
	t.IMDSv2Required, t.AssignsPublicIP, t.UnencryptedVolumes = false, false, nil
	d := t.LaunchTemplateData
	if d == nil {
		return
	}
	d.UserData = nil // may hold secrets; no rule reads it
	if mo := d.MetadataOptions; mo != nil {
		t.IMDSv2Required = mo.HttpTokens == ec2types.LaunchTemplateHttpTokensStateRequired ||
			mo.HttpEndpoint == ec2types.LaunchTemplateInstanceMetadataEndpointStateDisabled
	}
	for _, bd := range d.BlockDeviceMappings {
		if bd.Ebs != nil && bd.Ebs.Encrypted != nil && !*bd.Ebs.Encrypted {
			t.UnencryptedVolumes = append(t.UnencryptedVolumes, aws.ToString(bd.DeviceName))
		}
	}
	for _, ni := range d.NetworkInterfaces {
		if ni.AssociatePublicIpAddress != nil && *ni.AssociatePublicIpAddress {
			t.AssignsPublicIP = true
		}
	}
}

// AutoScalingGroup is aws.autoscaling.group: DescribeAutoScalingGroups'
// entry without its instance list (which changes with every scaling
// action and no rule reads).
type AutoScalingGroup struct {
	astypes.AutoScalingGroup
	// LoadBalanced: the group registers its instances with a Classic
	// Load Balancer, a target group or another traffic source.
	LoadBalanced bool `attr:"load_balanced"`
	// ELBHealthCheck: the group replaces instances that fail the load
	// balancer's (or VPC Lattice's) health checks, not only EC2 status
	// checks.
	ELBHealthCheck bool `attr:"elb_health_check"`
	// ZoneCount is the number of Availability Zones the group spans.
	ZoneCount int `attr:"zone_count"`
	// UsesLaunchTemplate: instances are launched from a launch template
	// (directly or through a mixed instances policy), not from a launch
	// configuration.
	UsesLaunchTemplate bool `attr:"uses_launch_template"`
	// InstanceTypeCount is the number of instance types the group may
	// launch: the distinct types of its mixed instances policy's
	// overrides (attribute-based selection counts as many), else 1.
	InstanceTypeCount int `attr:"instance_type_count"`
}

// Derive computes the group's derived fields and drops its instance
// list.
func (g *AutoScalingGroup) Derive() {
	g.Instances = nil
	g.LoadBalanced = len(g.LoadBalancerNames) > 0 || len(g.TargetGroupARNs) > 0 || len(g.TrafficSources) > 0
	hc := strings.ToUpper(aws.ToString(g.HealthCheckType))
	g.ELBHealthCheck = strings.Contains(hc, "ELB") || strings.Contains(hc, "VPC_LATTICE")
	zones := map[string]bool{}
	for _, z := range g.AvailabilityZones {
		zones[z] = true
	}
	g.ZoneCount = len(zones)
	mip := g.MixedInstancesPolicy
	g.UsesLaunchTemplate = g.LaunchTemplate != nil || (mip != nil && mip.LaunchTemplate != nil)
	g.InstanceTypeCount = 1
	if mip == nil || mip.LaunchTemplate == nil || len(mip.LaunchTemplate.Overrides) == 0 {
		return
	}
	types := map[string]bool{}
	for _, o := range mip.LaunchTemplate.Overrides {
		if o.InstanceRequirements != nil {
			g.InstanceTypeCount = 2 // attribute-based: any type that matches
			return
		}
		if o.InstanceType != nil {
			types[*o.InstanceType] = true
		}
	}
	g.InstanceTypeCount = max(len(types), 1)
}

// AutoScalingLaunchConfiguration is aws.autoscaling.launch_configuration:
// DescribeLaunchConfigurations' entry, without its user data.
type AutoScalingLaunchConfiguration struct {
	astypes.LaunchConfiguration
	// IMDSv2Required: instances launched need a session token for the
	// metadata service (http_tokens required), or have it switched off.
	// Without metadata options EC2 allows IMDSv1.
	IMDSv2Required bool `attr:"imdsv2_required"`
	// AssignsPublicIP: instances get a public IPv4 address
	// (associate_public_ip_address true).
	AssignsPublicIP bool `attr:"assigns_public_ip"`
}

// Derive computes the configuration's derived fields and drops its user
// data.
func (c *AutoScalingLaunchConfiguration) Derive() {
	c.UserData = nil // may hold secrets; no rule reads it
	mo := c.MetadataOptions
	c.IMDSv2Required = mo != nil && (mo.HttpTokens == astypes.InstanceMetadataHttpTokensStateRequired ||
		mo.HttpEndpoint == astypes.InstanceMetadataEndpointStateDisabled)
	c.AssignsPublicIP = c.AssociatePublicIpAddress != nil && *c.AssociatePublicIpAddress
}
