package awsinv

// aws.organizations.organization: the organization and its policies, read
// with organizations:DescribeOrganization, organizations:ListPolicies,
// organizations:ListTargetsForPolicy and
// organizations:ListDelegatedAdministrators.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

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
