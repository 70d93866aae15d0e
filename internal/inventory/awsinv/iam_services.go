package awsinv

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func accessAnalyzerCollectors() []Collector {
	return []Collector{{
		Service: "accessanalyzer",
		Types:   []string{awsmodel.TypeAccessAnalyzerRegionalSettings},
		Actions: []string{"access-analyzer:ListAnalyzers"},
		Collect: collectAccessAnalyzer,
	}}
}

func accountCollectors() []Collector {
	return []Collector{{
		Service: "account", Global: true,
		Types:   []string{awsmodel.TypeAccountSettings},
		Actions: []string{"account:GetAlternateContact", "account:GetContactInformation"},
		Collect: collectAccountSettings,
	}}
}

func organizationsCollectors() []Collector {
	return []Collector{{
		Service: "organizations", Global: true,
		Types: []string{awsmodel.TypeOrganization},
		Actions: []string{"organizations:DescribeOrganization", "organizations:ListPolicies",
			"organizations:ListTargetsForPolicy", "organizations:ListDelegatedAdministrators"},
		Collect: collectOrganization,
	}}
}

func collectAccessAnalyzer(ctx context.Context, s *Session) error {
	c := accessanalyzer.NewFromConfig(s.Config)
	var st awsmodel.AccessAnalyzerRegionalSettings
	p := accessanalyzer.NewListAnalyzersPaginator(c, &accessanalyzer.ListAnalyzersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.Analyzers {
			z := awsmodel.Analyzer{
				Arn: aws.ToString(a.Arn), Name: aws.ToString(a.Name), Type: string(a.Type), Status: string(a.Status),
				CreatedAt: a.CreatedAt, LastResourceAnalyzedAt: a.LastResourceAnalyzedAt,
			}
			if a.StatusReason != nil {
				z.StatusReason = aws.String(string(a.StatusReason.Code))
			}
			st.Analyzers = append(st.Analyzers, z)
		}
	}
	st.Derive()
	s.Emit(s.New(awsmodel.TypeAccessAnalyzerRegionalSettings, awsmodel.SettingsID("access-analyzer", s.Account, s.Region, "regional-settings"), s.Account+"/"+s.Region, nil, nil, st))
	return nil
}

func collectAccountSettings(ctx context.Context, s *Session) error {
	c := account.NewFromConfig(s.Config)
	var st awsmodel.AccountSettings
	var unread []string
	contacts := []struct {
		typ  accounttypes.AlternateContactType
		attr string
		dst  **accounttypes.AlternateContact
	}{
		{accounttypes.AlternateContactTypeSecurity, "security_contact", &st.SecurityContact},
		{accounttypes.AlternateContactTypeBilling, "billing_contact", &st.BillingContact},
		{accounttypes.AlternateContactTypeOperations, "operations_contact", &st.OperationsContact},
	}
	failed := 0
	for _, ct := range contacts {
		out, err := c.GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: ct.typ})
		switch {
		case err == nil && out.AlternateContact != nil:
			contact := *out.AlternateContact
			contact.AlternateContactType = ct.typ
			*ct.dst = &contact
		case err == nil || IsNotFound(err):
		default:
			failed++
			s.Fail("account:GetAlternateContact", err)
			unread = append(unread, ct.attr)
		}
	}
	out, err := c.GetContactInformation(ctx, &account.GetContactInformationInput{})
	switch {
	case err == nil:
		st.ContactInformation = out.ContactInformation
	case IsNotFound(err):
	default:
		if failed == len(contacts) {
			return err // nothing could be read
		}
		s.Fail("account:GetContactInformation", err)
		unread = append(unread, "contact_information")
	}
	s.Emit(s.New(awsmodel.TypeAccountSettings, awsmodel.SettingsID("account", s.Account, "", "settings"), s.Account, nil, unread, st))
	return nil
}

// collectOrganization emits the organization the account belongs to;
// outside an organization it emits nothing. Policies and delegated
// administrators are readable only from the management account or a
// delegated administrator: elsewhere they are coverage failures.
func collectOrganization(ctx context.Context, s *Session) error {
	c := organizations.NewFromConfig(s.Config)
	out, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		if iamErrCode(err, "AWSOrganizationsNotInUseException") {
			return nil
		}
		return err
	}
	if out.Organization == nil {
		return nil
	}
	org := awsmodel.Organization{Organization: *out.Organization}
	org.IsManagementAccount = aws.ToString(out.Organization.MasterAccountId) == s.Account
	var unread []string
	for _, pt := range []struct {
		typ  orgtypes.PolicyType
		attr string
		dst  *[]awsmodel.OrganizationPolicy
	}{
		{orgtypes.PolicyTypeServiceControlPolicy, "service_control_policies", &org.ServiceControlPolicies},
		{orgtypes.PolicyTypeResourceControlPolicy, "resource_control_policies", &org.ResourceControlPolicies},
	} {
		pols, err := orgPolicies(ctx, c, pt.typ)
		if err != nil {
			s.Fail("organizations:ListPolicies", err)
			unread = append(unread, pt.attr)
			continue
		}
		*pt.dst = pols
	}
	p := organizations.NewListDelegatedAdministratorsPaginator(c, &organizations.ListDelegatedAdministratorsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			s.Fail("organizations:ListDelegatedAdministrators", err)
			unread = append(unread, "delegated_administrators")
			org.DelegatedAdministrators = nil
			break
		}
		org.DelegatedAdministrators = append(org.DelegatedAdministrators, page.DelegatedAdministrators...)
	}
	s.Emit(s.New(awsmodel.TypeOrganization, aws.ToString(org.Arn), aws.ToString(org.Id), nil, unread, org))
	return nil
}

// orgPolicies lists the policies of one type with their targets. A
// policy type not enabled in the organization lists no policies.
func orgPolicies(ctx context.Context, c *organizations.Client, typ orgtypes.PolicyType) ([]awsmodel.OrganizationPolicy, error) {
	var out []awsmodel.OrganizationPolicy
	p := organizations.NewListPoliciesPaginator(c, &organizations.ListPoliciesInput{Filter: typ})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if iamErrCode(err, "PolicyTypeNotEnabledException") {
				return nil, nil
			}
			return nil, err
		}
		for _, ps := range page.Policies {
			op := awsmodel.OrganizationPolicy{PolicySummary: ps}
			tp := organizations.NewListTargetsForPolicyPaginator(c, &organizations.ListTargetsForPolicyInput{PolicyId: ps.Id})
			for tp.HasMorePages() {
				tpage, err := tp.NextPage(ctx)
				if err != nil {
					return nil, err
				}
				op.Targets = append(op.Targets, tpage.Targets...)
			}
			out = append(out, op)
		}
	}
	return out, nil
}
