package awsinv

// aws.codebuild.project: CodeBuild build projects, read with
// codebuild:ListProjects (a hundred names a page) and
// codebuild:BatchGetProjects (a hundred projects a call): about 0.02
// calls per project.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codebuild"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// batchGetProjectsBatch is the most names BatchGetProjects accepts.
const batchGetProjectsBatch = 100

// collectCodeBuildProjects lists the region's project names and reads
// them a hundred at a time.
func collectCodeBuildProjects(ctx context.Context, s *Session) error {
	c := codebuild.NewFromConfig(s.Config)
	var names []string
	p := codebuild.NewListProjectsPaginator(c, &codebuild.ListProjectsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		names = append(names, page.Projects...)
	}
	det := secrets.New()
	for len(names) > 0 && ctx.Err() == nil {
		batch := names[:min(batchGetProjectsBatch, len(names))]
		names = names[len(batch):]
		out, err := c.BatchGetProjects(ctx, &codebuild.BatchGetProjectsInput{Names: batch})
		if err != nil {
			return err
		}
		for _, pr := range out.Projects { // names deleted since the list come back in ProjectsNotFound
			s.Emit(s.New(awsmodel.TypeCodeBuildProject, aws.ToString(pr.Arn), aws.ToString(pr.Name), nil, nil, awsmodel.NewCodeBuildProject(pr, det)))
		}
	}
	return ctx.Err()
}
