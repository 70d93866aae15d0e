package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	cognitotypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// cognitoUserPool reads a user pool's password policy and threat
// protection. Without a password policy Cognito applies its default:
// eight characters, every character class, temporary passwords valid
// seven days. A declared policy is sent as written, so a character
// class it leaves out is not required (the API's boolean default),
// while an omitted length is 8 and an omitted validity 7 days
// (CreateUserPool's PasswordPolicyType). Threat protection is off
// unless user_pool_add_ons says otherwise.
func cognitoUserPool(_ *Index, b *builder) (string, any) {
	in := b.in
	b.tagsAt = spell(in, "tags", "UserPoolTags")
	name := labelOr(in, spell(in, "name", "UserPoolName"))
	p := cognitotypes.UserPoolType{Name: aws.String(name), Id: aws.String(b.idOr())}
	pp := &cognitotypes.PasswordPolicyType{MinimumLength: aws.Int32(8), TemporaryPasswordValidityDays: 7}
	at := spell(in, "password_policy.0", "Policies.PasswordPolicy")
	if _, set := in.Get(at); !set {
		pp.RequireUppercase, pp.RequireLowercase, pp.RequireNumbers, pp.RequireSymbols = true, true, true, true
	} else {
		if n, ok := b.integer(at+"."+spell(in, "minimum_length", "MinimumLength"), "policies"); ok {
			pp.MinimumLength = aws.Int32(int32(n))
		}
		if n, ok := b.integer(at+"."+spell(in, "temporary_password_validity_days", "TemporaryPasswordValidityDays"), "policies"); ok {
			pp.TemporaryPasswordValidityDays = int32(n)
		}
		if n, ok := b.integer(at+"."+spell(in, "password_history_size", "PasswordHistorySize"), "policies"); ok {
			pp.PasswordHistorySize = aws.Int32(int32(n))
		}
		for _, f := range []struct {
			dst    *bool
			tf, cf string
		}{
			{&pp.RequireUppercase, "require_uppercase", "RequireUppercase"}, {&pp.RequireLowercase, "require_lowercase", "RequireLowercase"},
			{&pp.RequireNumbers, "require_numbers", "RequireNumbers"}, {&pp.RequireSymbols, "require_symbols", "RequireSymbols"},
		} {
			if v, ok := b.boolean(at+"."+spell(in, f.tf, f.cf), "policies"); ok {
				*f.dst = v
			}
		}
	}
	p.Policies = &cognitotypes.UserPoolPolicyType{PasswordPolicy: pp}
	addOns := &cognitotypes.UserPoolAddOnsType{AdvancedSecurityMode: cognitotypes.AdvancedSecurityModeTypeOff}
	if s, ok := b.str(spell(in, "user_pool_add_ons.0.advanced_security_mode", "UserPoolAddOns.AdvancedSecurityMode"), "threat_protection_enforced"); ok {
		addOns.AdvancedSecurityMode = cognitotypes.AdvancedSecurityModeType(s)
	}
	p.UserPoolAddOns = addOns
	if s, ok := b.str(spell(in, "mfa_configuration", "MfaConfiguration"), ""); ok {
		p.MfaConfiguration = cognitotypes.UserPoolMfaType(s)
	}
	return name, awsmodel.CognitoUserPool{UserPoolType: p}
}
