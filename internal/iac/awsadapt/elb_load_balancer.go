package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// elbLoadBalancer reads a Classic Load Balancer (aws_elb,
// AWS::ElasticLoadBalancing::LoadBalancer): its listeners and its access
// log setting.
func elbLoadBalancer(_ *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "LoadBalancerName"))
	lb := awsmodel.ELBLoadBalancer{Attributes: &elbtypes.LoadBalancerAttributes{AccessLog: &elbtypes.AccessLog{}}}
	lb.LoadBalancerName = aws.String(name)
	// Scheme: internet-facing unless internal (Terraform's internal
	// defaults to false; CloudFormation's Scheme to internet-facing).
	lb.Scheme = aws.String("internet-facing")
	if cfn(in) {
		b.setStr(&lb.Scheme, "Scheme", "scheme")
	} else if v, ok := b.boolean("internal", "scheme"); ok && v {
		lb.Scheme = aws.String("internal")
	}

	listeners := spell(in, "listener", "Listeners")
	for i := range b.list(listeners, "listener_descriptions") {
		p := listeners + "." + itoa(i) + "."
		l := &elbtypes.Listener{}
		if s, ok := b.str(p+spell(in, "lb_protocol", "Protocol"), "listener_descriptions"); ok {
			l.Protocol = aws.String(strings.ToUpper(s))
		}
		if n, ok := b.integer(p+spell(in, "lb_port", "LoadBalancerPort"), "listener_descriptions"); ok {
			l.LoadBalancerPort = int32(n)
		}
		if s, ok := b.str(p+spell(in, "instance_protocol", "InstanceProtocol"), ""); ok {
			l.InstanceProtocol = aws.String(strings.ToUpper(s))
		}
		if n, ok := b.integer(p+spell(in, "instance_port", "InstancePort"), ""); ok {
			l.InstancePort = int32p(n)
		}
		if l.Protocol != nil && (*l.Protocol == "HTTP" || *l.Protocol == "TCP") {
			b.locateFirst("plain_listener_ports", p+spell(in, "lb_protocol", "Protocol"))
		}
		lb.ListenerDescriptions = append(lb.ListenerDescriptions, elbtypes.ListenerDescription{Listener: l})
	}

	// Access logs are off without an access_logs block
	// (AccessLoggingPolicy); Terraform's enabled defaults to true,
	// CloudFormation requires Enabled.
	logs := spell(in, "access_logs.0", "AccessLoggingPolicy")
	if _, set := in.Get(logs); set {
		al := lb.Attributes.AccessLog
		al.Enabled = !cfn(in)
		if v, ok := b.boolean(logs+"."+spell(in, "enabled", "Enabled"), "access_logs_enabled"); ok {
			al.Enabled = v
		} else if _, set := in.Get(logs + "." + spell(in, "enabled", "Enabled")); !set {
			b.locate("access_logs_enabled", logs)
		}
		if s, ok := b.strOrRef(logs+"."+spell(in, "bucket", "S3BucketName"), ""); ok {
			al.S3BucketName = aws.String(s)
		}
	}
	return name, lb
}
