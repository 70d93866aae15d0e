package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// What the IAM user, role and group adapters share: reading an entity's
// name, path, permissions boundary and policies, declared on it or by the
// resources that name it.

// iamLinks are the source types that link IAM users, roles and groups to
// their policies and to each other.
func iamLinks() []string {
	return []string{
		"aws_iam_user_policy", "aws_iam_role_policy", "aws_iam_group_policy",
		"aws_iam_user_policy_attachment", "aws_iam_role_policy_attachment", "aws_iam_group_policy_attachment",
		"aws_iam_policy_attachment", "aws_iam_group_membership", "aws_iam_user_group_membership", "aws_iam_access_key",
		"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::AccessKey", "AWS::IAM::UserToGroupAddition",
		"AWS::IAM::UserPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::GroupPolicy",
	}
}

// iamKind names what differs between users, roles and groups in the
// sources.
type iamKind struct {
	cfnName          string // CloudFormation name property
	linkAttr         string // aws_iam_<kind>_policy's attribute naming the entity
	listAttr         string // plural, in lists (aws_iam_policy_attachment, AWS::IAM::Policy)
	inlineAttr       string // model attribute of inline policies
	tfInline, tfAtt  string
	cfnPolicyListKey string // AWS::IAM::Policy / ManagedPolicy key
	cfnInline        string // AWS::IAM::<Kind>Policy, one inline policy naming the entity by cfnName
	// tfDeclares: the Terraform entity declares inline policies and
	// managed policy ARNs itself (aws_iam_role's inline_policy and
	// managed_policy_arns), as every CloudFormation entity can.
	tfDeclares bool
}

var (
	iamUserKind  = iamKind{"UserName", "user", "users", "user_policy_list", "aws_iam_user_policy", "aws_iam_user_policy_attachment", "Users", "AWS::IAM::UserPolicy", false}
	iamRoleKind  = iamKind{"RoleName", "role", "roles", "role_policy_list", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "Roles", "AWS::IAM::RolePolicy", true}
	iamGroupKind = iamKind{"GroupName", "group", "groups", "group_policy_list", "aws_iam_group_policy", "aws_iam_group_policy_attachment", "Groups", "AWS::IAM::GroupPolicy", false}
)

// iamEntity is what the sources say of a user, role or group.
type iamEntity struct {
	name     string
	path     string
	inline   []awsmodel.InlinePolicy
	attached []iamtypes.AttachedPolicy
	boundary *iamtypes.AttachedPermissionsBoundary
}

// readIAMEntity reads what users, roles and groups have alike.
func readIAMEntity(ix *Index, k iamKind, b *builder) iamEntity {
	in := b.in
	e := iamEntity{name: labelOr(in, spell(in, "name", k.cfnName)), path: knownStr(in, spell(in, "path", "Path"))}
	if e.path == "" {
		e.path = "/" // the default of both sources
	}
	if cfn(in) || k.tfDeclares {
		policies := spell(in, "inline_policy", "Policies")
		for i := range b.list(policies, k.inlineAttr) {
			p := policies + "." + itoa(i)
			name, _ := b.str(p+"."+spell(in, "name", "PolicyName"), k.inlineAttr)
			doc := p + "." + spell(in, "policy", "PolicyDocument")
			if _, ok := in.Get(doc); ok || cfn(in) {
				e.addInline(b, name, p, doc, k.inlineAttr)
			}
		}
		if v, ok := b.value(spell(in, "managed_policy_arns", "ManagedPolicyArns"), k.inlineAttr); ok {
			l, _ := v.([]any)
			for _, arn := range l {
				e.attached = append(e.attached, attachedPolicy(ix, in, arn))
			}
		}
	}
	if cfn(in) {
		// AWS::IAM::Policy names its entities in lists;
		// AWS::IAM::RolePolicy (UserPolicy, GroupPolicy) names one.
		for _, sat := range append(linked(ix, "AWS::IAM::Policy", k.cfnPolicyListKey, in, e.name), linked(ix, k.cfnInline, k.cfnName, in, e.name)...) {
			e.addSatellite(b, sat, k.inlineAttr)
		}
		for _, sat := range linked(ix, "AWS::IAM::ManagedPolicy", k.cfnPolicyListKey, in, e.name) {
			e.attached = append(e.attached, iamtypes.AttachedPolicy{PolicyName: aws.String(policyName(sat))})
		}
	} else {
		for _, sat := range linked(ix, k.tfInline, k.linkAttr, in, e.name) {
			e.addSatellite(b, sat, k.inlineAttr)
		}
		for _, sat := range append(linked(ix, k.tfAtt, k.linkAttr, in, e.name), linked(ix, "aws_iam_policy_attachment", k.listAttr, in, e.name)...) {
			v, _ := sat.Get("policy_arn")
			e.attached = append(e.attached, attachedPolicy(ix, sat, v))
		}
	}
	if s, ok := presentStr(b, spell(in, "permissions_boundary", "PermissionsBoundary"), "permissions_boundary"); ok {
		e.boundary = &iamtypes.AttachedPermissionsBoundary{PermissionsBoundaryArn: aws.String(s), PermissionsBoundaryType: iamtypes.PermissionsBoundaryAttachmentTypePolicy}
	}
	return e
}

// addInline adds the inline policy written at path (its document at
// docPath; "" is the block of a satellite policy resource) to the model
// list attr, and records where the entry and its document are written
// (attr.<index>, attr.<index>.policy_document), so evidence about one
// inline policy points at that policy.
func (e *iamEntity) addInline(b *builder, name, path, docPath, attr string) {
	at := attr + "." + itoa(len(e.inline))
	b.locate(at, path)
	doc := b.policy(docPath, attr)
	if doc != nil {
		b.locate(at+".policy_document", docPath)
	}
	e.inline = append(e.inline, awsmodel.InlinePolicy{PolicyName: name, PolicyDocument: doc})
}

// addSatellite adds the inline policy a policy resource declares
// (aws_iam_<kind>_policy, AWS::IAM::Policy, AWS::IAM::<Kind>Policy),
// located at that resource, to the entity b builds.
func (e *iamEntity) addSatellite(b *builder, sat *cloudres.Instance, attr string) {
	sb := newBuilder(sat)
	e.addInline(sb, labelOr(sat, spell(sat, "name", "PolicyName")), "", spell(sat, "policy", "PolicyDocument"), attr)
	b.merge(sb)
}

// attachedPolicy reads a policy ARN: a literal ARN, a reference to a
// policy of the same configuration (its name; the ARN is set at apply),
// or an unknown value.
func attachedPolicy(ix *Index, from *cloudres.Instance, v any) iamtypes.AttachedPolicy {
	switch x := v.(type) {
	case string:
		return iamtypes.AttachedPolicy{PolicyArn: aws.String(x), PolicyName: aws.String(x[strings.LastIndex(x, "/")+1:])}
	case cloudres.Ref:
		if to, ok := ix.Resolve(from, x); ok {
			return iamtypes.AttachedPolicy{PolicyName: aws.String(policyName(to))}
		}
	}
	return iamtypes.AttachedPolicy{PolicyName: aws.String(setAtApply)}
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

// memberOf returns the names at attr of the instances of type t in of's
// scope whose list listAttr names of, and claims them: the other side of
// Terraform's group memberships, aws_iam_group_membership (a group and
// its users) and aws_iam_user_group_membership (a user and its groups).
func memberOf(ix *Index, t, listAttr, attr string, of *cloudres.Instance, name string) []string {
	var out []string
	for _, m := range linked(ix, t, listAttr, of, name) {
		x, _ := m.Get(attr)
		out = append(out, iamNames(ix, m, []any{x}, "name")...)
	}
	return out
}
