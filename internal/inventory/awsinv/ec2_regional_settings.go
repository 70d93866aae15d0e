package awsinv

// aws.ec2.regional_settings: the region's EC2 defaults, read with
// ec2:GetEbsEncryptionByDefault, ec2:GetEbsDefaultKmsKeyId,
// ec2:GetInstanceMetadataDefaults, ec2:GetSnapshotBlockPublicAccessState
// and ec2:GetImageBlockPublicAccessState.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

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
