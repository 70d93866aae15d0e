package awsadapt

import (
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// efsFileSystem reads an EFS file system; CloudFormation calls its tags
// FileSystemTags.
func efsFileSystem(_ *Index, b *builder) (string, any) {
	in := b.in
	b.tagsAt = spell(in, "tags", "FileSystemTags")
	tags := b.tags(b.tagsAt)
	name := tags["Name"]
	if name == "" {
		name = in.Name
	}
	// The file system ID is assigned at creation.
	id := knownStr(in, "id")
	if id == "" {
		id = setAtApply
	}
	fs := efstypes.FileSystemDescription{FileSystemId: &id, PerformanceMode: efstypes.PerformanceModeGeneralPurpose,
		ThroughputMode: efstypes.ThroughputModeBursting}
	if n := tags["Name"]; n != "" {
		fs.Name = &n
	}
	if t := knownStr(in, "creation_token"); t != "" {
		fs.CreationToken = &t
	}
	// encrypted / Encrypted default to false in both sources.
	encPath := spell(in, "encrypted", "Encrypted")
	enc := false
	if v, ok := b.boolean(encPath, "encrypted"); ok {
		enc = v
	}
	if v, set := in.Get(encPath); !set || !hasUnknown(v) {
		fs.Encrypted = &enc
	}
	if k, ok := presentStr(b, spell(in, "kms_key_id", "KmsKeyId"), "kms_key_id"); ok {
		fs.KmsKeyId = &k
	}
	if s, ok := b.str(spell(in, "performance_mode", "PerformanceMode"), "performance_mode"); ok {
		fs.PerformanceMode = efstypes.PerformanceMode(s)
	}
	if s, ok := b.str(spell(in, "throughput_mode", "ThroughputMode"), "throughput_mode"); ok {
		fs.ThroughputMode = efstypes.ThroughputMode(s)
	}
	return name, awsmodel.EFSFileSystem{FileSystemDescription: fs}
}
