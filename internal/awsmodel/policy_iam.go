package awsmodel

import "strings"

// TrustAnalysis is what a role's trust policy lets assume the role.
type TrustAnalysis struct {
	// AnyPrincipal: an Allow to "*" (or {"AWS": "*"}) that no condition
	// narrows to known callers (the policy analysis' Public).
	AnyPrincipal bool
	// ExternalAccounts are the other accounts whose principals may
	// assume the role.
	ExternalAccounts []string
	// ExternalAccountsWithoutExternalID are those of ExternalAccounts
	// trusted by a statement that asks for no sts:ExternalId.
	ExternalAccountsWithoutExternalID []string `attr:"external_accounts_without_external_id"`
	// Services are the AWS service principals trusted.
	Services []string
	// Federated are the identity providers trusted.
	Federated []string
}

// AnalyzeTrust reads a role's trust policy owned by account owner.
func AnalyzeTrust(d *PolicyDocument, owner string) TrustAnalysis {
	var t TrustAnalysis
	if d == nil {
		return t
	}
	t.AnyPrincipal = d.Analysis.Public
	t.ExternalAccounts = d.Analysis.ExternalAccounts
	noID := map[string]bool{}
	svc := map[string]bool{}
	fed := map[string]bool{}
	for _, st := range d.Statements {
		if st.Effect != "Allow" || st.Principal == nil {
			continue
		}
		for _, s := range st.Principal.Service {
			svc[s] = true
		}
		for _, f := range st.Principal.Federated {
			fed[f] = true
		}
		if requiresExternalID(st) {
			continue
		}
		for _, p := range st.Principal.AWS {
			if acct := principalAccount(p); acct != "" && acct != owner {
				noID[acct] = true
			}
		}
	}
	t.ExternalAccountsWithoutExternalID = keys(noID)
	t.Services = keys(svc)
	t.Federated = keys(fed)
	return t
}

// requiresExternalID: the statement compares sts:ExternalId positively
// with a concrete value.
func requiresExternalID(st Statement) bool {
	for _, c := range st.Condition {
		op := strings.ToLower(c.Operator)
		if !strings.EqualFold(c.Key, "sts:ExternalId") || strings.Contains(op, "not") || strings.HasSuffix(op, "ifexists") || op == "null" {
			continue
		}
		for _, v := range c.Values {
			if v != "" && v != "*" {
				return true
			}
		}
	}
	return false
}
