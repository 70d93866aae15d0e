package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	route53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// route53HostedZone reads a hosted zone: private when it names VPCs
// (Terraform's vpc blocks, CloudFormation's VPCs), and its query logging
// from CloudFormation's QueryLoggingConfig or the Terraform
// aws_route53_query_log resources that name the zone. A zone without
// either logs no queries, as Route 53 creates it.
func route53HostedZone(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "Name"))
	z := awsmodel.Route53HostedZone{HostedZone: route53types.HostedZone{Name: aws.String(name), Id: aws.String(b.idOr())}}
	vpcs := b.list(spell(in, "vpc", "VPCs"), "private")
	z.Config = &route53types.HostedZoneConfig{PrivateZone: len(vpcs) > 0}
	b.setStr(&z.Config.Comment, spell(in, "comment", "HostedZoneConfig.Comment"), "")
	if !cfn(in) {
		zoneID, _ := b.str("zone_id", "")
		for _, q := range ix.Satellites("aws_route53_query_log", "zone_id", in, zoneID) {
			qb := newBuilder(q)
			cfg := route53types.QueryLoggingConfig{HostedZoneId: z.Id}
			if s, ok := qb.strOrRef("cloudwatch_log_group_arn", ""); ok {
				cfg.CloudWatchLogsLogGroupArn = aws.String(s)
			}
			z.QueryLoggingConfigs = append(z.QueryLoggingConfigs, cfg)
			b.merge(qb)
		}
	} else if _, set := in.Get("QueryLoggingConfig"); set {
		cfg := route53types.QueryLoggingConfig{HostedZoneId: z.Id}
		if s, ok := b.strOrRef("QueryLoggingConfig.CloudWatchLogsLogGroupArn", "query_logging_enabled"); ok {
			cfg.CloudWatchLogsLogGroupArn = aws.String(s)
		}
		z.QueryLoggingConfigs = append(z.QueryLoggingConfigs, cfg)
	}
	return name, z
}
