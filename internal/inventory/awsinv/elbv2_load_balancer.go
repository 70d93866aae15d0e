package awsinv

// aws.elbv2.load_balancer: application and network load balancers, read with
// elasticloadbalancing:DescribeLoadBalancers,
// elasticloadbalancing:DescribeLoadBalancerAttributes,
// elasticloadbalancing:DescribeListeners and elasticloadbalancing:DescribeTags.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectLoadBalancers lists load balancers, reads tags 20 at a time,
// and each one's attributes and listeners (no batch API for those).
func collectLoadBalancers(ctx context.Context, s *Session) error {
	c := elbv2.NewFromConfig(s.Config)
	var lbs []elbv2types.LoadBalancer
	p := elbv2.NewDescribeLoadBalancersPaginator(c, &elbv2.DescribeLoadBalancersInput{PageSize: aws.Int32(400)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		lbs = append(lbs, page.LoadBalancers...)
	}
	arns := make([]string, 0, len(lbs))
	for _, lb := range lbs {
		arns = append(arns, aws.ToString(lb.LoadBalancerArn))
	}
	tags, tagsRead := batchTags(s, "elasticloadbalancing:DescribeTags", arns, 20, func(batch []string) (map[string]map[string]string, error) {
		out, err := c.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: batch})
		if err != nil {
			return nil, err
		}
		m := map[string]map[string]string{}
		for _, d := range out.TagDescriptions {
			m[aws.ToString(d.ResourceArn)] = elbv2Labels(d.Tags)
		}
		return m, nil
	})
	servicesEach(ctx, lbs, 8, func(lb elbv2types.LoadBalancer) {
		arn := aws.ToString(lb.LoadBalancerArn)
		name := aws.ToString(lb.LoadBalancerName)
		m := awsmodel.ELBv2LoadBalancer{LoadBalancer: lb}
		var unread []string
		if !tagsRead {
			unread = append(unread, "tags")
		}
		attrs, err := c.DescribeLoadBalancerAttributes(ctx, &elbv2.DescribeLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn})
		if svcCall(s, &unread, "elasticloadbalancing:DescribeLoadBalancerAttributes", "load balancer "+name, err,
			[]string{"attributes", "access_logs_enabled", "deletion_protection_enabled", "drop_invalid_header_fields_enabled"}) {
			m.Attributes = map[string]string{}
			for _, a := range attrs.Attributes {
				m.Attributes[aws.ToString(a.Key)] = aws.ToString(a.Value)
			}
		}
		lp := elbv2.NewDescribeListenersPaginator(c, &elbv2.DescribeListenersInput{LoadBalancerArn: lb.LoadBalancerArn, PageSize: aws.Int32(400)})
		for lp.HasMorePages() {
			page, err := lp.NextPage(ctx)
			if !svcCall(s, &unread, "elasticloadbalancing:DescribeListeners", "load balancer "+name, err, []string{"listeners", "plain_http_listener_ports"}) {
				break
			}
			m.Listeners = append(m.Listeners, page.Listeners...)
		}
		s.Emit(s.New(awsmodel.TypeELBv2LoadBalancer, arn, name, tags[arn], unread, m))
	})
	return ctx.Err()
}

// elbv2Labels turns a load balancer's tags into labels.
func elbv2Labels(tags []elbv2types.Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}
