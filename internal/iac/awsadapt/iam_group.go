package awsadapt

import "github.com/vigil-cspm/vigil/internal/awsmodel"

// iamGroup reads an IAM group with its policies and members.
func iamGroup(ix *Index, b *builder) (string, any) {
	in := b.in
	e := readIAMEntity(ix, iamGroupKind, b)
	var members []string
	if cfn(in) {
		for _, u := range ix.OfType("AWS::IAM::User") {
			if v, ok := u.Get("Groups"); ok && scopeKey(u) == scopeKey(in) && refersTo(ix, u, v, in, e.name) {
				members = append(members, labelOr(u, "UserName"))
			}
		}
		for _, sat := range linked(ix, "AWS::IAM::UserToGroupAddition", "GroupName", in, e.name) {
			v, _ := sat.Get("Users")
			members = append(members, iamNames(ix, sat, v, "UserName")...)
		}
	} else {
		for _, sat := range linked(ix, "aws_iam_group_membership", "group", in, e.name) {
			v, _ := sat.Get("users")
			members = append(members, iamNames(ix, sat, v, "name")...)
		}
		members = append(members, memberOf(ix, "aws_iam_user_group_membership", "groups", "user", in, e.name)...)
	}
	return e.name, awsmodel.IAMGroup{GroupName: e.name, Path: e.path, AttachedManagedPolicies: e.attached, GroupPolicyList: e.inline,
		Users: awsmodel.SortedUnique(members)}
}
