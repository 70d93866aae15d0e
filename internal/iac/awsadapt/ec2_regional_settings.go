package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// adaptEC2RegionalSettings builds the region's settings from
// aws_ebs_encryption_by_default (and aws_ebs_default_kms_key in the same
// scope). The other regional settings are not declared by it: they are
// unread, not assumed.
func ec2RegionalSettings(ix *Index, b *builder) (string, any) {
	in := b.in
	var st awsmodel.EC2RegionalSettings
	// "enabled" defaults to true (Terraform aws_ebs_encryption_by_default).
	if e, ok := b.boolean("enabled", "ebs_encryption_by_default"); ok {
		st.EbsEncryptionByDefault = aws.Bool(e)
	} else if _, set := in.Get("enabled"); !set {
		st.EbsEncryptionByDefault = aws.Bool(true)
	}
	keyKnown := false
	for _, k := range ix.inScope("aws_ebs_default_kms_key", in) {
		kb := newBuilder(k)
		if s, ok := kb.strOrRef("key_arn", "ebs_default_kms_key_id"); ok {
			st.EbsDefaultKmsKeyID, keyKnown = aws.String(s), true
		}
		b.merge(kb)
	}
	if !keyKnown {
		b.unknown("ebs_default_kms_key_id")
	}
	for _, a := range []string{"instance_metadata_defaults", "snapshot_block_public_access_state", "image_block_public_access_state"} {
		b.unknown(a)
	}
	return in.Name, st
}
