package awsmodel

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

// TypeEKSNodegroup is an EKS managed node group.
const TypeEKSNodegroup = "aws.eks.nodegroup"

// EKSNodegroup is aws.eks.nodegroup: DescribeNodegroup's node group.
type EKSNodegroup struct {
	ekstypes.Nodegroup
	// SSHOpenToInternet: the group allows SSH with an EC2 key pair
	// (remote_access.ec2_ssh_key) and names no source security groups,
	// so EKS opens port 22 on its nodes to 0.0.0.0/0.
	SSHOpenToInternet bool `attr:"ssh_open_to_internet"`
}

// Derive computes the node group's derived fields.
func (n *EKSNodegroup) Derive() {
	ra := n.RemoteAccess
	n.SSHOpenToInternet = ra != nil && aws.ToString(ra.Ec2SshKey) != "" && len(ra.SourceSecurityGroups) == 0
}
