# METADATA
# title: Classic load balancers should terminate TLS
# description: >-
#   A Classic Load Balancer whose listeners all accept plain HTTP or TCP
#   carries requests, cookies and credentials across the network
#   unencrypted; it cannot redirect clients to HTTPS itself, so it needs an
#   HTTPS or SSL listener that clients can use. A load balancer that only
#   passes TLS through on a TCP listener, terminating it on the instances,
#   is reported too: record that design with an exception.
#   (AWS Foundational Security Best Practices ELB.3.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-create-https-ssl-load-balancer.html
# custom:
#   id: aws-elb-tls-listener
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   remediation: |-
#     Add an HTTPS (or SSL) listener with a certificate and have the application redirect HTTP to it:
#       aws elb create-load-balancer-listeners --load-balancer-name <name> \
#         --listeners Protocol=HTTPS,LoadBalancerPort=443,InstanceProtocol=HTTP,InstancePort=<port>,SSLCertificateId=<certificate arn>
#     Better, migrate to an Application Load Balancer, which redirects HTTP to HTTPS.
package vigil.rules.aws.elb.tls_listener

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("classic load balancer %s has no HTTPS or SSL listener: it serves plain %s on port %s", [input.name, concat("/", protocols), concat(", ", [sprintf("%d", [p]) | some p in input.attributes.plain_listener_ports])]),
	"path": "plain_listener_ports",
} if {
	aws.known("listener_descriptions")
	count(input.attributes.plain_listener_ports) > 0
	not input.attributes.tls_listener
}

protocols := sort({upper(l.listener.protocol) |
	some l in input.attributes.listener_descriptions
	upper(l.listener.protocol) in {"HTTP", "TCP"}
})
