package awsinv

// aws.autoscaling.group: Auto Scaling groups, read with
// autoscaling:DescribeAutoScalingGroups (paged, 100 a page, tags
// included: no call per group).

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectAutoScalingGroups(ctx context.Context, s *Session) error {
	c := autoscaling.NewFromConfig(s.Config)
	p := autoscaling.NewDescribeAutoScalingGroupsPaginator(c, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.AutoScalingGroups {
			tags := map[string]string{} // the group's own list: no tagging API read
			for _, t := range g.Tags {
				tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			s.Emit(s.New(awsmodel.TypeAutoScalingGroup, aws.ToString(g.AutoScalingGroupARN), aws.ToString(g.AutoScalingGroupName),
				tags, nil, &awsmodel.AutoScalingGroup{AutoScalingGroup: g}))
		}
	}
	return nil
}
