package awsadapt

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ostypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// opensearchDomain reads an OpenSearch Service domain, of either engine
// and either resource name, with its access policy. Omitted options take
// the API's defaults: no encryption at rest or between nodes, HTTP
// allowed, no VPC. A Terraform domain_endpoint_options block without
// enforce_https enforces HTTPS (the provider's default).
func opensearchDomain(ix *Index, b *builder) (string, any) {
	in := b.in
	c := cfn(in)
	name := labelOr(in, spell(in, "domain_name", "DomainName"))
	d := awsmodel.OpenSearchDomain{DomainName: aws.String(name)}
	if arn := knownStr(in, "arn"); arn != "" {
		d.ARN = &arn
	}
	d.EngineVersion = engineVersion(b)

	at := spell(in, "encrypt_at_rest.0.", "EncryptionAtRestOptions.")
	d.EncryptionAtRestOptions = &ostypes.EncryptionAtRestOptions{Enabled: aws.Bool(false)}
	if v, ok := b.boolean(at+spell(in, "enabled", "Enabled"), "encrypted_at_rest"); ok {
		d.EncryptionAtRestOptions.Enabled = &v
	}
	if s, ok := presentStr(b, at+spell(in, "kms_key_id", "KmsKeyId"), "encryption_at_rest_options"); ok {
		d.EncryptionAtRestOptions.KmsKeyId = &s
	}
	n2n := spell(in, "node_to_node_encryption.0.enabled", "NodeToNodeEncryptionOptions.Enabled")
	d.NodeToNodeEncryptionOptions = &ostypes.NodeToNodeEncryptionOptions{Enabled: aws.Bool(false)}
	if v, ok := b.boolean(n2n, "node_to_node_encrypted"); ok {
		d.NodeToNodeEncryptionOptions.Enabled = &v
	}

	ep := spell(in, "domain_endpoint_options.0.", "DomainEndpointOptions.")
	_, block := in.Get(strings.TrimSuffix(ep, "."))
	d.DomainEndpointOptions = &ostypes.DomainEndpointOptions{EnforceHTTPS: aws.Bool(block && !c)}
	if v, ok := b.boolean(ep+spell(in, "enforce_https", "EnforceHTTPS"), "https_enforced"); ok {
		d.DomainEndpointOptions.EnforceHTTPS = &v
	}
	if s, ok := b.str(ep+spell(in, "tls_security_policy", "TLSSecurityPolicy"), "tls_below_1_2"); ok {
		d.DomainEndpointOptions.TLSSecurityPolicy = ostypes.TLSSecurityPolicy(s)
	}

	vpc := spell(in, "vpc_options.0.", "VPCOptions.")
	if subnets := b.strList(vpc+spell(in, "subnet_ids", "SubnetIds"), "in_vpc", true); len(subnets) > 0 {
		d.VPCOptions = &ostypes.VPCDerivedInfo{SubnetIds: subnets,
			SecurityGroupIds: b.strList(vpc+spell(in, "security_group_ids", "SecurityGroupIds"), "", true)}
	}
	if v, ok := b.boolean(spell(in, "advanced_security_options.0.enabled", "AdvancedSecurityOptions.Enabled"), "advanced_security_options"); ok {
		d.AdvancedSecurityOptions = &ostypes.AdvancedSecurityOptions{Enabled: &v}
	}
	d.LogPublishingOptions = logPublishing(b)

	d.Policy = b.policy(spell(in, "access_policies", "AccessPolicies"), "policy")
	if !c {
		for _, t := range []string{"aws_elasticsearch_domain_policy", "aws_opensearch_domain_policy"} {
			for _, p := range linked(ix, t, "domain_name", in, name) {
				d.Policy = b.policyOf(p, "access_policies", "policy", true)
			}
		}
	}
	if slices.Contains(b.unread, "policy") || slices.Contains(b.unread, "in_vpc") {
		b.unknown("public")
	}
	return name, d
}

// engineVersion is the version as the API spells it: "OpenSearch_2.11"
// or "Elasticsearch_7.10" (the Elasticsearch resources write only the
// number).
func engineVersion(b *builder) *string {
	in := b.in
	switch in.Type {
	case "aws_elasticsearch_domain", "AWS::Elasticsearch::Domain":
		if s, ok := b.str(spell(in, "elasticsearch_version", "ElasticsearchVersion"), "engine_version"); ok {
			return aws.String("Elasticsearch_" + s)
		}
		return nil
	}
	if s, ok := b.str(spell(in, "engine_version", "EngineVersion"), "engine_version"); ok {
		return &s
	}
	return nil
}

// logPublishing reads the log publishing options: Terraform's blocks
// (log_type, cloudwatch_log_group_arn, enabled defaulting to true) or
// CloudFormation's map keyed by log type (Enabled defaulting to false).
func logPublishing(b *builder) map[string]ostypes.LogPublishingOption {
	in := b.in
	const attr = "log_publishing_options"
	prefixes := map[string]string{} // log type -> path prefix of its option
	if cfn(in) {
		v, _ := b.value("LogPublishingOptions", attr)
		m, _ := v.(map[string]any)
		for k := range m {
			prefixes[k] = "LogPublishingOptions." + k + "."
		}
	} else {
		for i := range b.list("log_publishing_options", attr) {
			p := "log_publishing_options." + itoa(i) + "."
			if typ, ok := b.str(p+"log_type", attr); ok {
				prefixes[typ] = p
			}
		}
	}
	if len(prefixes) == 0 {
		return nil
	}
	out := map[string]ostypes.LogPublishingOption{}
	for typ, p := range prefixes {
		o := ostypes.LogPublishingOption{Enabled: aws.Bool(!cfn(in))}
		if e, ok := b.boolean(p+spell(in, "enabled", "Enabled"), attr); ok {
			o.Enabled = &e
		}
		if s, ok := b.strOrRef(p+spell(in, "cloudwatch_log_group_arn", "CloudWatchLogsLogGroupArn"), attr); ok {
			o.CloudWatchLogsLogGroupArn = &s
		}
		out[typ] = o
	}
	return out
}
