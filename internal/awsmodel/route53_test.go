package awsmodel

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	route53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

func TestRoute53HostedZoneDerive(t *testing.T) {
	z := Route53HostedZone{HostedZone: route53types.HostedZone{Id: aws.String("/hostedzone/Z1")}}
	z.Derive()
	if z.Private || z.QueryLoggingEnabled {
		t.Errorf("a zone without config or logging: private %v, logging %v", z.Private, z.QueryLoggingEnabled)
	}
	z.Config = &route53types.HostedZoneConfig{PrivateZone: true}
	z.QueryLoggingConfigs = []route53types.QueryLoggingConfig{{HostedZoneId: aws.String("Z1")}}
	z.Derive()
	if !z.Private || !z.QueryLoggingEnabled {
		t.Errorf("private zone with logging: private %v, logging %v", z.Private, z.QueryLoggingEnabled)
	}
	if got := HostedZoneID("/hostedzone/Z1"); got != "Z1" {
		t.Errorf("HostedZoneID: %q", got)
	}
}
