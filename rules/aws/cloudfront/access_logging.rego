# METADATA
# title: CloudFront distributions should log viewer requests
# description: >-
#   Standard logs record every request a distribution serves. Without them
#   abuse of a site, scraping or a credential-stuffing run leaves no trace
#   at the edge. (Distributions that deliver logs only through CloudWatch
#   Logs vended delivery are not visible in the distribution configuration
#   and are reported here too.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html
# custom:
#   id: aws-cloudfront-access-logging
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Turn on standard logging to a bucket with ACLs enabled:
#       aws cloudfront get-distribution-config --id <id> > dist.json
#       (set DistributionConfig.Logging: Enabled true, Bucket <bucket>.s3.amazonaws.com, Prefix <prefix>)
#       aws cloudfront update-distribution --id <id> --if-match <ETag> --distribution-config file://config.json
package vigil.rules.aws.cloudfront.access_logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("distribution %s (%s) does not log requests", [input.name, input.attributes.domain_name]),
	"path": "distribution_config.logging.enabled",
} if {
	aws.known("distribution_config")
	not input.attributes.logging_enabled
}
