package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// ecsService reads an ECS service with the task sets declared for it.
// Omitted: no public IP (Terraform's assign_public_ip false,
// CloudFormation's AssignPublicIp DISABLED) and, on Fargate, the LATEST
// platform version.
func ecsService(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "ServiceName"))
	s := awsmodel.ECSService{ServiceName: aws.String(name)}
	if arn := knownStr(in, "id"); strings.HasPrefix(arn, "arn:") {
		s.ServiceArn = &arn
	}
	if v, ok := b.str(spell(in, "launch_type", "LaunchType"), "fargate"); ok {
		s.LaunchType = ecstypes.LaunchType(v)
	}
	cps := spell(in, "capacity_provider_strategy", "CapacityProviderStrategy")
	for i := range b.list(cps, "fargate") {
		if v, ok := b.strOrRef(cps+"."+itoa(i)+"."+spell(in, "capacity_provider", "CapacityProvider"), "fargate"); ok {
			s.CapacityProviderStrategy = append(s.CapacityProviderStrategy, ecstypes.CapacityProviderStrategyItem{CapacityProvider: aws.String(v)})
		}
	}
	s.PlatformVersion = aws.String("LATEST")
	b.setStr(&s.PlatformVersion, spell(in, "platform_version", "PlatformVersion"), "outdated_platform")
	if v, ok := b.str(spell(in, "deployment_controller.0.type", "DeploymentController.Type"), ""); ok {
		s.DeploymentController = &ecstypes.DeploymentController{Type: ecstypes.DeploymentControllerType(v)}
	}
	if v, ok := b.strOrRef(spell(in, "task_definition", "TaskDefinition"), ""); ok {
		s.TaskDefinition = &v
	}
	s.NetworkConfiguration = ecsNetwork(b, "assigns_public_ip")
	for _, t := range []string{"aws_ecs_task_set", "AWS::ECS::TaskSet"} {
		for _, ts := range ix.inScope(t, in) {
			if ix.linkOf(ts, spell(ts, "service", "Service"), in, name) != linkTarget {
				continue
			}
			tb := newBuilder(ts)
			set := awsmodel.ECSTaskSet{Id: aws.String(ts.Address), NetworkConfiguration: ecsNetwork(tb, "public_ip_task_sets")}
			if v, ok := tb.str(spell(ts, "launch_type", "LaunchType"), ""); ok {
				set.LaunchType = ecstypes.LaunchType(v)
			}
			s.TaskSets = append(s.TaskSets, set)
			b.merge(tb)
		}
	}
	return name, s
}

// ecsNetwork reads a service's or task set's awsvpc network
// configuration: Terraform's network_configuration block,
// CloudFormation's NetworkConfiguration.AwsvpcConfiguration (a task set
// spells it AwsVpcConfiguration).
func ecsNetwork(b *builder, attr string) *ecstypes.NetworkConfiguration {
	in := b.in
	vpc := &ecstypes.AwsVpcConfiguration{AssignPublicIp: ecstypes.AssignPublicIpDisabled}
	if in.Source != cloudres.CloudFormation {
		if _, ok := in.Get("network_configuration"); !ok {
			return nil
		}
		if v, ok := b.boolean("network_configuration.0.assign_public_ip", attr); ok && v {
			vpc.AssignPublicIp = ecstypes.AssignPublicIpEnabled
		}
		vpc.Subnets = b.strList("network_configuration.0.subnets", "", true)
		vpc.SecurityGroups = b.strList("network_configuration.0.security_groups", "", true)
		return &ecstypes.NetworkConfiguration{AwsvpcConfiguration: vpc}
	}
	p := "NetworkConfiguration.AwsvpcConfiguration."
	if _, ok := in.Get("NetworkConfiguration.AwsVpcConfiguration"); ok {
		p = "NetworkConfiguration.AwsVpcConfiguration."
	}
	if _, ok := in.Get(strings.TrimSuffix(p, ".")); !ok {
		return nil
	}
	if v, ok := b.str(p+"AssignPublicIp", attr); ok {
		vpc.AssignPublicIp = ecstypes.AssignPublicIp(v)
	}
	vpc.Subnets = b.strList(p+"Subnets", "", true)
	vpc.SecurityGroups = b.strList(p+"SecurityGroups", "", true)
	return &ecstypes.NetworkConfiguration{AwsvpcConfiguration: vpc}
}
