package awsinv

import "testing"

const (
	customersPool = "arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_Cust0mers"
	staffPool     = "arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_Staff0001"
	guestPool     = "arn:aws:cognito-identity:us-east-1:111111111111:identitypool/us-east-1:0f1e2d3c-0000-4000-8000-000000000001"
	partnersPool  = "arn:aws:cognito-identity:us-east-1:111111111111:identitypool/us-east-1:0f1e2d3c-0000-4000-8000-000000000002"
	membersPool   = "arn:aws:cognito-idp:eu-west-1:222222222222:userpool/eu-west-1_Members01"
	membersApp    = "arn:aws:cognito-identity:eu-west-1:222222222222:identitypool/eu-west-1:7a6b5c4d-0000-4000-8000-000000000001"
)

var cognitoTypes = []string{"aws.cognito.user_pool", "aws.cognito.identity_pool"}

func cognitoRules() map[string][]string {
	return map[string][]string{
		"aws-cognito-threat-protection":          {customersPool, staffPool},
		"aws-cognito-password-policy":            {customersPool},
		"aws-cognito-unauthenticated-identities": {guestPool},
	}
}

func TestMisconfiguredCognito(t *testing.T) {
	rs := scanTypes(t, "misconfigured", "111111111111", []string{"cognito"}, cognitoTypes...)
	c := mustGet(t, rs, customersPool)
	if c.Name != "customers" || c.Labels["team"] != "identity" || attr(c, "policies", "password_policy", "minimum_length") != int64(6) ||
		attr(c, "threat_protection_enforced") != false {
		t.Errorf("customers: %s %v %v", c.Name, c.Labels, c.Attributes)
	}
	if s := mustGet(t, rs, staffPool); attr(s, "user_pool_add_ons", "advanced_security_mode") != "AUDIT" {
		t.Errorf("staff (second page): %v", s.Attributes)
	}
	if g := mustGet(t, rs, guestPool); g.Name != "mobile_guest" || attr(g, "allow_unauthenticated_identities") != true {
		t.Errorf("mobile_guest: %v", g.Attributes)
	}
	mustGet(t, rs, partnersPool)
	got, _ := firedOn(t, rs)
	checkFired(t, got, cognitoRules())
}

func TestHardenedCognito(t *testing.T) {
	rs := scanTypes(t, "hardened", "222222222222", []string{"cognito"}, cognitoTypes...)
	if m := mustGet(t, rs, membersPool); attr(m, "threat_protection_enforced") != true {
		t.Errorf("members: %v", m.Attributes)
	}
	mustGet(t, rs, membersApp)
	got, sev := firedOn(t, rs)
	checkQuiet(t, got, sev)
	for id := range cognitoRules() {
		if len(got[id]) > 0 {
			t.Errorf("%s fires in the hardened scenario on %v", id, got[id])
		}
	}
}
