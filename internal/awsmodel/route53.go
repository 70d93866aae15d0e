package awsmodel

import (
	"strings"

	route53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

// TypeRoute53HostedZone is a Route 53 hosted zone.
const TypeRoute53HostedZone = "aws.route53.hosted_zone"

func route53Types() []Type {
	return []Type{typeOf[Route53HostedZone](TypeRoute53HostedZone, "AWS::Route53::HostedZone", true)}
}

// Route53HostedZone is aws.route53.hosted_zone: ListHostedZones' zone
// with the account's query logging configurations that name it.
type Route53HostedZone struct {
	route53types.HostedZone
	// QueryLoggingConfigs send the zone's DNS queries to CloudWatch Logs.
	QueryLoggingConfigs []route53types.QueryLoggingConfig
	// Private: the zone answers only inside its associated VPCs.
	Private bool `attr:"private"`
	// QueryLoggingEnabled: at least one query logging configuration
	// names the zone.
	QueryLoggingEnabled bool `attr:"query_logging_enabled"`
}

// Derive computes the zone's derived fields.
func (z *Route53HostedZone) Derive() {
	z.Private = z.Config != nil && z.Config.PrivateZone
	z.QueryLoggingEnabled = len(z.QueryLoggingConfigs) > 0
}

// HostedZoneID returns a zone ID without the "/hostedzone/" prefix
// ListHostedZones puts before it: the form query logging
// configurations and ARNs use.
func HostedZoneID(id string) string { return strings.TrimPrefix(id, "/hostedzone/") }
