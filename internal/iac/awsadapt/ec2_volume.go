package awsadapt

import (
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
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

// rootDeviceNames are the root device names of Amazon's Linux and
// Windows AMIs ("Device names for volumes on Amazon EC2 instances"): a
// CloudFormation block device mapping of one of them configures the root
// volume.
var rootDeviceNames = map[string]bool{"/dev/xvda": true, "/dev/sda1": true}

// instanceVolumes builds the EBS volumes an instance creates at launch:
// its root volume and each EBS block device it maps. A live scan reads
// them as volumes of their own (DescribeVolumes), so the volume rules
// judge them there and here alike, and never through the instance.
func instanceVolumes(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range []string{"aws_instance", "AWS::EC2::Instance"} {
		for _, in := range ix.OfType(t) {
			if cfn(in) {
				out = append(out, cfnInstanceVolumes(ix, in)...)
			} else {
				out = append(out, tfInstanceVolumes(ix, in)...)
			}
		}
	}
	return out
}

// tfInstanceVolumes reads root_block_device and ebs_block_device. The
// root volume exists whether or not root_block_device is written; its
// encrypted argument defaults to false (the provider's documentation;
// an AMI shared publicly cannot hold encrypted snapshots), unless the
// scope turns EBS encryption by default on. A launch template the
// instance names may map the root volume: then, unless the instance
// writes root_block_device, whether it is encrypted is unknown.
func tfInstanceVolumes(ix *Index, in *cloudres.Instance) []*model.Resource {
	_, hasRoot := in.Get("root_block_device.0")
	_, hasTemplate := in.Get("launch_template.0")
	out := []*model.Resource{instanceVolume(ix, in, "root_block_device.0", "root_block_device", "root", hasTemplate && !hasRoot)}
	b := newBuilder(in)
	for i := range b.list("ebs_block_device", "") {
		p := "ebs_block_device." + itoa(i)
		dev := knownStr(in, p+".device_name")
		if dev == "" {
			dev = itoa(i)
		}
		out = append(out, instanceVolume(ix, in, p, "ebs_block_device["+dev+"]", dev, false))
	}
	return out
}

// cfnInstanceVolumes reads BlockDeviceMappings' Ebs entries, and the
// root volume when no mapping names a root device.
func cfnInstanceVolumes(ix *Index, in *cloudres.Instance) []*model.Resource {
	var out []*model.Resource
	rootMapped := false
	b := newBuilder(in)
	for i := range b.list("BlockDeviceMappings", "") {
		p := "BlockDeviceMappings." + itoa(i)
		dev := knownStr(in, p+".DeviceName")
		rootMapped = rootMapped || rootDeviceNames[dev]
		if _, ebs := in.Get(p + ".Ebs"); !ebs {
			continue
		}
		if dev == "" {
			dev = itoa(i)
		}
		out = append(out, instanceVolume(ix, in, p+".Ebs", "BlockDeviceMappings["+dev+"]", dev, false))
	}
	if !rootMapped {
		_, hasTemplate := in.Get("LaunchTemplate")
		out = append(out, instanceVolume(ix, in, "", "root volume", "root", hasTemplate))
	}
	return out
}

// instanceVolume builds one volume an instance launches with, from the
// block device at path ("" when the source writes none). Encryption
// asked for wins; otherwise a volume restored from a snapshot follows
// the snapshot (unknown), and a new one the region's default.
func instanceVolume(ix *Index, in *cloudres.Instance, path, what, device string, unknown bool) *model.Resource {
	b := newBuilder(in)
	v := awsmodel.EC2Volume{}
	id := in.Address + "." + what
	if cfn(in) {
		id = in.Address + " " + what
	}
	v.VolumeId = aws.String(id)
	v.Attachments = []ec2types.VolumeAttachment{{InstanceId: aws.String(newBuilder(in).idOr()), Device: aws.String(device)}}
	at := func(tf, cf string) string { return path + "." + spell(in, tf, cf) }
	switch {
	case unknown:
		b.unknown("encrypted")
	case path == "":
		v.Encrypted = aws.Bool(ebsDefault(ix, in))
	default:
		// Encryption by default overrides an explicit false.
		enc, known := b.boolean(at("encrypted", "Encrypted"), "encrypted")
		_, encSet := in.Get(at("encrypted", "Encrypted"))
		_, fromSnapshot := in.Get(at("snapshot_id", "SnapshotId"))
		switch {
		case known && enc, ebsDefault(ix, in):
			v.Encrypted = aws.Bool(true)
		case encSet && !known: // a reference: marked unknown by boolean
		case fromSnapshot && !encSet:
			b.unknown("encrypted")
		default:
			v.Encrypted = aws.Bool(false)
			b.locateFirst("encrypted", path)
		}
		if k, ok := b.strOrRef(at("kms_key_id", "KmsKeyId"), "kms_key_id"); ok {
			v.KmsKeyId = aws.String(k)
		}
		if n, ok := b.integer(at("volume_size", "VolumeSize"), ""); ok {
			v.Size = int32p(n)
		}
		if s, ok := b.str(at("volume_type", "VolumeType"), ""); ok {
			v.VolumeType = ec2types.VolumeType(s)
		}
	}
	name := b.nameTag() + " " + what
	return b.derived(awsmodel.TypeEC2Volume, ID(in)+"/"+what, name, nil, v)
}
