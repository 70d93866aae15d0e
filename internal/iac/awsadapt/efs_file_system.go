package awsadapt

import (
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// efsFileSystemAdapter reads EFS file systems.
func efsFileSystemAdapter() adapter {
	return adapter{Target: awsmodel.TypeEFSFileSystem, Adapt: adaptEFS,
		Consumes: []string{"aws_efs_file_system", "AWS::EFS::FileSystem"}}
}

func adaptEFS(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_efs_file_system", "AWS::EFS::FileSystem") {
		b := newBuilder(in)
		c := cfn(in)
		tags := b.tags(spell(in, "tags", "FileSystemTags"))
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
		r := b.resource(awsmodel.TypeEFSFileSystem, name, awsmodel.EFSFileSystem{FileSystemDescription: fs})
		if c {
			r.Labels = tags // CloudFormation names them FileSystemTags
		}
		out = append(out, r)
	}
	return out
}
