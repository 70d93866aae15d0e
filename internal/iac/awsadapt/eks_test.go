package awsadapt

import (
	"fmt"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestEKSNodegroups(t *testing.T) {
	scaling := items(props{"desired_size": int64(1), "max_size": int64(2), "min_size": int64(1)})
	insts := []cloudres.Instance{
		tf("aws_launch_template", "aws_launch_template.v1", 1, props{"name": "v1"}),
		tf("aws_launch_template", "aws_launch_template.v2", 5, props{"name": "v2",
			"metadata_options": items(props{"http_tokens": "required"})}),
		// No remote access block: no SSH.
		tf("aws_eks_node_group", "aws_eks_node_group.plain", 10, props{"cluster_name": "c", "node_group_name": "plain", "scaling_config": scaling}),
		tf("aws_eks_node_group", "aws_eks_node_group.ssh", 20, props{"cluster_name": "c", "node_group_name": "ssh",
			"remote_access": items(props{"ec2_ssh_key": "ops"})}),
		tf("aws_eks_node_group", "aws_eks_node_group.bastion", 30, props{"cluster_name": "c", "node_group_name": "bastion",
			"remote_access": items(props{"ec2_ssh_key": "ops", "source_security_group_ids": items(refAt("aws_security_group.b", "id"))})}),
		tf("aws_eks_node_group", "aws_eks_node_group.later", 40, props{"cluster_name": "c", "node_group_name": "later",
			"remote_access": items(props{"ec2_ssh_key": cloudres.Unknown{}})}),
		// Launch templates: by ID with the template's own version, by
		// name, and a template declared elsewhere (not judged).
		tf("aws_eks_node_group", "aws_eks_node_group.lt1", 50, props{"cluster_name": "c", "node_group_name": "lt1",
			"launch_template": items(props{"id": refAt("aws_launch_template.v1", "id"), "version": refAt("aws_launch_template.v1", "latest_version")})}),
		tf("aws_eks_node_group", "aws_eks_node_group.lt2", 60, props{"cluster_name": "c", "node_group_name": "lt2",
			"launch_template": items(props{"name": refAt("aws_launch_template.v2", "name"), "version": "1"})}),
		tf("aws_eks_node_group", "aws_eks_node_group.ext", 70, props{"cluster_name": "c", "node_group_name": "ext",
			"launch_template": items(props{"id": "lt-0123456789abcdef0", "version": "4"})}),
		cfnRes("AWS::EC2::LaunchTemplate", "Lt", 1, props{"LaunchTemplateName": "cfn-lt",
			"LaunchTemplateData": props{"MetadataOptions": props{"HttpTokens": "optional"}}}),
		cfnRes("AWS::EKS::Nodegroup", "CfnSsh", 10, props{"ClusterName": "c", "RemoteAccess": props{"Ec2SshKey": "ops"},
			"LaunchTemplate": props{"Id": cloudres.Ref{Address: "Lt"}, "Version": refAt("Lt", "LatestVersionNumber")}}),
		cfnRes("AWS::EKS::Nodegroup", "CfnSafe", 20, props{"ClusterName": "c", "NodegroupName": "safe",
			"RemoteAccess": props{"Ec2SshKey": "ops", "SourceSecurityGroups": items("sg-1")}}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-eks-nodegroup-ssh-open", []string{"ssh", "CfnSsh"}, []string{"plain", "bastion", "later", "safe", "lt1"})
	assertFires(t, got, "aws-eks-nodegroup-imdsv2", []string{"lt1", "CfnSsh"}, []string{"lt2", "ext", "plain", "safe"})
	lt1 := find(t, res, "lt1").Attributes["launch_template"].(map[string]any)
	if lt1["id"] != ID(&insts[0]) || lt1["version"] != nil {
		t.Errorf("lt1: launch template %v, want the declared template's ID and no version", lt1)
	}
	if u := fmt.Sprint(unreadAttrs(t, res, "later")); u != "[ssh_open_to_internet]" {
		t.Errorf("later: unread %s", u)
	}
}

// TestEKSNodegroupTemplatesPerFile: templates of two CloudFormation files
// share a logical ID; each group is judged against its own file's.
func TestEKSNodegroupTemplatesPerFile(t *testing.T) {
	inFile := func(in cloudres.Instance, file string) cloudres.Instance { in.File = file; return in }
	group := func(name string) cloudres.Instance {
		return cfnRes("AWS::EKS::Nodegroup", name, 10, props{"ClusterName": "c", "NodegroupName": name,
			"LaunchTemplate": props{"Id": cloudres.Ref{Address: "Nodes"}}})
	}
	insts := []cloudres.Instance{
		inFile(cfnRes("AWS::EC2::LaunchTemplate", "Nodes", 1, props{"LaunchTemplateData": props{"MetadataOptions": props{"HttpTokens": "optional"}}}), "a.yaml"),
		inFile(group("a"), "a.yaml"),
		inFile(cfnRes("AWS::EC2::LaunchTemplate", "Nodes", 1, props{"LaunchTemplateData": props{"MetadataOptions": props{"HttpTokens": "required"}}}), "b.yaml"),
		inFile(group("b"), "b.yaml"),
	}
	_, got := evaluate(t, insts)
	assertFires(t, got, "aws-eks-nodegroup-imdsv2", []string{"a"}, []string{"b"})
}
