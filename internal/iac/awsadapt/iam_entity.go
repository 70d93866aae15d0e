package awsadapt

import (
	"strings"

	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// iamEntitySources are the source types the user, role and group
// adapters read: the entities and what links them to their policies and
// to each other.
func iamEntitySources() []string {
	return append(append([]string{"aws_iam_user", "aws_iam_role", "aws_iam_group", "AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group"},
		tfIAMLinks...), cfnIAMLinks...)
}

// The source types that link IAM users, roles and groups to their
// policies and to each other.
var (
	tfIAMLinks = []string{
		"aws_iam_user_policy", "aws_iam_role_policy", "aws_iam_group_policy",
		"aws_iam_user_policy_attachment", "aws_iam_role_policy_attachment", "aws_iam_group_policy_attachment",
		"aws_iam_policy_attachment", "aws_iam_group_membership", "aws_iam_user_group_membership", "aws_iam_access_key",
	}
	cfnIAMLinks = []string{"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::AccessKey", "AWS::IAM::UserToGroupAddition",
		"AWS::IAM::UserPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::GroupPolicy"}
)

type iamKind struct {
	typ              string // aws.iam.*
	tf, cfn          string // main types
	cfnName          string // CloudFormation name property
	linkAttr         string // aws_iam_<kind>_policy's attribute naming the entity
	listAttr         string // plural, in lists (aws_iam_policy_attachment, AWS::IAM::Policy)
	inlineAttr       string // model attribute of inline policies
	tfInline, tfAtt  string
	cfnPolicyListKey string // AWS::IAM::Policy / ManagedPolicy key
	cfnInline        string // AWS::IAM::<Kind>Policy, one inline policy naming the entity by cfnName
}

var (
	iamUserKind  = iamKind{awsmodel.TypeIAMUser, "aws_iam_user", "AWS::IAM::User", "UserName", "user", "users", "user_policy_list", "aws_iam_user_policy", "aws_iam_user_policy_attachment", "Users", "AWS::IAM::UserPolicy"}
	iamRoleKind  = iamKind{awsmodel.TypeIAMRole, "aws_iam_role", "AWS::IAM::Role", "RoleName", "role", "roles", "role_policy_list", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "Roles", "AWS::IAM::RolePolicy"}
	iamGroupKind = iamKind{awsmodel.TypeIAMGroup, "aws_iam_group", "AWS::IAM::Group", "GroupName", "group", "groups", "group_policy_list", "aws_iam_group_policy", "aws_iam_group_policy_attachment", "Groups", "AWS::IAM::GroupPolicy"}
)

// iamEntity is what the sources say of a user, role or group.
type iamEntity struct {
	name     string
	inline   []awsmodel.InlinePolicy
	attached []iamtypes.AttachedPolicy
}

// addInline adds the inline policy written at path (its document at
// docPath; "" is the block of a satellite policy resource) to the model
// list attr, and records where the entry and its document are written
// (attr.<index>, attr.<index>.policy_document), so evidence about one
// inline policy points at that policy.
func (e *iamEntity) addInline(b *builder, name, path, docPath, attr string) {
	at := attr + "." + itoa(len(e.inline))
	b.locate(at, path)
	doc := b.policy(docPath, attr, "")
	if doc != nil {
		b.locate(at+".policy_document", docPath)
	}
	e.inline = append(e.inline, awsmodel.InlinePolicy{PolicyName: name, PolicyDocument: doc})
}

// attachedPolicy reads a policy ARN: a literal ARN, a reference to a
// policy of the same configuration (its name; the ARN is set at apply),
// or an unknown value.
func attachedPolicy(ix *Index, from *cloudres.Instance, v any) iamtypes.AttachedPolicy {
	switch x := v.(type) {
	case string:
		return iamtypes.AttachedPolicy{PolicyArn: strp(x), PolicyName: strp(x[strings.LastIndex(x, "/")+1:])}
	case cloudres.Ref:
		if to, ok := ix.Resolve(from, x); ok {
			return iamtypes.AttachedPolicy{PolicyName: strp(policyName(to))}
		}
	}
	return iamtypes.AttachedPolicy{PolicyName: strp(setAtApply)}
}

func adaptIAMEntities(ix *Index, k iamKind) []*model.Resource {
	var out []*model.Resource
	for _, in := range ix.OfType(k.tf) {
		out = append(out, tfIAMEntity(ix, k, in))
	}
	for _, in := range ix.OfType(k.cfn) {
		out = append(out, cfnIAMEntity(ix, k, in))
	}
	return out
}

func tfIAMEntity(ix *Index, k iamKind, in *cloudres.Instance) *model.Resource {
	b := newBuilder(in)
	e := iamEntity{name: labelOr(in, "name")}
	path := knownStr(in, "path")
	if path == "" {
		path = "/" // provider default
	}
	if k == iamRoleKind {
		for i := range b.list("inline_policy", k.inlineAttr) {
			p := "inline_policy." + itoa(i)
			name, _ := b.str(p+".name", k.inlineAttr)
			if _, ok := in.Get(p + ".policy"); ok {
				e.addInline(b, name, p, p+".policy", k.inlineAttr)
			}
		}
		if v, ok := b.value("managed_policy_arns", k.inlineAttr); ok {
			l, _ := v.([]any)
			for _, arn := range l {
				e.attached = append(e.attached, attachedPolicy(ix, in, arn))
			}
		}
	}
	for _, sat := range linked(ix, k.tfInline, k.linkAttr, in, e.name) {
		sb := newBuilder(sat)
		e.addInline(sb, labelOr(sat, "name"), "", "policy", k.inlineAttr)
		b.merge(sb)
	}
	for _, sat := range linked(ix, k.tfAtt, k.linkAttr, in, e.name) {
		v, _ := sat.Get("policy_arn")
		e.attached = append(e.attached, attachedPolicy(ix, sat, v))
	}
	for _, sat := range linked(ix, "aws_iam_policy_attachment", k.listAttr, in, e.name) {
		v, _ := sat.Get("policy_arn")
		e.attached = append(e.attached, attachedPolicy(ix, sat, v))
	}
	var groups, members []string
	switch k {
	case iamUserKind:
		for _, sat := range linked(ix, "aws_iam_user_group_membership", "user", in, e.name) {
			v, _ := sat.Get("groups")
			groups = append(groups, iamNames(ix, sat, v, "name")...)
		}
		for _, m := range ix.OfType("aws_iam_group_membership") {
			if v, ok := m.Get("users"); ok && scopeKey(m) == scopeKey(in) && refersTo(ix, m, v, in, e.name) {
				ix.claim(m, "users")
				g, _ := m.Get("group")
				groups = append(groups, iamNames(ix, m, []any{g}, "name")...)
			}
		}
	case iamGroupKind:
		for _, sat := range linked(ix, "aws_iam_group_membership", "group", in, e.name) {
			v, _ := sat.Get("users")
			members = append(members, iamNames(ix, sat, v, "name")...)
		}
		for _, m := range ix.OfType("aws_iam_user_group_membership") {
			if v, ok := m.Get("groups"); ok && scopeKey(m) == scopeKey(in) && refersTo(ix, m, v, in, e.name) {
				ix.claim(m, "groups")
				u, _ := m.Get("user")
				members = append(members, iamNames(ix, m, []any{u}, "name")...)
			}
		}
	}
	return finishIAMEntity(ix, k, in, b, e, path, "assume_role_policy", "permissions_boundary", groups, members)
}

func cfnIAMEntity(ix *Index, k iamKind, in *cloudres.Instance) *model.Resource {
	b := newBuilder(in)
	e := iamEntity{name: labelOr(in, k.cfnName)}
	path := knownStr(in, "Path")
	if path == "" {
		path = "/" // CloudFormation default
	}
	for i := range b.list("Policies", k.inlineAttr) {
		p := "Policies." + itoa(i)
		name, _ := b.str(p+".PolicyName", k.inlineAttr)
		e.addInline(b, name, p, p+".PolicyDocument", k.inlineAttr)
	}
	if v, ok := b.value("ManagedPolicyArns", k.inlineAttr); ok {
		l, _ := v.([]any)
		for _, arn := range l {
			e.attached = append(e.attached, attachedPolicy(ix, in, arn))
		}
	}
	// AWS::IAM::Policy names its entities in lists; AWS::IAM::RolePolicy
	// (UserPolicy, GroupPolicy) names one.
	sats := append(linked(ix, "AWS::IAM::Policy", k.cfnPolicyListKey, in, e.name), linked(ix, k.cfnInline, k.cfnName, in, e.name)...)
	for _, sat := range sats {
		sb := newBuilder(sat)
		e.addInline(sb, labelOr(sat, "PolicyName"), "", "PolicyDocument", k.inlineAttr)
		b.merge(sb)
	}
	for _, sat := range linked(ix, "AWS::IAM::ManagedPolicy", k.cfnPolicyListKey, in, e.name) {
		e.attached = append(e.attached, iamtypes.AttachedPolicy{PolicyName: strp(policyName(sat))})
	}
	var groups, members []string
	switch k {
	case iamUserKind:
		if v, ok := b.value("Groups", "group_list"); ok {
			groups = append(groups, iamNames(ix, in, v, "GroupName")...)
		}
		for _, sat := range linked(ix, "AWS::IAM::UserToGroupAddition", "Users", in, e.name) {
			g, _ := sat.Get("GroupName")
			groups = append(groups, iamNames(ix, sat, []any{g}, "GroupName")...)
		}
	case iamGroupKind:
		for _, u := range ix.OfType("AWS::IAM::User") {
			if v, ok := u.Get("Groups"); ok && scopeKey(u) == scopeKey(in) && refersTo(ix, u, v, in, e.name) {
				members = append(members, labelOr(u, "UserName"))
			}
		}
		for _, sat := range linked(ix, "AWS::IAM::UserToGroupAddition", "GroupName", in, e.name) {
			v, _ := sat.Get("Users")
			members = append(members, iamNames(ix, sat, v, "UserName")...)
		}
	}
	return finishIAMEntity(ix, k, in, b, e, path, "AssumeRolePolicyDocument", "PermissionsBoundary", groups, members)
}

// iamNames reads entity names from a list of names or references.
func iamNames(ix *Index, from *cloudres.Instance, v any, nameAttr string) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		switch x := e.(type) {
		case string:
			out = append(out, x)
		case cloudres.Ref:
			if to, ok := ix.Resolve(from, x); ok {
				out = append(out, labelOr(to, nameAttr))
			}
		}
	}
	return out
}

func finishIAMEntity(ix *Index, k iamKind, in *cloudres.Instance, b *builder, e iamEntity, path, trustPath, boundaryPath string, groups, members []string) *model.Resource {
	var boundary *iamtypes.AttachedPermissionsBoundary
	if s, ok := presentStr(b, boundaryPath, "permissions_boundary"); ok {
		boundary = &iamtypes.AttachedPermissionsBoundary{PermissionsBoundaryArn: strp(s), PermissionsBoundaryType: iamtypes.PermissionsBoundaryAttachmentTypePolicy}
	}
	switch k {
	case iamUserKind:
		u := awsmodel.IAMUser{UserName: e.name, Path: path, GroupList: awsmodel.SortedUnique(groups), AttachedManagedPolicies: e.attached,
			UserPolicyList: e.inline, PermissionsBoundary: boundary}
		// The credential report (passwords, MFA, key ages and use) exists
		// only once the user does.
		b.unknown("credentials")
		u.ActiveAccessKeys = activeAccessKeys(ix, in, b, e.name)
		return b.resource(k.typ, e.name, u)
	case iamRoleKind:
		r := awsmodel.IAMRole{RoleName: e.name, Path: path, AttachedManagedPolicies: e.attached, RolePolicyList: e.inline,
			PermissionsBoundary: boundary}
		r.AssumeRolePolicyDocument = b.policy(trustPath, "assume_role_policy_document", "")
		if r.AssumeRolePolicyDocument != nil {
			r.Trust = awsmodel.AnalyzeTrust(r.AssumeRolePolicyDocument, ix.account)
			// Unless the user gives the deploying account, it is unknown
			// before deployment: an account principal may be that account
			// itself, so which accounts are external cannot be decided
			// (unless anyone may assume the role anyway).
			if ix.account == "" && len(r.Trust.ExternalAccountsWithoutExternalID) > 0 && !r.Trust.AnyPrincipal {
				b.unknown("trust")
			}
		} else if _, ok := in.Get(trustPath); ok {
			b.unknown("trust")
		}
		b.unknown("role_last_used_days")
		return b.resource(k.typ, e.name, r)
	default:
		g := awsmodel.IAMGroup{GroupName: e.name, Path: path, AttachedManagedPolicies: e.attached, GroupPolicyList: e.inline,
			Users: awsmodel.SortedUnique(members)}
		return b.resource(k.typ, e.name, g)
	}
}

// activeAccessKeys counts the user's access keys whose status is Active
// (the default of aws_iam_access_key status and AWS::IAM::AccessKey
// Status); an unknown status makes the count unread.
func activeAccessKeys(ix *Index, user *cloudres.Instance, b *builder, name string) int {
	n := 0
	keys := linked(ix, spell(user, "aws_iam_access_key", "AWS::IAM::AccessKey"), spell(user, "user", "UserName"), user, name)
	for _, k := range keys {
		status := spell(k, "status", "Status")
		kb := newBuilder(k)
		st, ok := kb.str(status, "active_access_keys")
		if _, set := k.Get(status); !set {
			st, ok = "Active", true
		}
		if ok && strings.EqualFold(st, "Active") {
			n++
		}
		b.merge(kb)
	}
	return n
}
