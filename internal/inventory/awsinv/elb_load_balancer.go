package awsinv

// aws.elb.load_balancer: Classic Load Balancers, read with
// elasticloadbalancing:DescribeLoadBalancers,
// elasticloadbalancing:DescribeLoadBalancerAttributes and
// elasticloadbalancing:DescribeTags (the 2012-06-01 API).

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectClassicLoadBalancers lists Classic Load Balancers (listeners
// come with them), reads tags 20 names at a time and each one's
// attributes (no batch API for those).
func collectClassicLoadBalancers(ctx context.Context, s *Session) error {
	c := elb.NewFromConfig(s.Config)
	var lbs []elbtypes.LoadBalancerDescription
	p := elb.NewDescribeLoadBalancersPaginator(c, &elb.DescribeLoadBalancersInput{PageSize: aws.Int32(400)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		lbs = append(lbs, page.LoadBalancerDescriptions...)
	}
	names := make([]string, 0, len(lbs))
	for _, lb := range lbs {
		names = append(names, aws.ToString(lb.LoadBalancerName))
	}
	tags, tagsRead := batchTags(s, "elasticloadbalancing:DescribeTags", names, 20, func(batch []string) (map[string]map[string]string, error) {
		out, err := c.DescribeTags(ctx, &elb.DescribeTagsInput{LoadBalancerNames: batch})
		if err != nil {
			return nil, err
		}
		m := map[string]map[string]string{}
		for _, d := range out.TagDescriptions {
			l := make(map[string]string, len(d.Tags))
			for _, t := range d.Tags {
				l[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			m[aws.ToString(d.LoadBalancerName)] = l
		}
		return m, nil
	})
	servicesEach(ctx, lbs, 8, func(lb elbtypes.LoadBalancerDescription) {
		name := aws.ToString(lb.LoadBalancerName)
		m := awsmodel.ELBLoadBalancer{LoadBalancerDescription: lb}
		var unread []string
		if !tagsRead {
			unread = append(unread, "tags")
		}
		attrs, err := c.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerName: lb.LoadBalancerName})
		if svcCall(s, &unread, "elasticloadbalancing:DescribeLoadBalancerAttributes", "load balancer "+name, err,
			[]string{"attributes", "access_logs_enabled"}) {
			m.Attributes = attrs.LoadBalancerAttributes
		}
		arn := "arn:" + partitionOf(s.Region) + ":elasticloadbalancing:" + s.Region + ":" + s.Account + ":loadbalancer/" + name
		s.Emit(s.New(awsmodel.TypeELBLoadBalancer, arn, name, tags[name], unread, m))
	})
	return ctx.Err()
}
