package awsinv

// aws.guardduty.regional_settings: the region's GuardDuty detectors, read
// with guardduty:ListDetectors and guardduty:GetDetector.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectGuardDutySettings reads the region's detectors.
func collectGuardDutySettings(ctx context.Context, s *Session) error {
	c := guardduty.NewFromConfig(s.Config)
	var ids []string
	p := guardduty.NewListDetectorsPaginator(c, &guardduty.ListDetectorsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		ids = append(ids, page.DetectorIds...)
	}
	var set awsmodel.GuardDutyRegionalSettings
	var unread []string
	for _, id := range ids {
		d := awsmodel.GuardDutyDetector{DetectorId: id}
		out, err := c.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
		if err != nil {
			s.Fail("guardduty:GetDetector", fmt.Errorf("detector %s: %w", id, err))
			unread = append(unread, "detectors", "enabled", "enabled_features")
			continue
		}
		d.Status, d.CreatedAt, d.UpdatedAt = string(out.Status), aws.ToString(out.CreatedAt), aws.ToString(out.UpdatedAt)
		d.FindingPublishingFrequency, d.ServiceRole = string(out.FindingPublishingFrequency), aws.ToString(out.ServiceRole)
		d.Features = out.Features
		set.Detectors = append(set.Detectors, d)
	}
	if _, on := set.EnabledDetector(); on {
		unread = nil // one enabled detector settles it
	}
	s.Emit(s.New(awsmodel.TypeGuardDutyRegionalSettings, awsmodel.SettingsID("guardduty", s.Account, s.Region, "regional-settings"), s.Region, nil, unread, set))
	return nil
}
