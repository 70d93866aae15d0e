package awsinv

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// ec2Collectors are the collectors of the ec2 family: EC2 and VPC here,
// RDS, EFS and EKS in ec2_services.go. Every one is regional and reads
// its resources with the service's batch Describe/List calls; the only
// per-resource calls are RDS snapshot attributes and EKS DescribeCluster,
// which have no batch form.
func ec2Collectors() []Collector {
	ec := func(typ string, collect func(context.Context, *Session, *ec2.Client) error, actions ...string) Collector {
		return Collector{
			Service: "ec2", Types: []string{typ}, Actions: actions,
			Collect: func(ctx context.Context, s *Session) error { return collect(ctx, s, ec2.NewFromConfig(s.Config)) },
		}
	}
	out := []Collector{
		ec(awsmodel.TypeEC2Instance, collectEC2Instances, "ec2:DescribeInstances"),
		ec(awsmodel.TypeEC2SecurityGroup, collectEC2SecurityGroups, "ec2:DescribeSecurityGroups"),
		ec(awsmodel.TypeEC2NetworkACL, collectEC2NetworkACLs, "ec2:DescribeNetworkAcls"),
		ec(awsmodel.TypeEC2VPC, collectEC2VPCs, "ec2:DescribeVpcs", "ec2:DescribeFlowLogs"),
		ec(awsmodel.TypeEC2RouteTable, collectEC2RouteTables, "ec2:DescribeRouteTables"),
		ec(awsmodel.TypeEC2Subnet, collectEC2Subnets, "ec2:DescribeSubnets"),
		ec(awsmodel.TypeEC2VPCEndpoint, collectEC2VPCEndpoints, "ec2:DescribeVpcEndpoints"),
		ec(awsmodel.TypeEC2Volume, collectEC2Volumes, "ec2:DescribeVolumes"),
		ec(awsmodel.TypeEC2Snapshot, collectEC2Snapshots, "ec2:DescribeSnapshots"),
		ec(awsmodel.TypeEC2Image, collectEC2Images, "ec2:DescribeImages"),
		ec(awsmodel.TypeEC2LaunchTemplate, collectEC2LaunchTemplates, "ec2:DescribeLaunchTemplateVersions"),
		ec(awsmodel.TypeEC2RegionalSettings, collectEC2RegionalSettings,
			"ec2:GetEbsEncryptionByDefault", "ec2:GetEbsDefaultKmsKeyId", "ec2:GetInstanceMetadataDefaults",
			"ec2:GetSnapshotBlockPublicAccessState", "ec2:GetImageBlockPublicAccessState"),
	}
	return append(out, servicesOfEC2Family()...)
}

// ec2ActionExceptions: every operation of the family is allowed by the
// IAM action of the same name.
func ec2ActionExceptions() map[string]string { return nil }

// ec2ARN builds an EC2 resource ARN. Snapshots and images carry no
// account (account == "").
func ec2ARN(s *Session, account, kind, id string) string {
	return "arn:" + partitionOf(s.Region) + ":ec2:" + s.Region + ":" + account + ":" + kind + "/" + id
}

// ec2Tags turns an EC2 tag list into labels; the Name tag is also
// returned.
func ec2Tags(tags []ec2types.Tag) (map[string]string, string) {
	if len(tags) == 0 {
		return nil, ""
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m, m["Name"]
}

// nameOr returns the Name tag, or the ID when there is none.
func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}
