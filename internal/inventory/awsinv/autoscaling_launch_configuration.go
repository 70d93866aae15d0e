package awsinv

// aws.autoscaling.launch_configuration: launch configurations, read
// with autoscaling:DescribeLaunchConfigurations (paged, 100 a page: no
// call per configuration). Launch configurations carry no tags.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectLaunchConfigurations(ctx context.Context, s *Session) error {
	c := autoscaling.NewFromConfig(s.Config)
	p := autoscaling.NewDescribeLaunchConfigurationsPaginator(c, &autoscaling.DescribeLaunchConfigurationsInput{MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, lc := range page.LaunchConfigurations {
			s.Emit(s.New(awsmodel.TypeAutoScalingLaunchConfiguration, aws.ToString(lc.LaunchConfigurationARN),
				aws.ToString(lc.LaunchConfigurationName), map[string]string{}, nil, &awsmodel.AutoScalingLaunchConfiguration{LaunchConfiguration: lc}))
		}
	}
	return nil
}
