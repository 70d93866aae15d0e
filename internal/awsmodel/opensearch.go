package awsmodel

import (
	ostypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
)

// TypeOpenSearchDomain is an OpenSearch Service domain, OpenSearch or
// Elasticsearch engine alike.
const TypeOpenSearchDomain = "aws.opensearch.domain"

// OpenSearchDomain is aws.opensearch.domain: the parts of DescribeDomains'
// DomainStatus that bear on exposure and encryption, with the access
// policy parsed. Elasticsearch domains are listed by the same API
// (engine_version "Elasticsearch_<version>").
type OpenSearchDomain struct {
	ARN                         *string
	DomainId                    *string
	DomainName                  *string
	EngineVersion               *string
	Endpoint                    *string
	Endpoints                   map[string]string
	ClusterConfig               *ostypes.ClusterConfig
	EBSOptions                  *ostypes.EBSOptions
	VPCOptions                  *ostypes.VPCDerivedInfo
	EncryptionAtRestOptions     *ostypes.EncryptionAtRestOptions
	NodeToNodeEncryptionOptions *ostypes.NodeToNodeEncryptionOptions
	DomainEndpointOptions       *ostypes.DomainEndpointOptions
	AdvancedSecurityOptions     *ostypes.AdvancedSecurityOptions
	LogPublishingOptions        map[string]ostypes.LogPublishingOption
	// Policy is the domain's access policy, parsed (nil: none).
	Policy *PolicyDocument
	// InVPC: the domain's endpoint is in a VPC (reachable only through
	// its subnets and security groups), not on the internet.
	InVPC bool `attr:"in_vpc"`
	// EncryptedAtRest and NodeToNodeEncrypted are the two encryption
	// settings, false when absent (the API's default).
	EncryptedAtRest     bool
	NodeToNodeEncrypted bool
	// HTTPSEnforced: the endpoint refuses plain HTTP.
	HTTPSEnforced bool `attr:"https_enforced"`
	// TLSBelow12: the endpoint's TLS security policy accepts TLS 1.0
	// and 1.1 (Policy-Min-TLS-1-0-2019-07).
	TLSBelow12 bool `attr:"tls_below_1_2"`
	// Public: outside a VPC, with an access policy that allows anyone.
	Public bool
}

// Derive computes the derived fields.
func (d *OpenSearchDomain) Derive() {
	d.InVPC = d.VPCOptions != nil && (d.VPCOptions.VPCId != nil || len(d.VPCOptions.SubnetIds) > 0)
	d.EncryptedAtRest = d.EncryptionAtRestOptions != nil && d.EncryptionAtRestOptions.Enabled != nil && *d.EncryptionAtRestOptions.Enabled
	d.NodeToNodeEncrypted = d.NodeToNodeEncryptionOptions != nil && d.NodeToNodeEncryptionOptions.Enabled != nil && *d.NodeToNodeEncryptionOptions.Enabled
	e := d.DomainEndpointOptions
	d.HTTPSEnforced = e != nil && e.EnforceHTTPS != nil && *e.EnforceHTTPS
	d.TLSBelow12 = e != nil && e.TLSSecurityPolicy == ostypes.TLSSecurityPolicyPolicyMinTls10201907
	d.Public = !d.InVPC && d.Policy != nil && d.Policy.Analysis.Public
}
