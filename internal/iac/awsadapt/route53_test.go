package awsadapt

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestRoute53HostedZones(t *testing.T) {
	insts := []cloudres.Instance{
		// Route 53 creates a zone without query logging.
		tf("aws_route53_zone", "aws_route53_zone.bare", 1, props{"name": "bare.example.com"}),
		tf("aws_route53_zone", "aws_route53_zone.logged", 10, props{"name": "logged.example.com"}),
		tf("aws_route53_query_log", "aws_route53_query_log.logged", 20, props{"zone_id": refAt("aws_route53_zone.logged", "zone_id"),
			"cloudwatch_log_group_arn": refAt("aws_cloudwatch_log_group.dns", "arn")}),
		tf("aws_route53_zone", "aws_route53_zone.private", 30, props{"name": "corp.internal", "vpc": items(props{"vpc_id": "vpc-1"})}),
		cfnRes("AWS::Route53::HostedZone", "CfnBare", 1, props{"Name": "cfn.example.com"}),
		cfnRes("AWS::Route53::HostedZone", "CfnLogged", 10, props{"Name": "cfnlogged.example.com",
			"QueryLoggingConfig": props{"CloudWatchLogsLogGroupArn": refAt("Logs", "Arn")}}),
		cfnRes("AWS::Route53::HostedZone", "CfnPrivate", 20, props{"Name": "cfn.internal",
			"VPCs": items(props{"VPCId": "vpc-1", "VPCRegion": "us-east-1"})}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-route53-query-logging", []string{"bare.example.com", "cfn.example.com"},
		[]string{"logged.example.com", "corp.internal", "cfnlogged.example.com", "cfn.internal"})
	if a := find(t, res, "logged.example.com").Attributes; a["query_logging_enabled"] != true || a["private"] != false {
		t.Errorf("logged: %v", a)
	}
	if a := find(t, res, "cfn.internal").Attributes; a["private"] != true {
		t.Errorf("cfn.internal: %v", a)
	}
}
