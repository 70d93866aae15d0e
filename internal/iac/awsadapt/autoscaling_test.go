package awsadapt

import (
	"fmt"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestAutoScalingGroups(t *testing.T) {
	lt := props{"id": refAt("aws_launch_template.web", "id")}
	insts := []cloudres.Instance{
		tf("aws_subnet", "aws_subnet.a", 1, props{"availability_zone": "us-east-1a"}),
		tf("aws_subnet", "aws_subnet.b", 5, props{"availability_zone": "us-east-1b"}),
		tf("aws_launch_template", "aws_launch_template.web", 10, props{"name": "web-lt"}),
		// Defaults: EC2 health checks; zones from its subnets; attached
		// to a target group by a separate resource.
		tf("aws_autoscaling_group", "aws_autoscaling_group.web", 20, props{"name": "web",
			"vpc_zone_identifier": []any{refAt("aws_subnet.a", "id"), refAt("aws_subnet.b", "id")},
			"launch_template":     items(lt)}),
		tf("aws_autoscaling_attachment", "aws_autoscaling_attachment.web", 30, props{
			"autoscaling_group_name": refAt("aws_autoscaling_group.web", "id"), "lb_target_group_arn": refAt("aws_lb_target_group.web", "arn")}),
		// Subnets from a variable: zones unknown.
		tf("aws_autoscaling_group", "aws_autoscaling_group.later", 40, props{"name": "later",
			"vpc_zone_identifier": cloudres.Unknown{}, "launch_configuration": "legacy"}),
		// CloudFormation: a comma-separated subnet list of two literal
		// subnets whose zones are not declared here.
		cfnRes("AWS::AutoScaling::AutoScalingGroup", "Cfn", 1, props{"VPCZoneIdentifier": "subnet-1,subnet-2",
			"HealthCheckType": "ELB", "LoadBalancerNames": []any{"classic"},
			"MixedInstancesPolicy": props{"LaunchTemplate": props{
				"LaunchTemplateSpecification": props{"LaunchTemplateName": "web", "Version": "1"},
				"Overrides":                   []any{props{"InstanceType": "m6i.large"}, props{"InstanceType": "m7i.large"}}}}}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-autoscaling-elb-health-check", []string{"web"}, []string{"later", "Cfn"})
	assertFires(t, got, "aws-autoscaling-multi-az", nil, []string{"web", "later", "Cfn"})
	assertFires(t, got, "aws-autoscaling-launch-template", []string{"later"}, []string{"web", "Cfn"})
	assertFires(t, got, "aws-autoscaling-multiple-instance-types", []string{"web", "later"}, []string{"Cfn"})
	web := find(t, res, "web").Attributes
	if web["load_balanced"] != true || web["health_check_type"] != "EC2" || web["zone_count"] != int64(2) ||
		fmt.Sprint(web["target_group_ar_ns"]) != "[${aws_lb_target_group.web.arn}]" || web["uses_launch_template"] != true {
		t.Errorf("web: %v", web)
	}
	if u := fmt.Sprint(unreadAttrs(t, res, "later")); u != "[zone_count]" {
		t.Errorf("later: unread %s", u)
	}
	if u := fmt.Sprint(unreadAttrs(t, res, "Cfn")); u != "[zone_count]" {
		t.Errorf("Cfn: unread %s", u)
	}
	if src := find(t, res, "web").Source; src.Lines["load_balanced"] != 30 {
		t.Errorf("load_balanced located at %v, want the attachment's line 30", src.Lines)
	}
}

func TestLaunchTemplatesAndConfigurations(t *testing.T) {
	insts := []cloudres.Instance{
		tf("aws_launch_template", "aws_launch_template.web", 1, props{"name": "web",
			"metadata_options":   items(props{"http_tokens": "required"}),
			"network_interfaces": items(props{"device_index": int64(0), "associate_public_ip_address": "true"})}),
		tf("aws_launch_template", "aws_launch_template.later", 10, props{"name": "later",
			"metadata_options":   items(props{"http_tokens": cloudres.Unknown{}}),
			"network_interfaces": items(props{"associate_public_ip_address": ""})}),
		cfnRes("AWS::EC2::LaunchTemplate", "CfnTemplate", 1, props{"LaunchTemplateData": props{
			"MetadataOptions": props{"HttpEndpoint": "disabled"}}}),
		tf("aws_launch_configuration", "aws_launch_configuration.web", 20, props{"name": "web", "associate_public_ip_address": true}),
		cfnRes("AWS::AutoScaling::LaunchConfiguration", "CfnConfig", 20, props{"AssociatePublicIpAddress": "false",
			"MetadataOptions": props{"HttpTokens": "required"}}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-ec2-launch-template-public-ip", []string{"web"}, []string{"later", "CfnTemplate"})
	assertFires(t, got, "aws-ec2-launch-template-imdsv2", nil, []string{"web", "later", "CfnTemplate"})
	assertFires(t, got, "aws-autoscaling-launch-config-public-ip", []string{"web"}, []string{"CfnConfig"})
	assertFires(t, got, "aws-autoscaling-launch-config-imdsv2", []string{"web"}, []string{"CfnConfig"})
	if u := fmt.Sprint(unreadAttrs(t, res, "later")); u != "[imdsv2_required]" {
		t.Errorf("later: unread %s", u)
	}
	if a := find(t, res, "CfnTemplate").Attributes; a["imdsv2_required"] != true {
		t.Errorf("an endpoint switched off needs no token: %v", a)
	}
}
