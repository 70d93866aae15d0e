package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// autoScalingGroup reads an Auto Scaling group: how it launches (launch
// template, mixed instances policy or launch configuration), what load
// balancers it registers with (its own arguments and Terraform's
// attachment resources), its health check type (EC2 when omitted, the
// API's default) and its Availability Zones, given directly or through
// its subnets: a subnet declared in the same scope with a literal zone
// counts, any other makes zone_count unknown unless there is only one.
func autoScalingGroup(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "AutoScalingGroupName"))
	g := astypes.AutoScalingGroup{AutoScalingGroupName: aws.String(name), HealthCheckType: aws.String("EC2")}
	if arn := knownStr(in, "arn"); arn != "" {
		g.AutoScalingGroupARN = &arn
	}
	b.setStr(&g.HealthCheckType, spell(in, "health_check_type", "HealthCheckType"), "elb_health_check")
	g.LoadBalancerNames = b.strList(spell(in, "load_balancers", "LoadBalancerNames"), "load_balanced", true)
	g.TargetGroupARNs = b.strList(spell(in, "target_group_arns", "TargetGroupARNs"), "load_balanced", true)
	ts := spell(in, "traffic_source", "TrafficSources")
	for i := range b.list(ts, "load_balanced") {
		if s, ok := b.strOrRef(ts+"."+itoa(i)+"."+spell(in, "identifier", "Identifier"), "load_balanced"); ok {
			g.TrafficSources = append(g.TrafficSources, astypes.TrafficSourceIdentifier{Identifier: aws.String(s)})
		}
	}
	if !cfn(in) {
		for _, a := range linked(ix, "aws_autoscaling_attachment", "autoscaling_group_name", in, name) {
			sb := newBuilder(a)
			if s, ok := sb.strOrRef("elb", "load_balanced"); ok {
				g.LoadBalancerNames = append(g.LoadBalancerNames, s)
			}
			if s, ok := sb.strOrRef("lb_target_group_arn", "load_balanced"); ok {
				g.TargetGroupARNs = append(g.TargetGroupARNs, s)
			}
			b.merge(sb)
		}
		for _, a := range linked(ix, "aws_autoscaling_traffic_source_attachment", "autoscaling_group_name", in, name) {
			g.TrafficSources = append(g.TrafficSources, astypes.TrafficSourceIdentifier{Identifier: aws.String(a.Address)})
			b.locateBlock("load_balanced", a)
		}
	}
	g.AvailabilityZones = groupZones(ix, b)
	b.setStr(&g.LaunchConfigurationName, spell(in, "launch_configuration", "LaunchConfigurationName"), "uses_launch_template")
	if spec, ok := templateSpec(b, spell(in, "launch_template.0.", "LaunchTemplate.")); ok {
		g.LaunchTemplate = spec
	}
	mip := spell(in, "mixed_instances_policy.0.launch_template.0.", "MixedInstancesPolicy.LaunchTemplate.")
	if _, set := in.Get(mip[:len(mip)-1]); set {
		lt := &astypes.LaunchTemplate{}
		lt.LaunchTemplateSpecification, _ = templateSpec(b, mip+spell(in, "launch_template_specification.0.", "LaunchTemplateSpecification."))
		ovs := mip + spell(in, "override", "Overrides")
		for i := range b.list(ovs, "instance_type_count") {
			p := ovs + "." + itoa(i) + "."
			o := astypes.LaunchTemplateOverrides{}
			b.setStr(&o.InstanceType, p+spell(in, "instance_type", "InstanceType"), "instance_type_count")
			if _, set := in.Get(p + spell(in, "instance_requirements", "InstanceRequirements")); set {
				o.InstanceRequirements = &astypes.InstanceRequirements{}
			}
			lt.Overrides = append(lt.Overrides, o)
		}
		g.MixedInstancesPolicy = &astypes.MixedInstancesPolicy{LaunchTemplate: lt}
	}
	return name, awsmodel.AutoScalingGroup{AutoScalingGroup: g}
}

// templateSpec reads a launch template specification (id or name, and
// version) at prefix; ok is false when there is none.
func templateSpec(b *builder, prefix string) (*astypes.LaunchTemplateSpecification, bool) {
	in := b.in
	if _, set := in.Get(prefix[:len(prefix)-1]); !set {
		return nil, false
	}
	spec := &astypes.LaunchTemplateSpecification{}
	if s, ok := b.strOrRef(prefix+spell(in, "id", "LaunchTemplateId"), "uses_launch_template"); ok {
		spec.LaunchTemplateId = &s
	}
	if s, ok := b.strOrRef(prefix+spell(in, "name", "LaunchTemplateName"), "uses_launch_template"); ok {
		spec.LaunchTemplateName = &s
	}
	b.setStr(&spec.Version, prefix+spell(in, "version", "Version"), "")
	b.locateFirst("uses_launch_template", prefix[:len(prefix)-1])
	return spec, true
}

// groupZones returns the group's Availability Zones: those it names, or
// those of its subnets. Zones it cannot tell make zone_count unknown.
func groupZones(ix *Index, b *builder) []string {
	in := b.in
	if zs := b.strList(spell(in, "availability_zones", "AvailabilityZones"), "zone_count", false); len(zs) > 0 {
		return zs
	}
	path := spell(in, "vpc_zone_identifier", "VPCZoneIdentifier")
	v, ok := in.Get(path)
	if !ok {
		return nil
	}
	var subnets []any
	switch x := v.(type) {
	case []any:
		subnets = x
	case string: // a comma-separated list (CloudFormation Fn::Join output)
		for _, s := range strings.Split(x, ",") {
			subnets = append(subnets, strings.TrimSpace(s))
		}
	default:
		b.unknown("zone_count")
		return nil
	}
	b.locate("zone_count", path)
	var zones []string
	unknown := false
	for _, s := range subnets {
		sub, ok := ix.Resolve(in, s)
		if !ok {
			unknown = true
			continue
		}
		if z := knownStr(sub, spell(sub, "availability_zone", "AvailabilityZone")); z != "" {
			zones = append(zones, z)
		} else {
			unknown = true
		}
	}
	if unknown && len(subnets) > 1 {
		b.unknown("zone_count")
		return zones
	}
	if len(zones) == 0 && len(subnets) == 1 {
		zones = []string{subnetZone(subnets[0])}
	}
	return zones
}

// subnetZone names the zone of a subnet whose zone is not declared:
// one zone, unnamed.
func subnetZone(s any) string {
	switch x := s.(type) {
	case string:
		return "(zone of " + x + ")"
	case cloudres.Ref:
		return "(zone of " + refPlaceholder(x) + ")"
	}
	return "(zone of a subnet)"
}
