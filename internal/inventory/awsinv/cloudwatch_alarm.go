package awsinv

// aws.cloudwatch.alarm: CloudWatch alarms, read with cloudwatch:DescribeAlarms.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectAlarms lists the region's metric alarms.
func collectAlarms(ctx context.Context, s *Session) error {
	// CloudWatch speaks awsQuery, JSON 1.0 and CBOR; the SDK picks CBOR
	// by default. The query protocol is used here: every CloudWatch
	// endpoint supports it, and so does the replay server.
	c := cloudwatch.NewFromConfig(s.Config, func(o *cloudwatch.Options) {
		o.Protocol = awsquery.New(cwschemas.GraniteServiceVersion20100801)
	})
	p := cloudwatch.NewDescribeAlarmsPaginator(c, &cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.MetricAlarms {
			s.Emit(s.New(awsmodel.TypeCloudWatchAlarm, aws.ToString(a.AlarmArn), aws.ToString(a.AlarmName), nil, nil, awsmodel.CloudWatchAlarm{MetricAlarm: a}))
		}
	}
	return nil
}
