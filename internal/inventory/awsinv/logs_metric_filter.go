package awsinv

// aws.logs.metric_filter: CloudWatch Logs metric filters, read with
// logs:DescribeMetricFilters.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectMetricFilters lists every metric filter of the region in one
// paginated call.
func collectMetricFilters(ctx context.Context, s *Session) error {
	c := cloudwatchlogs.NewFromConfig(s.Config)
	p := cloudwatchlogs.NewDescribeMetricFiltersPaginator(c, &cloudwatchlogs.DescribeMetricFiltersInput{Limit: aws.Int32(50)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, f := range page.MetricFilters {
			group, name := aws.ToString(f.LogGroupName), aws.ToString(f.FilterName)
			id := fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s:metric-filter:%s", partitionOf(s.Region), s.Region, s.Account, group, name)
			s.Emit(s.New(awsmodel.TypeLogsMetricFilter, id, name, nil, nil, awsmodel.LogsMetricFilter{MetricFilter: f}))
		}
	}
	return nil
}
