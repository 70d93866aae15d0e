package awsadapt

import "github.com/vigil-cspm/vigil/internal/awsmodel"

// iamRole reads an IAM role with its policies and its trust policy,
// analysed against the deploying account when the user gives it
// (Options.AccountID). Its last use exists only once it does.
func iamRole(ix *Index, b *builder) (string, any) {
	in := b.in
	e := readIAMEntity(ix, iamRoleKind, b)
	r := awsmodel.IAMRole{RoleName: e.name, Path: e.path, AttachedManagedPolicies: e.attached, RolePolicyList: e.inline,
		PermissionsBoundary: e.boundary, OwnerAccount: ix.account}
	trust := spell(in, "assume_role_policy", "AssumeRolePolicyDocument")
	r.AssumeRolePolicyDocument = b.policy(trust, "assume_role_policy_document")
	if r.AssumeRolePolicyDocument != nil {
		// Unless the user gives the deploying account, it is unknown
		// before deployment: an account principal may be that account
		// itself, so which accounts are external cannot be decided
		// (unless anyone may assume the role anyway).
		if ix.account == "" {
			if t := awsmodel.AnalyzeTrust(r.AssumeRolePolicyDocument, ""); len(t.ExternalAccountsWithoutExternalID) > 0 && !t.AnyPrincipal {
				b.unknown("trust")
			}
		}
	} else if _, ok := in.Get(trust); ok {
		b.unknown("trust")
	}
	b.unknown("role_last_used_days")
	return e.name, r
}
