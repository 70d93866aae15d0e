package awsinv

// aws.route53.hosted_zone: Route 53 hosted zones (global), listed with
// route53:ListHostedZones (paged, 100 a page) and joined with the
// account's query logging configurations, listed once with
// route53:ListQueryLoggingConfigs (paged, 100 a page): no call per
// zone, so about 0.02 calls per zone, the API's minimum. A refused
// logging list leaves every zone's logging unread.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	route53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectHostedZones(ctx context.Context, s *Session) error {
	c := route53.NewFromConfig(s.Config)
	var zones []route53types.HostedZone
	p := route53.NewListHostedZonesPaginator(c, &route53.ListHostedZonesInput{MaxItems: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		zones = append(zones, page.HostedZones...)
	}
	logs := map[string][]route53types.QueryLoggingConfig{}
	var unread []string
	lp := route53.NewListQueryLoggingConfigsPaginator(c, &route53.ListQueryLoggingConfigsInput{MaxResults: aws.Int32(100)})
	for lp.HasMorePages() {
		page, err := lp.NextPage(ctx)
		if !svcCall(s, &unread, "route53:ListQueryLoggingConfigs", "query logging configurations", err,
			[]string{"query_logging_configs", "query_logging_enabled"}) {
			break
		}
		for _, q := range page.QueryLoggingConfigs {
			id := awsmodel.HostedZoneID(aws.ToString(q.HostedZoneId))
			logs[id] = append(logs[id], q)
		}
	}
	for _, z := range zones {
		id := awsmodel.HostedZoneID(aws.ToString(z.Id))
		arn := fmt.Sprintf("arn:%s:route53:::hostedzone/%s", partitionOf(s.Region), id)
		m := awsmodel.Route53HostedZone{HostedZone: z, QueryLoggingConfigs: logs[id]}
		s.Emit(s.New(awsmodel.TypeRoute53HostedZone, arn, aws.ToString(z.Name), nil, unread, m))
	}
	return nil
}
