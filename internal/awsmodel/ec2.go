package awsmodel

import (
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// Type names of EC2 and VPC.
const (
	TypeEC2Instance         = "aws.ec2.instance"
	TypeEC2SecurityGroup    = "aws.ec2.security_group"
	TypeEC2NetworkACL       = "aws.ec2.network_acl"
	TypeEC2VPC              = "aws.ec2.vpc"
	TypeEC2RouteTable       = "aws.ec2.route_table"
	TypeEC2Subnet           = "aws.ec2.subnet"
	TypeEC2VPCEndpoint      = "aws.ec2.vpc_endpoint"
	TypeEC2Volume           = "aws.ec2.volume"
	TypeEC2Snapshot         = "aws.ec2.snapshot"
	TypeEC2Image            = "aws.ec2.image"
	TypeEC2RegionalSettings = "aws.ec2.regional_settings"
)

// ec2Types lists the types of the ec2 family: EC2 and VPC, RDS, EFS and
// EKS. All are regional.
func ec2Types() []Type {
	out := []Type{
		typeOf[EC2Instance](TypeEC2Instance, "AWS::EC2::Instance", false),
		typeOf[EC2SecurityGroup](TypeEC2SecurityGroup, "AWS::EC2::SecurityGroup", false),
		typeOf[EC2NetworkACL](TypeEC2NetworkACL, "AWS::EC2::NetworkAcl", false),
		typeOf[EC2VPC](TypeEC2VPC, "AWS::EC2::VPC", false),
		typeOf[EC2RouteTable](TypeEC2RouteTable, "AWS::EC2::RouteTable", false),
		typeOf[EC2Subnet](TypeEC2Subnet, "AWS::EC2::Subnet", false),
		typeOf[EC2VPCEndpoint](TypeEC2VPCEndpoint, "AWS::EC2::VPCEndpoint", false),
		typeOf[EC2Volume](TypeEC2Volume, "AWS::EC2::Volume", false),
		// Neither snapshots nor AMIs have a CloudFormation resource type.
		typeOf[EC2Snapshot](TypeEC2Snapshot, "Vigil::EC2::Snapshot", false),
		typeOf[EC2Image](TypeEC2Image, "Vigil::EC2::Image", false),
		typeOf[EC2RegionalSettings](TypeEC2RegionalSettings, "Vigil::EC2::RegionalSettings", false),
	}
	out = append(out, rdsTypes()...)
	out = append(out, efsTypes()...)
	return append(out, eksTypes()...)
}

// EC2Instance is aws.ec2.instance: the DescribeInstances shape.
type EC2Instance struct {
	ec2types.Instance
	// IMDSv2Required: the instance metadata service cannot be used
	// without a session token (HttpTokens required), or is switched off.
	IMDSv2Required bool `attr:"imdsv2_required"`
	// UserDataCredentials are the credentials the instance's user data
	// holds (its launch template's when it has none), redacted; the user
	// data itself is not kept. Read from declarations only: a live scan
	// does not read user data (DescribeInstanceAttribute, one call per
	// instance).
	UserDataCredentials []Credential
}

// Derive computes the instance's derived fields.
func (i *EC2Instance) Derive() {
	mo := i.MetadataOptions
	i.IMDSv2Required = mo != nil && (mo.HttpTokens == ec2types.HttpTokensStateRequired || mo.HttpEndpoint == ec2types.InstanceMetadataEndpointStateDisabled)
}

// EC2SecurityGroup is aws.ec2.security_group.
type EC2SecurityGroup struct {
	ec2types.SecurityGroup
	// IsDefault: the VPC's default group (named "default"), which every
	// network interface joins unless told otherwise.
	IsDefault bool
}

// Derive computes the group's derived fields.
func (g *EC2SecurityGroup) Derive() {
	g.IsDefault = g.GroupName != nil && *g.GroupName == "default"
}

// EC2NetworkACL is aws.ec2.network_acl. Entries keep the API's rule
// numbers; rules evaluate them in order (lowest first).
type EC2NetworkACL struct {
	ec2types.NetworkAcl
}

// EC2VPC is aws.ec2.vpc with its flow logs joined in.
type EC2VPC struct {
	ec2types.Vpc
	// FlowLogs are the flow logs whose resource is this VPC.
	FlowLogs []ec2types.FlowLog
	// FlowLogsEnabled: at least one of them is ACTIVE.
	FlowLogsEnabled bool
}

// Derive computes the VPC's derived fields.
func (v *EC2VPC) Derive() {
	v.FlowLogsEnabled = false
	for _, f := range v.FlowLogs {
		if f.FlowLogStatus != nil && strings.EqualFold(*f.FlowLogStatus, "ACTIVE") {
			v.FlowLogsEnabled = true
		}
	}
}

// EC2RouteTable is aws.ec2.route_table.
type EC2RouteTable struct {
	ec2types.RouteTable
}

// EC2Subnet is aws.ec2.subnet: the DescribeSubnets shape.
type EC2Subnet struct {
	ec2types.Subnet
}

// EC2VPCEndpoint is aws.ec2.vpc_endpoint. PolicyDocument is the raw
// text as returned; Policy is the same document parsed.
type EC2VPCEndpoint struct {
	ec2types.VpcEndpoint
	Policy *PolicyDocument
}

// EC2Volume is aws.ec2.volume.
type EC2Volume struct {
	ec2types.Volume
}

// EC2Snapshot is aws.ec2.snapshot. Only the account's own snapshots
// that anyone may restore are inventoried (see the collector), so Public
// is true for every collected snapshot; the field states it for rules
// and for IaC adapters that may fill it otherwise.
type EC2Snapshot struct {
	ec2types.Snapshot
	Public bool
}

// EC2Image is aws.ec2.image: an AMI the account owns (Public is the
// API's own field).
type EC2Image struct {
	ec2types.Image
}

// EC2RegionalSettings is aws.ec2.regional_settings: the region's EC2
// and EBS defaults.
type EC2RegionalSettings struct {
	// EbsEncryptionByDefault: new volumes are encrypted.
	EbsEncryptionByDefault *bool
	// EbsDefaultKmsKeyID is the key new volumes get.
	EbsDefaultKmsKeyID *string `attr:"ebs_default_kms_key_id"`
	// InstanceMetadataDefaults are the account's IMDS defaults for new
	// instances in the region.
	InstanceMetadataDefaults *ec2types.InstanceMetadataDefaultsResponse
	// SnapshotBlockPublicAccessState: block-all-sharing,
	// block-new-sharing or unblocked.
	SnapshotBlockPublicAccessState string
	// ImageBlockPublicAccessState: block-new-sharing or unblocked.
	ImageBlockPublicAccessState string
}
