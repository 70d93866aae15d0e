package awsinv

// aws.macie.regional_settings: whether Macie is enabled in the region, read
// with macie2:GetMacieSession.

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/smithy-go"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// macieOff reports whether err is Macie's answer for a region where it
// is not enabled: AccessDeniedException saying so. Other denials are
// real failures.
func macieOff(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	if IsNotFound(err) {
		return true
	}
	return ae.ErrorCode() == "AccessDeniedException" && strings.Contains(strings.ToLower(ae.ErrorMessage()), "macie is not enabled")
}

// collectMacieSettings reads the region's Macie session.
func collectMacieSettings(ctx context.Context, s *Session) error {
	c := macie2.NewFromConfig(s.Config)
	var set awsmodel.MacieRegionalSettings
	out, err := c.GetMacieSession(ctx, &macie2.GetMacieSessionInput{})
	switch {
	case err == nil:
		set.Status = string(out.Status)
		set.CreatedAt, set.UpdatedAt = out.CreatedAt, out.UpdatedAt
		set.FindingPublishingFrequency, set.ServiceRole = string(out.FindingPublishingFrequency), aws.ToString(out.ServiceRole)
	case macieOff(err):
	default:
		return err
	}
	s.Emit(s.New(awsmodel.TypeMacieRegionalSettings, awsmodel.SettingsID("macie2", s.Account, s.Region, "regional-settings"), s.Region, nil, nil, set))
	return nil
}
