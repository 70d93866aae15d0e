# METADATA
# title: Load balancer HTTP listeners should redirect to HTTPS
# description: >-
#   A listener that serves plain HTTP sends requests, cookies and
#   credentials across the network unencrypted. An HTTP listener should only
#   redirect clients to an HTTPS listener.
# related_resources:
#   - ref: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions
# custom:
#   id: aws-elbv2-http-listener
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   remediation: |-
#     aws elbv2 modify-listener --listener-arn <http listener arn> \
#       --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'
package vigil.rules.aws.elbv2.http_listener

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("load balancer %s serves plain HTTP on port %d without redirecting to HTTPS", [input.name, port]),
	"path": "plain_http_listener_ports",
} if {
	some port in input.attributes.plain_http_listener_ports
}

# The verdict depends on the listeners: when some could not be read (or
# are known only after deployment) and none known serves plain HTTP, the
# check is inconclusive. A known plain-HTTP listener fires regardless.
_judged_from_listeners if aws.known("listeners")
