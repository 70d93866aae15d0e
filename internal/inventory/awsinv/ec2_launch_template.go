package awsinv

// aws.ec2.launch_template: the default version of every launch template
// in the region, read with ec2:DescribeLaunchTemplateVersions asked for
// "$Default" without a template ID (one paged call for all templates, up
// to 200 a page: no call per template). Tags come from the region's
// tagging API read.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectEC2LaunchTemplates(ctx context.Context, s *Session, c *ec2.Client) error {
	p := ec2.NewDescribeLaunchTemplateVersionsPaginator(c, &ec2.DescribeLaunchTemplateVersionsInput{
		Versions: []string{"$Default"}, MaxResults: aws.Int32(200)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, v := range page.LaunchTemplateVersions {
			id := aws.ToString(v.LaunchTemplateId)
			s.Emit(s.New(awsmodel.TypeEC2LaunchTemplate, ec2ARN(s, s.Account, "launch-template", id),
				nameOr(aws.ToString(v.LaunchTemplateName), id), nil, nil, &awsmodel.EC2LaunchTemplate{LaunchTemplateVersion: v}))
		}
	}
	return nil
}
