package awsinv

// aws.iam.user, aws.iam.role, aws.iam.group and aws.iam.policy: every IAM
// user, role, group and managed policy, read together with
// iam:GetAccountAuthorizationDetails and joined with the credential report.

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectIAMAuthorization reads every user, group, role and managed
// policy in one paginated GetAccountAuthorizationDetails call, joining
// users with their credential report rows: no per-entity calls.
func collectIAMAuthorization(ctx context.Context, s *Session) error {
	c := iam.NewFromConfig(s.Config)
	var users []iamtypes.UserDetail
	var groups []iamtypes.GroupDetail
	var roles []iamtypes.RoleDetail
	var policies []iamtypes.ManagedPolicyDetail
	p := iam.NewGetAccountAuthorizationDetailsPaginator(c, &iam.GetAccountAuthorizationDetailsInput{
		Filter: []iamtypes.EntityType{iamtypes.EntityTypeUser, iamtypes.EntityTypeRole, iamtypes.EntityTypeGroup,
			iamtypes.EntityTypeLocalManagedPolicy, iamtypes.EntityTypeAWSManagedPolicy},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		users = append(users, page.UserDetailList...)
		groups = append(groups, page.GroupDetailList...)
		roles = append(roles, page.RoleDetailList...)
		policies = append(policies, page.Policies...)
	}

	report, repErr := credentialReport(ctx, s)
	if repErr != nil {
		s.Fail("iam:GetCredentialReport", repErr)
	}
	// parse reads a policy document; one that does not parse is a
	// failure of the document's attribute, not of the scan.
	parse := func(entity, attr, text string, unread *[]string) *awsmodel.PolicyDocument {
		if text == "" {
			return nil
		}
		doc, err := awsmodel.ParsePolicy(text, s.Account)
		if err != nil {
			s.Fail("iam:GetAccountAuthorizationDetails", fmt.Errorf("%s %s: %w", entity, attr, err))
			*unread = append(*unread, attr)
			return nil
		}
		return doc
	}
	inline := func(entity, attr string, list []iamtypes.PolicyDetail, unread *[]string) []awsmodel.InlinePolicy {
		var out []awsmodel.InlinePolicy
		for _, pd := range list {
			doc := parse(entity, attr, aws.ToString(pd.PolicyDocument), unread)
			out = append(out, awsmodel.InlinePolicy{PolicyName: aws.ToString(pd.PolicyName), PolicyDocument: doc})
		}
		return out
	}

	members := map[string][]string{}
	for _, u := range users {
		var unread []string
		name := aws.ToString(u.UserName)
		iu := awsmodel.IAMUser{
			UserName: name, UserId: aws.ToString(u.UserId), Arn: aws.ToString(u.Arn), Path: aws.ToString(u.Path),
			CreateDate: u.CreateDate, GroupList: u.GroupList, AttachedManagedPolicies: u.AttachedManagedPolicies,
			PermissionsBoundary: u.PermissionsBoundary,
		}
		iu.UserPolicyList = inline("user "+name, "user_policy_list", u.UserPolicyList, &unread)
		for _, g := range u.GroupList {
			members[g] = append(members[g], name)
		}
		if repErr != nil {
			unread = append(unread, "credentials", "active_access_keys")
		} else if e := report[name]; e != nil {
			iu.Credentials = e
			iu.ActiveAccessKeys = e.ActiveAccessKeys()
		}
		s.Emit(s.New(awsmodel.TypeIAMUser, iu.Arn, name, iamTags(u.Tags), unread, iu))
	}

	for _, g := range groups {
		var unread []string
		name := aws.ToString(g.GroupName)
		ig := awsmodel.IAMGroup{
			GroupName: name, GroupId: aws.ToString(g.GroupId), Arn: aws.ToString(g.Arn), Path: aws.ToString(g.Path),
			CreateDate: g.CreateDate, AttachedManagedPolicies: g.AttachedManagedPolicies, Users: members[name],
		}
		sort.Strings(ig.Users)
		ig.GroupPolicyList = inline("group "+name, "group_policy_list", g.GroupPolicyList, &unread)
		s.Emit(s.New(awsmodel.TypeIAMGroup, ig.Arn, name, nil, unread, ig))
	}

	for _, r := range roles {
		var unread []string
		name := aws.ToString(r.RoleName)
		ir := awsmodel.IAMRole{
			RoleName: name, RoleId: aws.ToString(r.RoleId), Arn: aws.ToString(r.Arn), Path: aws.ToString(r.Path),
			CreateDate: r.CreateDate, AttachedManagedPolicies: r.AttachedManagedPolicies,
			PermissionsBoundary: r.PermissionsBoundary, RoleLastUsed: r.RoleLastUsed, OwnerAccount: s.Account,
		}
		for _, ip := range r.InstanceProfileList {
			ir.InstanceProfileList = append(ir.InstanceProfileList, awsmodel.InstanceProfileRef{
				InstanceProfileName: aws.ToString(ip.InstanceProfileName), Arn: aws.ToString(ip.Arn)})
		}
		ir.AssumeRolePolicyDocument = parse("role "+name, "assume_role_policy_document", aws.ToString(r.AssumeRolePolicyDocument), &unread)
		if ir.AssumeRolePolicyDocument == nil && aws.ToString(r.AssumeRolePolicyDocument) != "" {
			unread = append(unread, "trust")
		}
		ir.RolePolicyList = inline("role "+name, "role_policy_list", r.RolePolicyList, &unread)
		s.Emit(s.New(awsmodel.TypeIAMRole, ir.Arn, name, iamTags(r.Tags), unread, ir))
	}

	for _, mp := range policies {
		arn := aws.ToString(mp.Arn)
		awsManaged := strings.Contains(arn, ":iam::aws:policy/")
		count := aws.ToInt32(mp.AttachmentCount)
		if awsManaged && count == 0 {
			continue // AWS's catalogue: only what the account uses matters
		}
		var unread []string
		name := aws.ToString(mp.PolicyName)
		ip := awsmodel.IAMPolicy{
			PolicyName: name, PolicyId: aws.ToString(mp.PolicyId), Arn: arn, Path: aws.ToString(mp.Path),
			Description: mp.Description, DefaultVersionId: aws.ToString(mp.DefaultVersionId),
			AttachmentCount: count, PermissionsBoundaryUsageCount: aws.ToInt32(mp.PermissionsBoundaryUsageCount),
			IsAttachable: mp.IsAttachable, CreateDate: mp.CreateDate, UpdateDate: mp.UpdateDate, AWSManaged: awsManaged,
		}
		for _, v := range mp.PolicyVersionList {
			if v.IsDefaultVersion || aws.ToString(v.VersionId) == ip.DefaultVersionId {
				ip.Document = parse("policy "+name, "document", aws.ToString(v.Document), &unread)
			}
		}
		s.Emit(s.New(awsmodel.TypeIAMPolicy, arn, name, nil, unread, ip))
	}
	return nil
}

func iamTags(tags []iamtypes.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}
