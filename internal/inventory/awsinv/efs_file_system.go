package awsinv

// aws.efs.file_system: EFS file systems, read with
// elasticfilesystem:DescribeFileSystems.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectEFSFileSystems(ctx context.Context, s *Session) error {
	p := efs.NewDescribeFileSystemsPaginator(efs.NewFromConfig(s.Config), &efs.DescribeFileSystemsInput{MaxItems: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, fs := range page.FileSystems {
			var tags map[string]string
			for _, t := range fs.Tags {
				if tags == nil {
					tags = map[string]string{}
				}
				tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			id := aws.ToString(fs.FileSystemId)
			s.Emit(s.New(awsmodel.TypeEFSFileSystem, aws.ToString(fs.FileSystemArn), nameOr(aws.ToString(fs.Name), id), tags, nil, awsmodel.EFSFileSystem{FileSystemDescription: fs}))
		}
	}
	return nil
}
