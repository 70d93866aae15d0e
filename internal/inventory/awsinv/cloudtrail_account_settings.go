package awsinv

// aws.cloudtrail.account_settings: the account's CloudTrail coverage, read
// with cloudtrail:DescribeTrails.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectTrailAccountSettings emits the account's CloudTrail anchor,
// listing the trails (own and organisation ones) that apply to the home
// region.
func collectTrailAccountSettings(ctx context.Context, s *Session) error {
	c := cloudtrail.NewFromConfig(s.Config)
	out, err := c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if err != nil {
		return err
	}
	var set awsmodel.CloudTrailAccountSettings
	for _, t := range out.TrailList {
		arn := aws.ToString(t.TrailARN)
		set.TrailARNs = append(set.TrailARNs, arn)
		if aws.ToBool(t.IsMultiRegionTrail) {
			set.MultiRegionTrailARNs = append(set.MultiRegionTrailARNs, arn)
		}
	}
	s.Emit(s.New(awsmodel.TypeCloudTrailAccountSettings, awsmodel.SettingsID("cloudtrail", s.Account, "", "account-settings"), s.Account, nil, nil, set))
	return nil
}
