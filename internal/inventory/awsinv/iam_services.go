package awsinv

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func accessAnalyzerCollectors() []Collector {
	return []Collector{{
		Service: "accessanalyzer",
		Types:   []string{awsmodel.TypeAccessAnalyzerRegionalSettings},
		Actions: []string{"access-analyzer:ListAnalyzers"},
		Collect: collectAccessAnalyzer,
	}}
}

func accountCollectors() []Collector {
	return []Collector{{
		Service: "account", Global: true,
		Types:   []string{awsmodel.TypeAccountSettings},
		Actions: []string{"account:GetAlternateContact", "account:GetContactInformation"},
		Collect: collectAccountSettings,
	}}
}

func organizationsCollectors() []Collector {
	return []Collector{{
		Service: "organizations", Global: true,
		Types: []string{awsmodel.TypeOrganization},
		Actions: []string{"organizations:DescribeOrganization", "organizations:ListPolicies",
			"organizations:ListTargetsForPolicy", "organizations:ListDelegatedAdministrators"},
		Collect: collectOrganization,
	}}
}
