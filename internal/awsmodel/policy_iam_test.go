package awsmodel

import (
	"reflect"
	"testing"
)

func TestAnalyzeTrust(t *testing.T) {
	for _, c := range []struct {
		name, doc string
		any       bool
		noID      []string
		services  []string
	}{
		{"any principal", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}}`, true, nil, nil},
		{"any principal narrowed to the org", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}}`, false, nil, nil},
		{"other account, no external id", `{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::999999999999:root","111111111111"]},"Action":"sts:AssumeRole"}}`, false, []string{"999999999999"}, nil},
		{"other account with external id", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x1"}}}}`, false, nil, nil},
		{"negated external id does not count", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"sts:ExternalId":"x1"}}}}`, false, []string{"999999999999"}, nil},
		{"wildcard external id does not count", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"*"}}}}`, false, []string{"999999999999"}, nil},
		{"service", `{"Statement":{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},"Action":"sts:AssumeRole"}}`, false, nil, []string{"ec2.amazonaws.com"}},
		{"deny is ignored", `{"Statement":{"Effect":"Deny","Principal":{"AWS":"999999999999"},"Action":"sts:AssumeRole"}}`, false, nil, nil},
	} {
		d, err := ParsePolicy(c.doc, "111111111111")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		tr := AnalyzeTrust(d, "111111111111")
		if tr.AnyPrincipal != c.any || !reflect.DeepEqual(nilIfEmpty(tr.ExternalAccountsWithoutExternalID), c.noID) || !reflect.DeepEqual(nilIfEmpty(tr.Services), c.services) {
			t.Errorf("%s: %+v", c.name, tr)
		}
	}
	if tr := AnalyzeTrust(nil, "1"); tr.AnyPrincipal || tr.ExternalAccounts != nil {
		t.Errorf("nil document: %+v", tr)
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}
