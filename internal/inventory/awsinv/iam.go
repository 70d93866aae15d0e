package awsinv

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// The AWS managed policies whose attachments CIS asks about.
const (
	supportAccessPolicy   = "arn:aws:iam::aws:policy/AWSSupportAccess"
	cloudShellFullAccess  = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"
	credentialReportShare = "iam:credential-report"
)

// Credential report generation is polled this often, this many times,
// before the collectors give up on it (about half a minute).
var (
	credentialReportWait     = 2 * time.Second
	credentialReportAttempts = 15
)

func iamCollectors() []Collector {
	report := []string{"iam:GenerateCredentialReport", "iam:GetCredentialReport"}
	out := []Collector{
		{
			Service: "iam", Global: true,
			Types: []string{awsmodel.TypeIAMAccountSettings},
			Actions: append([]string{"iam:GetAccountSummary", "iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices",
				"iam:ListEntitiesForPolicy", "iam:ListSAMLProviders", "iam:ListOpenIDConnectProviders",
				"iam:ListOrganizationsFeatures"}, report...),
			Collect: collectIAMAccountSettings,
		},
		{
			Service: "iam", Global: true,
			Types:   []string{awsmodel.TypeIAMUser, awsmodel.TypeIAMRole, awsmodel.TypeIAMGroup, awsmodel.TypeIAMPolicy},
			Actions: append([]string{"iam:GetAccountAuthorizationDetails"}, report...),
			Collect: collectIAMAuthorization,
		},
		{
			Service: "iam", Global: true,
			Types:   []string{awsmodel.TypeIAMServerCertificate},
			Actions: []string{"iam:ListServerCertificates"},
			Collect: collectIAMServerCertificates,
		},
	}
	out = append(out, accessAnalyzerCollectors()...)
	out = append(out, accountCollectors()...)
	out = append(out, organizationsCollectors()...)
	return out
}

// iamActionExceptions: every operation of this family is named after
// its IAM action.
func iamActionExceptions() map[string]string { return nil }

// credentialReport generates (when needed) and reads the credential
// report once per account, parsed and keyed by user name.
func credentialReport(ctx context.Context, s *Session) (map[string]*awsmodel.CredentialReportEntry, error) {
	v, err := s.Shared(credentialReportShare, func() (any, error) {
		c := iam.NewFromConfig(s.Config)
		data, err := fetchCredentialReport(ctx, c)
		if err != nil {
			return nil, err
		}
		rows, err := awsmodel.ParseCredentialReport(data, time.Now())
		if err != nil {
			return nil, err
		}
		m := make(map[string]*awsmodel.CredentialReportEntry, len(rows))
		for i := range rows {
			m[rows[i].User] = &rows[i]
		}
		return m, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(map[string]*awsmodel.CredentialReportEntry), nil
}

// fetchCredentialReport asks IAM to generate the report and reads it,
// waiting a bounded time while generation is in progress.
func fetchCredentialReport(ctx context.Context, c *iam.Client) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		gen, err := c.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		if err != nil && !iamErrCode(err, "ReportGenerationLimitExceeded") {
			return nil, err
		}
		if err == nil && gen.State == iamtypes.ReportStateTypeComplete {
			out, err := c.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
			if err == nil {
				return out.Content, nil
			}
			if !iamErrCode(err, "ReportInProgress", "ReportNotPresent", "ReportExpired") {
				return nil, err
			}
		}
		if attempt+1 >= credentialReportAttempts {
			return nil, fmt.Errorf("iam credential report still not ready after %d attempts", attempt+1)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(credentialReportWait):
		}
	}
}

// apiCode reports whether err is an API error with one of codes.
func iamErrCode(err error, codes ...string) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.ErrorCode() == c {
			return true
		}
	}
	return false
}

func collectIAMAccountSettings(ctx context.Context, s *Session) error {
	c := iam.NewFromConfig(s.Config)
	var st awsmodel.IAMAccountSettings
	var unread []string
	sum, err := c.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		return err
	}
	st.SummaryMap = sum.SummaryMap
	st.RootAccessKeysPresent = sum.SummaryMap["AccountAccessKeysPresent"] > 0
	st.RootMFAEnabled = sum.SummaryMap["AccountMFAEnabled"] > 0

	if out, err := c.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{}); err == nil {
		st.PasswordPolicy = out.PasswordPolicy
	} else if !IsNotFound(err) {
		s.Fail("iam:GetAccountPasswordPolicy", err)
		unread = append(unread, "password_policy")
	}

	if rep, err := credentialReport(ctx, s); err == nil {
		st.Root = rep[awsmodel.RootUser]
		for name, e := range rep {
			if name != awsmodel.RootUser && e.PasswordEnabled {
				st.ConsoleUsers++
			}
		}
	} else {
		s.Fail("iam:GetCredentialReport", err)
		unread = append(unread, "root", "console_users")
	}

	if st.RootMFAEnabled {
		virtual, err := rootVirtualMFA(ctx, c, s.Account)
		if err == nil {
			st.RootHardwareMFA = !virtual
		} else {
			s.Fail("iam:ListVirtualMFADevices", err)
			unread = append(unread, "root_hardware_mfa")
		}
	}

	if e, err := policyEntities(ctx, c, supportAccessPolicy); err == nil {
		st.SupportAccessEntities = e
		st.SupportRoleAttached = e.Count > 0
	} else {
		s.Fail("iam:ListEntitiesForPolicy", err)
		unread = append(unread, "support_access_entities", "support_role_attached")
	}
	if e, err := policyEntities(ctx, c, cloudShellFullAccess); err == nil {
		st.CloudShellFullAccessEntities = e
	} else {
		s.Fail("iam:ListEntitiesForPolicy", err)
		unread = append(unread, "cloudshell_full_access_entities")
	}

	fedKnown := true
	if out, err := c.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{}); err == nil {
		st.SAMLProviders = out.SAMLProviderList
	} else {
		fedKnown = false
		s.Fail("iam:ListSAMLProviders", err)
		unread = append(unread, "saml_providers")
	}
	if out, err := c.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{}); err == nil {
		st.OIDCProviders = out.OpenIDConnectProviderList
	} else {
		fedKnown = false
		s.Fail("iam:ListOpenIDConnectProviders", err)
		unread = append(unread, "oidc_providers")
	}
	st.FederationConfigured = len(st.SAMLProviders)+len(st.OIDCProviders) > 0
	if !fedKnown && !st.FederationConfigured {
		unread = append(unread, "federation_configured")
	}

	out, err := c.ListOrganizationsFeatures(ctx, &iam.ListOrganizationsFeaturesInput{})
	switch {
	case err == nil:
		for _, f := range out.EnabledFeatures {
			st.OrganizationsFeatures = append(st.OrganizationsFeatures, string(f))
		}
		sort.Strings(st.OrganizationsFeatures)
	case iamErrCode(err, "OrganizationNotFoundException", "OrganizationNotInAllFeaturesModeException",
		"ServiceAccessNotEnabledException", "AccountNotManagementOrDelegatedAdministratorException"):
		// Not in an organization, or centralised root access not
		// enabled: no features.
	default:
		s.Fail("iam:ListOrganizationsFeatures", err)
		unread = append(unread, "organizations_features", "root_credentials_management")
	}
	for _, f := range st.OrganizationsFeatures {
		if f == string(iamtypes.FeatureTypeRootCredentialsManagement) {
			st.RootCredentialsManagement = true
		}
	}
	s.Emit(s.New(awsmodel.TypeIAMAccountSettings, awsmodel.SettingsID("iam", s.Account, "", "account-settings"), s.Account, nil, unread, st))
	return nil
}

// rootVirtualMFA reports whether root's MFA is a virtual device: its
// virtual device serial, or an assigned virtual device whose user is
// root.
func rootVirtualMFA(ctx context.Context, c *iam.Client, account string) (bool, error) {
	rootSerial := ":mfa/root-account-mfa-device"
	rootArn := "arn:aws:iam::" + account + ":root"
	p := iam.NewListVirtualMFADevicesPaginator(c, &iam.ListVirtualMFADevicesInput{AssignmentStatus: iamtypes.AssignmentStatusTypeAssigned})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return false, err
		}
		for _, d := range page.VirtualMFADevices {
			if strings.HasSuffix(aws.ToString(d.SerialNumber), rootSerial) {
				return true, nil
			}
			if d.User != nil && (aws.ToString(d.User.Arn) == rootArn || strings.HasSuffix(aws.ToString(d.User.Arn), ":root")) {
				return true, nil
			}
		}
	}
	return false, nil
}

func policyEntities(ctx context.Context, c *iam.Client, arn string) (*awsmodel.PolicyEntities, error) {
	e := &awsmodel.PolicyEntities{}
	p := iam.NewListEntitiesForPolicyPaginator(c, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String(arn)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if IsNotFound(err) {
				return e, nil
			}
			return nil, err
		}
		for _, u := range page.PolicyUsers {
			e.Users = append(e.Users, aws.ToString(u.UserName))
		}
		for _, g := range page.PolicyGroups {
			e.Groups = append(e.Groups, aws.ToString(g.GroupName))
		}
		for _, r := range page.PolicyRoles {
			e.Roles = append(e.Roles, aws.ToString(r.RoleName))
		}
	}
	e.Count = len(e.Users) + len(e.Groups) + len(e.Roles)
	return e, nil
}

func collectIAMServerCertificates(ctx context.Context, s *Session) error {
	c := iam.NewFromConfig(s.Config)
	now := time.Now()
	p := iam.NewListServerCertificatesPaginator(c, &iam.ListServerCertificatesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, m := range page.ServerCertificateMetadataList {
			cert := awsmodel.IAMServerCertificate{ServerCertificateMetadata: m}
			cert.Derive(now)
			s.Emit(s.New(awsmodel.TypeIAMServerCertificate, aws.ToString(m.Arn), aws.ToString(m.ServerCertificateName), nil, nil, cert))
		}
	}
	return nil
}
