package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// cloudFrontDistribution reads a distribution's configuration:
// Terraform's arguments, CloudFormation's DistributionConfig.
func cloudFrontDistribution(_ *Index, b *builder) (string, any) {
	in := b.in
	d := awsmodel.CloudFrontDistribution{Id: aws.String(in.Address), DomainName: aws.String("${" + in.Address + ".domain_name}")}
	cfg := &cftypes.DistributionConfig{}
	const attr = "distribution_config"
	// Standard logging is on when the logging block is declared
	// (Terraform's logging_config, CloudFormation's Logging).
	cfg.Logging = &cftypes.LoggingConfig{Enabled: aws.Bool(false)}
	logging := spell(in, "logging_config", "DistributionConfig.Logging")
	if top, set := in.Get(logging); set && hasUnknown(top) && !cfn(in) {
		if _, isList := top.([]any); !isList {
			b.unknown(attr)
		}
	}
	if _, set := in.Get(logging); set {
		lp := spell(in, "logging_config.0", "DistributionConfig.Logging")
		if v, ok := in.Get(lp); ok && v != nil {
			cfg.Logging.Enabled = aws.Bool(true)
			b.locate("logging_enabled", lp)
			if s, ok := b.strOrRef(lp+"."+spell(in, "bucket", "Bucket"), attr); ok {
				cfg.Logging.Bucket = aws.String(s)
			}
			b.setStr(&cfg.Logging.Prefix, lp+"."+spell(in, "prefix", "Prefix"), attr)
		} else if cloudres.IsUnknown(v) {
			b.unknown(attr)
		}
	}
	vpp := spell(in, "viewer_protocol_policy", "ViewerProtocolPolicy")
	def := &cftypes.DefaultCacheBehavior{}
	defVPP := spell(in, "default_cache_behavior.0.", "DistributionConfig.DefaultCacheBehavior.") + vpp
	if s, ok := b.str(defVPP, attr); ok {
		def.ViewerProtocolPolicy = cftypes.ViewerProtocolPolicy(s)
		b.locate("viewer_protocol_policies", defVPP)
	}
	cfg.DefaultCacheBehavior = def
	behaviors := spell(in, "ordered_cache_behavior", "DistributionConfig.CacheBehaviors")
	if items := b.list(behaviors, attr); len(items) > 0 {
		cbs := &cftypes.CacheBehaviors{}
		for i := range items {
			p := behaviors + "." + itoa(i) + "."
			cb := cftypes.CacheBehavior{}
			if s, ok := b.str(p+vpp, attr); ok {
				cb.ViewerProtocolPolicy = cftypes.ViewerProtocolPolicy(s)
				if cb.ViewerProtocolPolicy == cftypes.ViewerProtocolPolicyAllowAll {
					b.locate("viewer_protocol_policies", p+vpp)
				}
			}
			b.setStr(&cb.PathPattern, p+spell(in, "path_pattern", "PathPattern"), "")
			cbs.Items = append(cbs.Items, cb)
		}
		cbs.Quantity = aws.Int32(int32(len(cbs.Items)))
		cfg.CacheBehaviors = cbs
	}
	// Viewer certificate: the CloudFront default certificate when none
	// is given; minimum_protocol_version defaults to TLSv1 (provider
	// docs; CloudFront's own default for the default certificate).
	vc := &cftypes.ViewerCertificate{MinimumProtocolVersion: cftypes.MinimumProtocolVersionTLSv1}
	cp := spell(in, "viewer_certificate.0", "DistributionConfig.ViewerCertificate")
	if _, set := in.Get(cp); set {
		if v, ok := b.boolean(cp+"."+spell(in, "cloudfront_default_certificate", "CloudFrontDefaultCertificate"), attr); ok {
			vc.CloudFrontDefaultCertificate = aws.Bool(v)
		}
		if s, ok := b.strOrRef(cp+"."+spell(in, "acm_certificate_arn", "AcmCertificateArn"), attr); ok {
			vc.ACMCertificateArn = aws.String(s)
		}
		if s, ok := b.str(cp+"."+spell(in, "ssl_support_method", "SslSupportMethod"), ""); ok {
			vc.SSLSupportMethod = cftypes.SSLSupportMethod(s)
		}
		if s, ok := b.str(cp+"."+spell(in, "minimum_protocol_version", "MinimumProtocolVersion"), attr); ok {
			vc.MinimumProtocolVersion = cftypes.MinimumProtocolVersion(s)
		}
	} else {
		vc.CloudFrontDefaultCertificate = aws.Bool(true)
	}
	cfg.ViewerCertificate = vc
	// The web ACL (a WAFv2 ARN or a WAF Classic ID): none when omitted;
	// one set from a value known only at apply is unread.
	if s, ok := b.strOrRef(spell(in, "web_acl_id", "DistributionConfig.WebACLId"), "web_acl_id"); ok && s != "" {
		cfg.WebACLId = aws.String(s)
	}
	if v, ok := b.boolean(spell(in, "enabled", "DistributionConfig.Enabled"), ""); ok {
		cfg.Enabled = aws.Bool(v)
	}
	d.DistributionConfig = cfg
	return in.Name, d
}
