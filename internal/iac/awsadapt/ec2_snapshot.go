package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// ec2Snapshot reads an EBS snapshot (aws_ebs_snapshot) or a snapshot
// copy (aws_ebs_snapshot_copy); CloudFormation declares neither.
// Whether a snapshot is encrypted is not an argument: it is the source
// volume's, known when the volume is declared in the same scope. A copy
// is encrypted when it asks to be, when its source is, or when the
// region encrypts new copies by default (aws_ebs_encryption_by_default).
// What cannot be told stays unknown.
func ec2Snapshot(ix *Index, b *builder) (string, any) {
	in := b.in
	s := awsmodel.EC2Snapshot{}
	s.SnapshotId = aws.String(b.idOr())
	b.setStr(&s.Description, "description", "")
	if k, ok := b.strOrRef("kms_key_id", "kms_key_id"); ok {
		s.KmsKeyId = aws.String(k)
	}
	enc, known := snapshotEncrypted(ix, in, b, 0)
	if known {
		s.Encrypted = aws.Bool(enc)
	} else {
		b.unknown("encrypted")
	}
	if v, ok := in.Get("volume_id"); ok {
		if vol, ok := ix.Resolve(in, v); ok {
			// The volume's volume_id as its adapter gives it.
			s.VolumeId = aws.String(newBuilder(vol).idOr())
		} else if id, ok := v.(string); ok {
			s.VolumeId = aws.String(id)
		}
	}
	return b.nameTag(), s
}

// snapshotEncrypted tells whether the snapshot or copy in is encrypted,
// and whether that is known. A plan or state that knows the computed
// "encrypted" attribute of a snapshot is taken at its word. depth bounds
// chains of copies.
func snapshotEncrypted(ix *Index, in *cloudres.Instance, b *builder, depth int) (encrypted, known bool) {
	if depth > 8 {
		return false, false
	}
	if in.Type == "aws_ebs_snapshot_copy" {
		if v, ok := in.Get("encrypted"); ok {
			if e, ok := v.(bool); ok && e {
				locateIf(b, in, depth, "encrypted")
				return true, true
			}
		}
		if ebsDefault(ix, in) {
			return true, true
		}
		src, ok := ix.Resolve(in, first(in.Get("source_snapshot_id")))
		if !ok || (src.Type != "aws_ebs_snapshot" && src.Type != "aws_ebs_snapshot_copy") {
			return false, false
		}
		locateIf(b, in, depth, "source_snapshot_id")
		return snapshotEncrypted(ix, src, nil, depth+1)
	}
	if v, ok := in.Get("encrypted"); ok {
		e, isBool := v.(bool)
		if isBool {
			locateIf(b, in, depth, "encrypted")
		}
		return e, isBool
	}
	vol, ok := ix.Resolve(in, first(in.Get("volume_id")))
	if !ok || vol.Type != "aws_ebs_volume" {
		return false, false
	}
	locateIf(b, in, depth, "volume_id")
	return volumeEncrypted(ix, vol)
}

// locateIf places the snapshot's encrypted attribute at path of the
// snapshot itself (depth 0), not of a source it follows.
func locateIf(b *builder, in *cloudres.Instance, depth int, path string) {
	if b != nil && depth == 0 {
		b.locate("encrypted", path)
	}
}

// first returns a Get's value without its presence.
func first(v any, _ bool) any { return v }
