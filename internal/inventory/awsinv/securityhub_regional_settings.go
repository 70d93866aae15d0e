package awsinv

// aws.securityhub.regional_settings: whether Security Hub is enabled in the
// region, read with securityhub:DescribeHub.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectSecurityHubSettings reads whether the region's hub is on; an
// account not subscribed answers InvalidAccessException, which means
// off, not a failure.
func collectSecurityHubSettings(ctx context.Context, s *Session) error {
	c := securityhub.NewFromConfig(s.Config)
	var set awsmodel.SecurityHubRegionalSettings
	out, err := c.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	switch {
	case err == nil:
		set.Enabled = true
		set.HubArn, set.SubscribedAt = aws.ToString(out.HubArn), aws.ToString(out.SubscribedAt)
		set.AutoEnableControls, set.ControlFindingGenerator = out.AutoEnableControls, string(out.ControlFindingGenerator)
	case errorCode(err) == "InvalidAccessException" || IsNotFound(err):
	default:
		return err
	}
	s.Emit(s.New(awsmodel.TypeSecurityHubRegionalSettings, awsmodel.SettingsID("securityhub", s.Account, s.Region, "regional-settings"), s.Region, nil, nil, set))
	return nil
}
