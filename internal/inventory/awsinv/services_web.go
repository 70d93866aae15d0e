package awsinv

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	apigwv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/secrets"
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
	tags := map[string]map[string]string{}
	tagsRead := true
	for i := 0; i < len(lbs); i += 20 {
		var arns []string
		for _, lb := range lbs[i:min(i+20, len(lbs))] {
			arns = append(arns, aws.ToString(lb.LoadBalancerArn))
		}
		out, err := c.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: arns})
		if err != nil {
			tagsRead = false
			s.Fail("elasticloadbalancing:DescribeTags", err)
			continue
		}
		for _, d := range out.TagDescriptions {
			m := map[string]string{}
			for _, t := range d.Tags {
				m[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			tags[aws.ToString(d.ResourceArn)] = m
		}
	}
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
		m.Derive()
		s.Emit(s.New(awsmodel.TypeELBv2LoadBalancer, arn, name, tags[arn], unread, m))
	})
	return ctx.Err()
}

// collectDistributions lists distributions and reads each one's full
// configuration (the summary lacks logging).
func collectDistributions(ctx context.Context, s *Session) error {
	c := cloudfront.NewFromConfig(s.Config)
	var dists []cftypes.DistributionSummary
	p := cloudfront.NewListDistributionsPaginator(c, &cloudfront.ListDistributionsInput{MaxItems: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		if page.DistributionList != nil {
			dists = append(dists, page.DistributionList.Items...)
		}
	}
	servicesEach(ctx, dists, 8, func(d cftypes.DistributionSummary) {
		id := aws.ToString(d.Id)
		m := awsmodel.CloudFrontDistribution{Id: d.Id, ARN: d.ARN, DomainName: d.DomainName, Status: d.Status, LastModifiedTime: d.LastModifiedTime}
		var unread []string
		out, err := c.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: d.Id})
		if svcCall(s, &unread, "cloudfront:GetDistributionConfig", "distribution "+id, err,
			[]string{"distribution_config", "logging_enabled", "viewer_protocol_policies", "allows_http", "minimum_protocol_version"}) {
			m.DistributionConfig = out.DistributionConfig
		}
		m.Derive()
		arn := aws.ToString(d.ARN)
		if arn == "" {
			arn = fmt.Sprintf("arn:aws:cloudfront::%s:distribution/%s", s.Account, id)
		}
		s.Emit(s.New(awsmodel.TypeCloudFrontDistribution, arn, id, nil, unread, m))
	})
	return ctx.Err()
}

// collectRESTAPIStages lists REST APIs and each one's stages.
func collectRESTAPIStages(ctx context.Context, s *Session) error {
	c := apigateway.NewFromConfig(s.Config)
	var apis []apigwtypes.RestApi
	p := apigateway.NewGetRestApisPaginator(c, &apigateway.GetRestApisInput{Limit: aws.Int32(500)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		apis = append(apis, page.Items...)
	}
	det := secrets.New()
	servicesEach(ctx, apis, 4, func(api apigwtypes.RestApi) {
		id := aws.ToString(api.Id)
		out, err := c.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: api.Id})
		if err != nil {
			if !IsNotFound(err) {
				s.Fail("apigateway:GetStages", fmt.Errorf("rest api %s: %w", id, err))
			}
			return
		}
		for _, st := range out.Item {
			m := awsmodel.NewAPIGatewayStage(id, api.Name, st, det)
			stage := aws.ToString(st.StageName)
			arn := fmt.Sprintf("arn:%s:apigateway:%s::/restapis/%s/stages/%s", partitionOf(s.Region), s.Region, id, stage)
			s.Emit(s.New(awsmodel.TypeAPIGatewayStage, arn, aws.ToString(api.Name)+"/"+stage, st.Tags, nil, m))
		}
	})
	return ctx.Err()
}

// collectHTTPAPIStages lists HTTP and WebSocket APIs and each one's
// stages. (The SDK has no paginators for API Gateway v2.)
func collectHTTPAPIStages(ctx context.Context, s *Session) error {
	c := apigatewayv2.NewFromConfig(s.Config)
	var apis []apigwv2types.Api
	in := &apigatewayv2.GetApisInput{MaxResults: aws.String("500")}
	for {
		page, err := c.GetApis(ctx, in)
		if err != nil {
			return err
		}
		apis = append(apis, page.Items...)
		if page.NextToken == nil || *page.NextToken == "" {
			break
		}
		in.NextToken = page.NextToken
	}
	det := secrets.New()
	servicesEach(ctx, apis, 4, func(api apigwv2types.Api) {
		id := aws.ToString(api.ApiId)
		sin := &apigatewayv2.GetStagesInput{ApiId: api.ApiId, MaxResults: aws.String("500")}
		for {
			out, err := c.GetStages(ctx, sin)
			if err != nil {
				if !IsNotFound(err) {
					s.Fail("apigateway:GetStages", fmt.Errorf("api %s: %w", id, err))
				}
				return
			}
			for _, st := range out.Items {
				m := awsmodel.NewAPIGatewayV2Stage(api, st, det)
				stage := aws.ToString(st.StageName)
				arn := fmt.Sprintf("arn:%s:apigateway:%s::/apis/%s/stages/%s", partitionOf(s.Region), s.Region, id, stage)
				s.Emit(s.New(awsmodel.TypeAPIGatewayV2Stage, arn, aws.ToString(api.Name)+"/"+stage, st.Tags, nil, m))
			}
			if out.NextToken == nil || *out.NextToken == "" {
				return
			}
			sin.NextToken = out.NextToken
		}
	})
	return ctx.Err()
}
