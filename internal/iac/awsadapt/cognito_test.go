package awsadapt

import (
	"fmt"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestCognitoPools(t *testing.T) {
	insts := []cloudres.Instance{
		// No policy: Cognito's default (8, every class, 7 days); threat
		// protection off.
		tf("aws_cognito_user_pool", "aws_cognito_user_pool.plain", 1, props{"name": "plain"}),
		// A declared policy leaves out what it does not say.
		tf("aws_cognito_user_pool", "aws_cognito_user_pool.partial", 10, props{"name": "partial",
			"password_policy": items(props{"minimum_length": int64(10), "require_numbers": true})}),
		tf("aws_cognito_user_pool", "aws_cognito_user_pool.strong", 20, props{"name": "strong",
			"password_policy": items(props{"minimum_length": int64(14), "require_lowercase": true, "require_uppercase": true,
				"require_numbers": true, "require_symbols": true, "temporary_password_validity_days": int64(1)}),
			"user_pool_add_ons": items(props{"advanced_security_mode": "ENFORCED"})}),
		tf("aws_cognito_user_pool", "aws_cognito_user_pool.later", 30, props{"name": "later",
			"password_policy":   items(props{"minimum_length": cloudres.Unknown{}}),
			"user_pool_add_ons": items(props{"advanced_security_mode": cloudres.Unknown{}})}),
		cfnRes("AWS::Cognito::UserPool", "CfnPool", 1, props{"UserPoolName": "cfn",
			"Policies":       props{"PasswordPolicy": props{"MinimumLength": "12", "RequireLowercase": "true", "RequireUppercase": true, "RequireNumbers": true, "RequireSymbols": true}},
			"UserPoolAddOns": props{"AdvancedSecurityMode": "AUDIT"}, "UserPoolTags": props{"team": "id"}}),
		tf("aws_cognito_identity_pool", "aws_cognito_identity_pool.members", 40, props{"identity_pool_name": "members"}),
		tf("aws_cognito_identity_pool", "aws_cognito_identity_pool.guest", 50, props{"identity_pool_name": "guest", "allow_unauthenticated_identities": true}),
		cfnRes("AWS::Cognito::IdentityPool", "CfnGuest", 10, props{"AllowUnauthenticatedIdentities": "true"}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-cognito-password-policy", []string{"partial"}, []string{"plain", "strong", "later", "cfn"})
	assertFires(t, got, "aws-cognito-threat-protection", []string{"plain", "partial", "cfn"}, []string{"strong", "later"})
	assertFires(t, got, "aws-cognito-unauthenticated-identities", []string{"guest", "CfnGuest"}, []string{"members"})
	if u := fmt.Sprint(unreadAttrs(t, res, "later")); u != "[policies threat_protection_enforced]" {
		t.Errorf("later: unread %s", u)
	}
	if r := find(t, res, "cfn"); r.Labels["team"] != "id" {
		t.Errorf("cfn: tags %v", r.Labels)
	}
}
