# METADATA
# title: OpenSearch domains should accept only HTTPS with TLS 1.2 or later
# description: >-
#   A domain endpoint that accepts plain HTTP lets credentials (basic auth,
#   signed requests), queries and documents cross the network readable; a
#   TLS policy that still accepts TLS 1.0 and 1.1 allows protocol versions
#   with known weaknesses. AWS Security Hub controls ES.8 and Opensearch.8.
# related_resources:
#   - ref: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html
# custom:
#   id: aws-opensearch-https-enforced
#   severity: medium
#   resource_types: [aws.opensearch.domain]
#   remediation: |-
#     aws opensearch update-domain-config --domain-name <domain> --domain-endpoint-options EnforceHTTPS=true,TLSSecurityPolicy=Policy-Min-TLS-1-2-PFS-2023-10
#     Terraform: domain_endpoint_options { enforce_https = true, tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10" }
package vigil.rules.aws.opensearch.https_enforced

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("domain %s accepts plain HTTP on its endpoint", [input.name]),
	"path": "domain_endpoint_options.enforce_https",
} if {
	aws.known("https_enforced")
	not input.attributes.https_enforced
}

deny contains {
	"msg": sprintf("domain %s accepts TLS 1.0 and 1.1 (%s)", [input.name, input.attributes.domain_endpoint_options.tls_security_policy]),
	"path": "domain_endpoint_options.tls_security_policy",
} if {
	aws.known("tls_below_1_2")
	input.attributes.tls_below_1_2
}
