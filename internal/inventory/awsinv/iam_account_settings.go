package awsinv

// aws.iam.account_settings: the account's IAM settings, read with
// iam:GetAccountSummary, iam:GetAccountPasswordPolicy,
// iam:ListVirtualMFADevices, iam:ListEntitiesForPolicy, iam:ListSAMLProviders,
// iam:ListOpenIDConnectProviders, iam:ListOrganizationsFeatures and the
// credential report.

import (
	"context"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

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
