package awsmodel

import (
	"testing"

	cognitotypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestCognitoUserPoolDerive(t *testing.T) {
	for mode, want := range map[cognitotypes.AdvancedSecurityModeType]bool{"": false, "OFF": false, "AUDIT": false, "ENFORCED": true} {
		p := CognitoUserPool{UserPoolType: cognitotypes.UserPoolType{UserPoolAddOns: &cognitotypes.UserPoolAddOnsType{AdvancedSecurityMode: mode}}}
		p.Derive()
		if p.ThreatProtectionEnforced != want {
			t.Errorf("mode %q: enforced %v, want %v", mode, p.ThreatProtectionEnforced, want)
		}
	}
	p := CognitoUserPool{}
	p.Derive()
	if p.ThreatProtectionEnforced {
		t.Error("a pool without add-ons enforces nothing")
	}
}
