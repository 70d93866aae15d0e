package awsmodel

import (
	cognitoidtypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentity/types"
	cognitotypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// Type names of Cognito.
const (
	TypeCognitoUserPool     = "aws.cognito.user_pool"
	TypeCognitoIdentityPool = "aws.cognito.identity_pool"
)

func cognitoTypes() []Type {
	return []Type{
		typeOf[CognitoUserPool](TypeCognitoUserPool, "AWS::Cognito::UserPool", false),
		typeOf[CognitoIdentityPool](TypeCognitoIdentityPool, "AWS::Cognito::IdentityPool", false),
	}
}

// CognitoUserPool is aws.cognito.user_pool: DescribeUserPool's pool.
type CognitoUserPool struct {
	cognitotypes.UserPoolType
	// ThreatProtectionEnforced: threat protection (advanced security)
	// acts on risky standard sign-ins (advanced_security_mode ENFORCED),
	// not only reports them (AUDIT) or not at all (OFF).
	ThreatProtectionEnforced bool `attr:"threat_protection_enforced"`
}

// Derive computes the pool's derived fields.
func (p *CognitoUserPool) Derive() {
	p.ThreatProtectionEnforced = p.UserPoolAddOns != nil &&
		p.UserPoolAddOns.AdvancedSecurityMode == cognitotypes.AdvancedSecurityModeTypeEnforced
}

// CognitoIdentityPool is aws.cognito.identity_pool: DescribeIdentityPool's
// answer without its response metadata.
type CognitoIdentityPool struct {
	IdentityPoolId                 *string
	IdentityPoolName               *string
	AllowUnauthenticatedIdentities bool
	AllowClassicFlow               *bool
	CognitoIdentityProviders       []cognitoidtypes.CognitoIdentityProvider
	DeveloperProviderName          *string
	OpenIdConnectProviderARNs      []string `attr:"open_id_connect_provider_arns"`
	SamlProviderARNs               []string `attr:"saml_provider_arns"`
	SupportedLoginProviders        map[string]string
	IdentityPoolTags               map[string]string
}
