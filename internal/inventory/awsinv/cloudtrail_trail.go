package awsinv

// aws.cloudtrail.trail: CloudTrail trails, read with cloudtrail:DescribeTrails,
// cloudtrail:GetTrailStatus and cloudtrail:GetEventSelectors.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectTrails lists the trails whose home is this region (shadow
// copies of multi-region trails are left to their home region) and reads
// each one's status and event selectors.
func collectTrails(ctx context.Context, s *Session) error {
	c := cloudtrail.NewFromConfig(s.Config)
	out, err := c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(false)})
	if err != nil {
		return err
	}
	var trails []cttypes.Trail
	for _, t := range out.TrailList {
		if h := aws.ToString(t.HomeRegion); h != "" && h != s.Region {
			continue
		}
		trails = append(trails, t)
	}
	parallel(len(trails), func(i int) {
		t := awsmodel.CloudTrailTrail{Trail: trails[i]}
		arn := aws.ToString(t.TrailARN)
		name := aws.ToString(t.Name)
		var unread []string
		if st, err := c.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)}); err != nil {
			s.Fail("cloudtrail:GetTrailStatus", fmt.Errorf("trail %s: %w", name, err))
			unread = append(unread, "status", "is_logging")
		} else {
			t.Status = &awsmodel.TrailStatus{
				IsLogging: st.IsLogging, LatestCloudWatchLogsDeliveryError: st.LatestCloudWatchLogsDeliveryError,
				LatestCloudWatchLogsDeliveryTime: st.LatestCloudWatchLogsDeliveryTime, LatestDeliveryError: st.LatestDeliveryError,
				LatestDeliveryTime: st.LatestDeliveryTime, LatestDigestDeliveryError: st.LatestDigestDeliveryError,
				LatestDigestDeliveryTime: st.LatestDigestDeliveryTime, LatestNotificationError: st.LatestNotificationError,
				StartLoggingTime: st.StartLoggingTime, StopLoggingTime: st.StopLoggingTime,
			}
		}
		if es, err := c.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(arn)}); err != nil {
			s.Fail("cloudtrail:GetEventSelectors", fmt.Errorf("trail %s: %w", name, err))
			unread = append(unread, "event_selectors", "advanced_event_selectors", "management_events_read", "management_events_write",
				"all_management_events", "s3_data_events_read", "s3_data_events_write")
		} else {
			t.EventSelectors, t.AdvancedEventSelectors = es.EventSelectors, es.AdvancedEventSelectors
		}
		s.Emit(s.New(awsmodel.TypeCloudTrailTrail, arn, name, nil, unread, t))
	})
	return nil
}
