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
		ec(awsmodel.TypeEC2VPCEndpoint, collectEC2VPCEndpoints, "ec2:DescribeVpcEndpoints"),
		ec(awsmodel.TypeEC2Volume, collectEC2Volumes, "ec2:DescribeVolumes"),
		ec(awsmodel.TypeEC2Snapshot, collectEC2Snapshots, "ec2:DescribeSnapshots"),
		ec(awsmodel.TypeEC2Image, collectEC2Images, "ec2:DescribeImages"),
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

func collectEC2Instances(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, res := range page.Reservations {
			for _, in := range res.Instances {
				inst := awsmodel.EC2Instance{Instance: in}
				inst.Derive()
				id := aws.ToString(in.InstanceId)
				tags, name := ec2Tags(in.Tags)
				s.Emit(s.New(awsmodel.TypeEC2Instance, ec2ARN(s, s.Account, "instance", id), nameOr(name, id), tags, nil, inst))
			}
		}
	}
	return nil
}

func collectEC2SecurityGroups(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.SecurityGroups {
			sg := awsmodel.EC2SecurityGroup{SecurityGroup: g}
			sg.Derive()
			id := aws.ToString(g.GroupId)
			arn := aws.ToString(g.SecurityGroupArn)
			if arn == "" {
				arn = ec2ARN(s, s.Account, "security-group", id)
			}
			tags, _ := ec2Tags(g.Tags)
			s.Emit(s.New(awsmodel.TypeEC2SecurityGroup, arn, nameOr(aws.ToString(g.GroupName), id), tags, nil, sg))
		}
	}
	return nil
}

func collectEC2NetworkACLs(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeNetworkAclsPaginator(c, &ec2.DescribeNetworkAclsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.NetworkAcls {
			id := aws.ToString(a.NetworkAclId)
			tags, name := ec2Tags(a.Tags)
			s.Emit(s.New(awsmodel.TypeEC2NetworkACL, ec2ARN(s, s.Account, "network-acl", id), nameOr(name, id), tags, nil, awsmodel.EC2NetworkACL{NetworkAcl: a}))
		}
	}
	return nil
}

// collectEC2VPCs reads the region's VPCs and, once, all its flow logs,
// joining them by resource ID.
func collectEC2VPCs(ctx context.Context, s *Session, c *ec2.Client) error {
	var vpcs []ec2types.Vpc
	p := ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		vpcs = append(vpcs, page.Vpcs...)
	}
	var unread []string
	logs := map[string][]ec2types.FlowLog{}
	fp := ec2.NewDescribeFlowLogsPaginator(c, &ec2.DescribeFlowLogsInput{MaxResults: aws.Int32(1000)})
	for fp.HasMorePages() {
		page, err := fp.NextPage(ctx)
		if err != nil {
			s.Fail("ec2:DescribeFlowLogs", err)
			unread = []string{"flow_logs", "flow_logs_enabled"}
			logs = nil
			break
		}
		for _, f := range page.FlowLogs {
			logs[aws.ToString(f.ResourceId)] = append(logs[aws.ToString(f.ResourceId)], f)
		}
	}
	for _, v := range vpcs {
		id := aws.ToString(v.VpcId)
		vpc := awsmodel.EC2VPC{Vpc: v, FlowLogs: logs[id]}
		vpc.Derive()
		tags, name := ec2Tags(v.Tags)
		s.Emit(s.New(awsmodel.TypeEC2VPC, ec2ARN(s, s.Account, "vpc", id), nameOr(name, id), tags, unread, vpc))
	}
	return nil
}

func collectEC2RouteTables(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeRouteTablesPaginator(c, &ec2.DescribeRouteTablesInput{MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, rt := range page.RouteTables {
			id := aws.ToString(rt.RouteTableId)
			tags, name := ec2Tags(rt.Tags)
			s.Emit(s.New(awsmodel.TypeEC2RouteTable, ec2ARN(s, s.Account, "route-table", id), nameOr(name, id), tags, nil, awsmodel.EC2RouteTable{RouteTable: rt}))
		}
	}
	return nil
}

func collectEC2VPCEndpoints(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeVpcEndpointsPaginator(c, &ec2.DescribeVpcEndpointsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, e := range page.VpcEndpoints {
			id := aws.ToString(e.VpcEndpointId)
			ep := awsmodel.EC2VPCEndpoint{VpcEndpoint: e}
			var unread []string
			if text := aws.ToString(e.PolicyDocument); text != "" {
				doc, err := awsmodel.ParsePolicy(text, s.Account)
				if err != nil {
					s.Fail("ec2:DescribeVpcEndpoints", err)
					unread = append(unread, "policy")
				}
				ep.Policy = doc
			}
			tags, name := ec2Tags(e.Tags)
			s.Emit(s.New(awsmodel.TypeEC2VPCEndpoint, ec2ARN(s, s.Account, "vpc-endpoint", id), nameOr(name, id), tags, unread, ep))
		}
	}
	return nil
}

func collectEC2Volumes(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeVolumesPaginator(c, &ec2.DescribeVolumesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, v := range page.Volumes {
			id := aws.ToString(v.VolumeId)
			tags, name := ec2Tags(v.Tags)
			s.Emit(s.New(awsmodel.TypeEC2Volume, ec2ARN(s, s.Account, "volume", id), nameOr(name, id), tags, nil, awsmodel.EC2Volume{Volume: v}))
		}
	}
	return nil
}

// collectEC2Snapshots inventories the account's own snapshots that
// anyone may restore, found with one filtered call (OwnerIds self,
// RestorableByUserIds all). Private snapshots are deliberately left out:
// an account can hold hundreds of thousands of them, no rule needs them,
// and telling who may restore each one would take a
// DescribeSnapshotAttribute call per snapshot.
func collectEC2Snapshots(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeSnapshotsPaginator(c, &ec2.DescribeSnapshotsInput{
		OwnerIds: []string{"self"}, RestorableByUserIds: []string{"all"}, MaxResults: aws.Int32(1000),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, sn := range page.Snapshots {
			id := aws.ToString(sn.SnapshotId)
			tags, name := ec2Tags(sn.Tags)
			s.Emit(s.New(awsmodel.TypeEC2Snapshot, ec2ARN(s, "", "snapshot", id), nameOr(name, id), tags, nil, awsmodel.EC2Snapshot{Snapshot: sn, Public: true}))
		}
	}
	return nil
}

func collectEC2Images(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeImagesPaginator(c, &ec2.DescribeImagesInput{Owners: []string{"self"}, MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, im := range page.Images {
			id := aws.ToString(im.ImageId)
			tags, name := ec2Tags(im.Tags)
			if name == "" {
				name = aws.ToString(im.Name)
			}
			s.Emit(s.New(awsmodel.TypeEC2Image, ec2ARN(s, "", "image", id), nameOr(name, id), tags, nil, awsmodel.EC2Image{Image: im}))
		}
	}
	return nil
}

// collectEC2RegionalSettings reads the region's EC2/EBS defaults. Each
// call that fails leaves its attribute unread; the resource is emitted
// unless every call failed.
func collectEC2RegionalSettings(ctx context.Context, s *Session, c *ec2.Client) error {
	var st awsmodel.EC2RegionalSettings
	var unread []string
	var firstErr error
	fail := func(api, attr string, err error) {
		s.Fail(api, err)
		unread = append(unread, attr)
		if firstErr == nil {
			firstErr = err
		}
	}
	if out, err := c.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{}); err != nil {
		fail("ec2:GetEbsEncryptionByDefault", "ebs_encryption_by_default", err)
	} else {
		st.EbsEncryptionByDefault = aws.Bool(aws.ToBool(out.EbsEncryptionByDefault))
	}
	if out, err := c.GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{}); err != nil {
		fail("ec2:GetEbsDefaultKmsKeyId", "ebs_default_kms_key_id", err)
	} else {
		st.EbsDefaultKmsKeyID = out.KmsKeyId
	}
	if out, err := c.GetInstanceMetadataDefaults(ctx, &ec2.GetInstanceMetadataDefaultsInput{}); err != nil {
		fail("ec2:GetInstanceMetadataDefaults", "instance_metadata_defaults", err)
	} else {
		st.InstanceMetadataDefaults = out.AccountLevel
	}
	if out, err := c.GetSnapshotBlockPublicAccessState(ctx, &ec2.GetSnapshotBlockPublicAccessStateInput{}); err != nil {
		fail("ec2:GetSnapshotBlockPublicAccessState", "snapshot_block_public_access_state", err)
	} else {
		st.SnapshotBlockPublicAccessState = string(out.State)
	}
	if out, err := c.GetImageBlockPublicAccessState(ctx, &ec2.GetImageBlockPublicAccessStateInput{}); err != nil {
		fail("ec2:GetImageBlockPublicAccessState", "image_block_public_access_state", err)
	} else {
		st.ImageBlockPublicAccessState = aws.ToString(out.ImageBlockPublicAccessState)
	}
	if len(unread) == 5 {
		return firstErr
	}
	s.Emit(s.New(awsmodel.TypeEC2RegionalSettings, awsmodel.SettingsID("ec2", s.Account, s.Region, "regional-settings"), s.Region, nil, unread, st))
	return nil
}
