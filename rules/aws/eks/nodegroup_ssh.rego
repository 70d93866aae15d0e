# METADATA
# title: EKS node groups should not open SSH to the internet
# description: >-
#   A managed node group that allows SSH with an EC2 key pair but names no
#   source security groups gets a security group rule from EKS that opens
#   port 22 on every node to 0.0.0.0/0. Anyone who finds the nodes can then
#   try the key or SSH flaws against hosts that run the cluster's pods and
#   hold the node role's credentials. Name the security groups allowed to
#   connect, or drop remote access and reach nodes through Systems Manager.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html
# custom:
#   id: aws-eks-nodegroup-ssh-open
#   severity: high
#   resource_types: [aws.eks.nodegroup]
#   remediation: |-
#     Remote access cannot be changed on an existing node group: create a new one and move the workloads.
#     aws eks create-nodegroup --cluster-name <cluster> --nodegroup-name <group> --remote-access ec2SshKey=<key>,sourceSecurityGroups=<sg> ...
#     Terraform: remote_access { ec2_ssh_key = "<key>"; source_security_group_ids = [aws_security_group.bastion.id] }
#     CloudFormation: RemoteAccess: { Ec2SshKey: <key>, SourceSecurityGroups: [<sg>] }
package vigil.rules.aws.eks.nodegroup_ssh

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("EKS node group %s allows SSH with key %s from anywhere: it names no source security groups, so port 22 is open to 0.0.0.0/0", [object.get(input, "name", ""), object.get(input.attributes, ["remote_access", "ec2_ssh_key"], "(unset)")]),
	"path": "remote_access.source_security_groups",
} if {
	aws.known("ssh_open_to_internet")
	input.attributes.ssh_open_to_internet
}
