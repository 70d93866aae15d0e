package model

// RuleMeta describes one rule of the library, from its METADATA header.
type RuleMeta struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Severity      Severity `json:"severity"`
	ResourceTypes []string `json:"resource_types"`
	// RelatedTypes are other types a cross-resource rule reads; a finding
	// of the rule only resolves when these were covered too.
	RelatedTypes []string        `json:"related_types,omitempty"`
	Description  string          `json:"description"`
	Remediation  string          `json:"remediation"`
	References   []string        `json:"references,omitempty"`
	Compliance   []ComplianceRef `json:"compliance,omitempty"`
	// File is where the rule was loaded from (embedded path or user file).
	File string `json:"file"`
	// Package is the Rego package path, e.g. vigil.rules.k8s.privileged.
	Package string `json:"package"`
	// Guards are the attributes the rule only judges when they were read
	// (its aws.known checks): when a resource lists one of them as
	// unread, the rule's verdict on it is inconclusive.
	Guards []string `json:"guards,omitempty"`
	// Parameters are the rule parameters it reads (vigil.param), sorted.
	Parameters []string `json:"parameters,omitempty"`
}

// Inconclusive is a rule that could not judge a resource because an
// attribute it needs was not read (denied) or is known only after
// deployment (IaC).
type Inconclusive struct {
	RuleID     string   `json:"rule_id"`
	ResourceID string   `json:"resource_id"`
	Name       string   `json:"name"`
	Attributes []string `json:"attributes"`
}
