# METADATA
# title: Load balancers should write access logs
# description: >-
#   Access logs record every request a load balancer handles (client,
#   path, status, TLS details). Without them there is no record to
#   investigate an attack or an outage with. Application load balancers,
#   and network load balancers with TLS listeners, can write them to S3.
# related_resources:
#   - ref: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
#   - ref: https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-access-logs.html
# custom:
#   id: aws-elbv2-access-logging
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   remediation: |-
#     Create a bucket whose policy lets the load balancer write, then:
#       aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> \
#         --attributes Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=<bucket>
package vigil.rules.aws.elbv2.access_logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("%s load balancer %s does not write access logs", [input.attributes.type, input.name]),
	"path": "access_logs_enabled",
} if {
	aws.known("attributes")
	logs_apply
	not input.attributes.access_logs_enabled
}

logs_apply if input.attributes.type == "application"

# A known TLS listener makes logs apply even when other listeners could
# not be read; with none known, the check on a network load balancer is
# inconclusive while listeners are unread.
logs_apply if {
	input.attributes.type == "network"
	some l in input.attributes.listeners
	l.protocol == "TLS"
}

_judged_from_listeners if aws.known("listeners")
