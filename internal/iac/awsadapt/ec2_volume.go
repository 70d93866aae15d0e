package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// ec2Volume reads an EBS volume.
func ec2Volume(ix *Index, b *builder) (string, any) {
	in := b.in
	v := awsmodel.EC2Volume{}
	v.VolumeId = aws.String(b.idOr())
	// Encrypted defaults to false (Terraform aws_ebs_volume and
	// CloudFormation AWS::EC2::Volume), unless the region encrypts
	// new volumes by default — known here only when the same scope
	// declares aws_ebs_encryption_by_default.
	enc := spell(in, "encrypted", "Encrypted")
	if e, ok := b.boolean(enc, "encrypted"); ok {
		v.Encrypted = aws.Bool(e)
	} else if _, set := in.Get(enc); !set {
		v.Encrypted = aws.Bool(ebsDefault(ix, in))
	}
	if k, ok := b.strOrRef(spell(in, "kms_key_id", "KmsKeyId"), "kms_key_id"); ok {
		v.KmsKeyId = aws.String(k)
	}
	if n, ok := b.integer(spell(in, "size", "Size"), ""); ok {
		v.Size = int32p(n)
	}
	if s, ok := b.str(spell(in, "type", "VolumeType"), ""); ok {
		v.VolumeType = ec2types.VolumeType(s)
	}
	return b.nameTag(), v
}

// ebsDefault returns whether the scope turns EBS encryption by default
// on (aws_ebs_encryption_by_default; its "enabled" defaults to true).
func ebsDefault(ix *Index, of *cloudres.Instance) bool {
	for _, in := range ix.inScope("aws_ebs_encryption_by_default", of) {
		v, set := in.Get("enabled")
		if !set || v == nil || v == true {
			return true
		}
	}
	return false
}
