package awsadapt

import (
	"strings"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// iamUser reads an IAM user with its policies, groups and access keys.
// The credential report (passwords, MFA, key ages and use) exists only
// once the user does: credentials are unread.
func iamUser(ix *Index, b *builder) (string, any) {
	in := b.in
	e := readIAMEntity(ix, iamUserKind, b)
	var groups []string
	if cfn(in) {
		if v, ok := b.value("Groups", "group_list"); ok {
			groups = append(groups, iamNames(ix, in, v, "GroupName")...)
		}
		for _, sat := range linked(ix, "AWS::IAM::UserToGroupAddition", "Users", in, e.name) {
			g, _ := sat.Get("GroupName")
			groups = append(groups, iamNames(ix, sat, []any{g}, "GroupName")...)
		}
	} else {
		for _, sat := range linked(ix, "aws_iam_user_group_membership", "user", in, e.name) {
			v, _ := sat.Get("groups")
			groups = append(groups, iamNames(ix, sat, v, "name")...)
		}
		groups = append(groups, memberOf(ix, "aws_iam_group_membership", "users", "group", in, e.name)...)
	}
	u := awsmodel.IAMUser{UserName: e.name, Path: e.path, GroupList: awsmodel.SortedUnique(groups), AttachedManagedPolicies: e.attached,
		UserPolicyList: e.inline, PermissionsBoundary: e.boundary}
	b.unknown("credentials")
	u.ActiveAccessKeys = activeAccessKeys(ix, in, b, e.name)
	return e.name, u
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
