package awsadapt

import (
	"maps"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// The attributes the rules read, with the values a new load balancer
// has (DescribeLoadBalancerAttributes of a fresh ALB; the provider's
// access_logs.enabled, enable_deletion_protection and
// drop_invalid_header_fields all default to false).
var lbAttrDefaults = map[string]string{
	"access_logs.s3.enabled":                          "false",
	"deletion_protection.enabled":                     "false",
	"routing.http.drop_invalid_header_fields.enabled": "false",
}

// elbv2LoadBalancer reads a load balancer with its attributes and the
// listeners that name it.
func elbv2LoadBalancer(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(b.in, spell(in, "name", "Name"))
	lb := awsmodel.ELBv2LoadBalancer{Attributes: maps.Clone(lbAttrDefaults)}
	lb.LoadBalancerName, lb.LoadBalancerArn = aws.String(name), aws.String(in.Address)
	// The type defaults to application, the scheme to internet-facing
	// (Terraform's internal to false).
	lb.Type, lb.Scheme = elbv2types.LoadBalancerTypeEnumApplication, elbv2types.LoadBalancerSchemeEnumInternetFacing
	if s, ok := b.str(spell(in, "load_balancer_type", "Type"), "type"); ok {
		lb.Type = elbv2types.LoadBalancerTypeEnum(s)
	}
	if cfn(in) {
		readCFNLoadBalancer(b, &lb)
	} else {
		readTFLoadBalancer(b, &lb)
	}
	readListeners(ix, in, b, &lb)
	return name, lb
}

// readCFNLoadBalancer reads AWS::ElasticLoadBalancingV2::LoadBalancer's
// Scheme and LoadBalancerAttributes.
func readCFNLoadBalancer(b *builder, lb *awsmodel.ELBv2LoadBalancer) {
	if s, ok := b.str("Scheme", "scheme"); ok {
		lb.Scheme = elbv2types.LoadBalancerSchemeEnum(s)
	}
	for i := range b.list("LoadBalancerAttributes", "attributes") {
		p := "LoadBalancerAttributes." + itoa(i) + "."
		k, okK := b.str(p+"Key", "attributes")
		v, okV := b.str(p+"Value", "attributes")
		if okK && okV {
			lb.Attributes[k] = strings.ToLower(v)
			if k == "access_logs.s3.enabled" {
				b.locate("access_logs_enabled", p+"Value")
			}
		}
	}
}

// readTFLoadBalancer reads aws_lb (aws_alb), whose arguments stand for
// the load balancer's scheme and attributes.
func readTFLoadBalancer(b *builder, lb *awsmodel.ELBv2LoadBalancer) {
	if v, ok := b.boolean("internal", "scheme"); ok && v {
		lb.Scheme = elbv2types.LoadBalancerSchemeEnumInternal
	}
	// access_logs.enabled defaults to false, even with a bucket.
	if v, ok := b.boolean("access_logs.0.enabled", "attributes"); ok {
		lb.Attributes["access_logs.s3.enabled"] = boolText(v)
		b.locate("access_logs_enabled", "access_logs.0.enabled")
	}
	if s, ok := b.strOrRef("access_logs.0.bucket", "attributes"); ok {
		lb.Attributes["access_logs.s3.bucket"] = s
	}
	if v, ok := b.boolean("enable_deletion_protection", "attributes"); ok {
		lb.Attributes["deletion_protection.enabled"] = boolText(v)
	}
	if v, ok := b.boolean("drop_invalid_header_fields", "attributes"); ok {
		lb.Attributes["routing.http.drop_invalid_header_fields.enabled"] = boolText(v)
	}
}

// readListeners joins the listeners that name the load balancer. A
// listener whose load balancer cannot be told, or whose protocol or port
// is unknown, leaves the listeners unread.
func readListeners(ix *Index, in *cloudres.Instance, b *builder, lb *awsmodel.ELBv2LoadBalancer) {
	for _, t := range []string{"aws_lb_listener", "aws_alb_listener", "AWS::ElasticLoadBalancingV2::Listener"} {
		for _, li := range ix.inScope(t, in) {
			switch ix.linkOf(li, spell(li, "load_balancer_arn", "LoadBalancerArn"), in) {
			case linkUnknown:
				b.unknown("listeners")
				continue
			case linkOther:
				continue
			}
			lsb := newBuilder(li)
			l := elbv2types.Listener{ListenerArn: aws.String(li.Address), LoadBalancerArn: lb.LoadBalancerArn}
			if n, ok := lsb.integer(spell(li, "port", "Port"), "listeners"); ok {
				l.Port = int32p(n)
			}
			// Protocol: the provider's default is HTTP for an ALB (TCP
			// must be given for an NLB); CloudFormation documents none.
			proto := spell(li, "protocol", "Protocol")
			if s, ok := lsb.str(proto, "listeners"); ok {
				l.Protocol = elbv2types.ProtocolEnum(strings.ToUpper(s))
			} else if _, set := li.Get(proto); !set && !cfn(li) && lb.Type == elbv2types.LoadBalancerTypeEnumApplication {
				l.Protocol = elbv2types.ProtocolEnumHttp
			}
			actions := spell(li, "default_action", "DefaultActions")
			for i := range lsb.list(actions, "listeners") {
				p := actions + "." + itoa(i) + "."
				a := elbv2types.Action{}
				if s, ok := lsb.str(p+spell(li, "type", "Type"), "listeners"); ok {
					a.Type = elbv2types.ActionTypeEnum(s)
				}
				if s, ok := lsb.str(p+spell(li, "redirect.0.protocol", "RedirectConfig.Protocol"), "listeners"); ok {
					a.RedirectConfig = &elbv2types.RedirectActionConfig{Protocol: aws.String(s)}
				}
				l.DefaultActions = append(l.DefaultActions, a)
			}
			lb.Listeners = append(lb.Listeners, l)
			if l.Protocol == elbv2types.ProtocolEnumHttp {
				b.locateBlock("plain_http_listener_ports", li)
			}
			b.merge(lsb)
		}
	}
	sort.SliceStable(lb.Listeners, func(i, j int) bool { return aws.ToInt32(lb.Listeners[i].Port) < aws.ToInt32(lb.Listeners[j].Port) })
}
