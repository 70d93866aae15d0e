package awsadapt

import (
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// iamAccountSettings reads the account's password policy, the one
// account setting a template declares.
func iamAccountSettings(_ *Index, b *builder) (string, any) {
	// Provider defaults: allow_users_to_change_password true, the
	// require_* flags and hard_expiry false; the API's defaults for
	// what the provider leaves unset: minimum length 6, no reuse
	// prevention, no expiry (UpdateAccountPasswordPolicy).
	pp := &iamtypes.PasswordPolicy{AllowUsersToChangePassword: true, MinimumPasswordLength: int32p(6)}
	boolField := func(key string, dst *bool) {
		if v, ok := b.boolean(key, "password_policy"); ok {
			*dst = v
		}
	}
	boolField("allow_users_to_change_password", &pp.AllowUsersToChangePassword)
	boolField("require_lowercase_characters", &pp.RequireLowercaseCharacters)
	boolField("require_uppercase_characters", &pp.RequireUppercaseCharacters)
	boolField("require_numbers", &pp.RequireNumbers)
	boolField("require_symbols", &pp.RequireSymbols)
	if v, ok := b.boolean("hard_expiry", "password_policy"); ok {
		pp.HardExpiry = &v
	}
	if n, ok := b.integer("minimum_password_length", "password_policy"); ok {
		pp.MinimumPasswordLength = int32p(n)
	}
	if n, ok := b.integer("password_reuse_prevention", "password_policy"); ok && n > 0 {
		pp.PasswordReusePrevention = int32p(n)
	}
	if n, ok := b.integer("max_password_age", "password_policy"); ok && n > 0 {
		pp.MaxPasswordAge = int32p(n)
		pp.ExpirePasswords = true
	}
	// Everything else of the account (root user, credential report,
	// federation, policy holders) is not declared by a template. The
	// holders of AWSCloudShellFullAccess are left out: the rule judges
	// each declared user, group and role itself.
	t, _ := awsmodel.Lookup(awsmodel.TypeIAMAccountSettings)
	props, _ := t.Schema()["properties"].(map[string]any)
	attrs, _ := props["attributes"].(map[string]any)
	fields, _ := attrs["properties"].(map[string]any)
	for key := range fields {
		if key != "password_policy" && key != "unread" && key != "cloudshell_full_access_entities" {
			b.unknown(key)
		}
	}
	return "account", awsmodel.IAMAccountSettings{PasswordPolicy: pp}
}
