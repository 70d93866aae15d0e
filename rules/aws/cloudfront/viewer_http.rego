# METADATA
# title: CloudFront distributions should not serve viewers over plain HTTP
# description: >-
#   A cache behavior whose viewer protocol policy is allow-all answers
#   plain HTTP requests, so content and cookies travel unencrypted and can
#   be altered on the way. Behaviors should redirect HTTP to HTTPS, or
#   accept HTTPS only.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html
# custom:
#   id: aws-cloudfront-viewer-http
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     aws cloudfront get-distribution-config --id <id> > dist.json
#     Set ViewerProtocolPolicy to redirect-to-https (or https-only) in the
#     default and every other cache behavior, then:
#     aws cloudfront update-distribution --id <id> --if-match <ETag> --distribution-config file://config.json
package vigil.rules.aws.cloudfront.viewer_http

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("distribution %s (%s) serves viewers over plain HTTP (viewer protocol policy allow-all)", [input.name, input.attributes.domain_name]),
	"path": "viewer_protocol_policies",
} if {
	aws.known("distribution_config")
	input.attributes.allows_http
}
