# METADATA
# title: Classic load balancers should write access logs
# description: >-
#   Access logs record every request a Classic Load Balancer handles
#   (client, back-end instance, status, latency, TLS cipher). Without them
#   there is no record to investigate an attack or an outage with. The
#   load balancer writes them to an S3 bucket every 5 or 60 minutes.
#   (AWS Foundational Security Best Practices ELB.5.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/access-log-collection.html
# custom:
#   id: aws-elb-access-logging
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   remediation: |-
#     Create a bucket whose policy lets Elastic Load Balancing write, then:
#       aws elb modify-load-balancer-attributes --load-balancer-name <name> \
#         --load-balancer-attributes '{"AccessLog":{"Enabled":true,"S3BucketName":"<bucket>","EmitInterval":60}}'
#     In Terraform, an access_logs block with enabled = true (its default) and the bucket.
package vigil.rules.aws.elb.access_logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("classic load balancer %s does not write access logs", [input.name]),
	"path": "access_logs_enabled",
} if {
	aws.known("access_logs_enabled")
	not input.attributes.access_logs_enabled
}
