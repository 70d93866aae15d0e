package awsinv

// aws.ssm.regional_settings: the region's Systems Manager settings and
// instances, read with ssm:GetServiceSetting twice (public sharing of
// documents, Automation's script log destination),
// ssm:DescribeInstanceInformation (paged, 50 a page, the API's most)
// and ssm:ListResourceComplianceSummaries filtered to the Patch and the
// Association compliance types (paged, 50 a page). Per region: four
// calls, plus one per 50 managed instances for each list.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// Service setting IDs.
const (
	ssmPublicSharingSetting = "/ssm/documents/console/public-sharing-permission"
	ssmAutomationLogSetting = "/ssm/automation/customer-script-log-destination"
)

// collectSSMRegionalSettings reads the settings and lists. Each call
// that fails leaves its attributes unread (an instance's management and
// compliance stay unknown, never "unmanaged"); the resource is emitted
// unless every call failed.
func collectSSMRegionalSettings(ctx context.Context, s *Session) error {
	c := ssm.NewFromConfig(s.Config)
	var st awsmodel.SSMRegionalSettings
	var unread []string
	var firstErr error
	fail := func(api string, err error, attrs ...string) {
		s.Fail(api, err)
		unread = append(unread, attrs...)
		if firstErr == nil {
			firstErr = err
		}
	}
	setting := func(id string, dst *string, attrs ...string) {
		out, err := c.GetServiceSetting(ctx, &ssm.GetServiceSettingInput{SettingId: aws.String(id)})
		if err != nil {
			fail("ssm:GetServiceSetting", err, attrs...)
			return
		}
		if out.ServiceSetting != nil {
			*dst = aws.ToString(out.ServiceSetting.SettingValue)
		}
	}
	setting(ssmPublicSharingSetting, &st.PublicSharingPermission, "public_sharing_permission", "public_sharing_blocked")
	setting(ssmAutomationLogSetting, &st.AutomationLogDestination, "automation_log_destination", "automation_logs_to_cloudwatch")

	p := ssm.NewDescribeInstanceInformationPaginator(c, &ssm.DescribeInstanceInformationInput{MaxResults: aws.Int32(50)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			fail("ssm:DescribeInstanceInformation", err, "managed_instance_ids")
			st.ManagedInstanceIDs = nil
			break
		}
		for _, ii := range page.InstanceInformationList {
			st.ManagedInstanceIDs = append(st.ManagedInstanceIDs, aws.ToString(ii.InstanceId))
		}
	}
	for _, ct := range []struct {
		typ  string
		dst  *[]string
		attr string
	}{{"Patch", &st.PatchNonCompliantIDs, "patch_non_compliant_ids"}, {"Association", &st.AssociationNonCompliantIDs, "association_non_compliant_ids"}} {
		cp := ssm.NewListResourceComplianceSummariesPaginator(c, &ssm.ListResourceComplianceSummariesInput{MaxResults: aws.Int32(50),
			Filters: []ssmtypes.ComplianceStringFilter{{Key: aws.String("ComplianceType"), Values: []string{ct.typ}, Type: ssmtypes.ComplianceQueryOperatorTypeEqual}}})
		for cp.HasMorePages() {
			page, err := cp.NextPage(ctx)
			if err != nil {
				fail("ssm:ListResourceComplianceSummaries", err, ct.attr)
				*ct.dst = nil
				break
			}
			for _, it := range page.ResourceComplianceSummaryItems {
				if it.Status == ssmtypes.ComplianceStatusNonCompliant {
					*ct.dst = append(*ct.dst, aws.ToString(it.ResourceId))
				}
			}
		}
	}
	if len(unread) == 7 { // every call failed
		return firstErr
	}
	s.Emit(s.New(awsmodel.TypeSSMRegionalSettings, awsmodel.SettingsID("ssm", s.Account, s.Region, "regional-settings"), s.Region, nil, unread, st))
	return nil
}
