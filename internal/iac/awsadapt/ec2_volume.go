package awsadapt

import (
	"strconv"

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
	if e, ok := b.boolean(spell(in, "encrypted", "Encrypted"), "encrypted"); ok {
		v.Encrypted = aws.Bool(e)
	} else if e, known := volumeEncrypted(ix, in); known {
		v.Encrypted = aws.Bool(e)
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

// volumeEncrypted tells whether a declared volume is encrypted: its
// encrypted argument, else the region's default when the argument is
// omitted; unknown (known false) when the argument is.
func volumeEncrypted(ix *Index, vol *cloudres.Instance) (encrypted, known bool) {
	v, set := vol.Get(spell(vol, "encrypted", "Encrypted"))
	if !set {
		return ebsDefault(ix, vol), true
	}
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		if p, err := strconv.ParseBool(x); err == nil {
			return p, true
		}
	}
	return false, false
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
