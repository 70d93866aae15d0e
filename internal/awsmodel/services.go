package awsmodel

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	apigwv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	glaciertypes "github.com/aws/aws-sdk-go-v2/service/glacier/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/vigil-cspm/vigil/internal/secrets"
)

// Type names of the application services family.
const (
	TypeLambdaFunction         = "aws.lambda.function"
	TypeSQSQueue               = "aws.sqs.queue"
	TypeSecretsManagerSecret   = "aws.secretsmanager.secret"
	TypeGlacierVault           = "aws.glacier.vault"
	TypeEventBus               = "aws.events.event_bus"
	TypeELBLoadBalancer        = "aws.elb.load_balancer"
	TypeELBv2LoadBalancer      = "aws.elbv2.load_balancer"
	TypeCloudFrontDistribution = "aws.cloudfront.distribution"
	TypeAPIGatewayStage        = "aws.apigateway.stage"
	TypeAPIGatewayV2Stage      = "aws.apigatewayv2.stage"
)

func servicesTypes() []Type {
	return []Type{
		typeOf[LambdaFunction](TypeLambdaFunction, "AWS::Lambda::Function", false),
		typeOf[SQSQueue](TypeSQSQueue, "AWS::SQS::Queue", false),
		typeOf[SecretsManagerSecret](TypeSecretsManagerSecret, "AWS::SecretsManager::Secret", false),
		typeOf[GlacierVault](TypeGlacierVault, "AWS::Glacier::Vault", false),
		typeOf[ECRRepository](TypeECRRepository, "AWS::ECR::Repository", false),
		typeOf[OpenSearchDomain](TypeOpenSearchDomain, "AWS::OpenSearchService::Domain", false),
		typeOf[EventBus](TypeEventBus, "AWS::Events::EventBus", false),
		typeOf[ELBLoadBalancer](TypeELBLoadBalancer, "AWS::ElasticLoadBalancing::LoadBalancer", false),
		typeOf[ELBv2LoadBalancer](TypeELBv2LoadBalancer, "AWS::ElasticLoadBalancingV2::LoadBalancer", false),
		typeOf[CloudFrontDistribution](TypeCloudFrontDistribution, "AWS::CloudFront::Distribution", true),
		typeOf[APIGatewayStage](TypeAPIGatewayStage, "AWS::ApiGateway::Stage", false),
		typeOf[APIGatewayV2Stage](TypeAPIGatewayV2Stage, "AWS::ApiGatewayV2::Stage", false),
		typeOf[ElastiCacheReplicationGroup](TypeElastiCacheReplicationGroup, "AWS::ElastiCache::ReplicationGroup", false),
		typeOf[ElastiCacheCacheCluster](TypeElastiCacheCacheCluster, "AWS::ElastiCache::CacheCluster", false),
		typeOf[RedshiftCluster](TypeRedshiftCluster, "AWS::Redshift::Cluster", false),
		typeOf[MSKCluster](TypeMSKCluster, "AWS::MSK::Cluster", false),
	}
}

// Credential is a secret found in a configuration value (an environment
// or stage variable). Only its redacted form is kept.
type Credential struct {
	Key      string
	Kind     string
	Redacted string
}

// RedactVariables returns a copy of vars in which every value the
// detector takes for a credential is replaced by its redacted form, and
// the list of those credentials. Other values are kept: they are
// configuration rules may read (endpoints, feature flags).
func RedactVariables(d *secrets.Detector, vars map[string]string) (map[string]string, []Credential) {
	if vars == nil {
		return nil, nil
	}
	out := make(map[string]string, len(vars))
	var creds []Credential
	for k, v := range vars {
		if kind, ok := d.Detect(k, v); ok {
			red := secrets.Redact(kind, v)
			out[k] = red
			creds = append(creds, Credential{Key: k, Kind: kind, Redacted: red})
			continue
		}
		out[k] = v
	}
	sort.Slice(creds, func(i, j int) bool { return creds[i].Key < creds[j].Key })
	return out, creds
}

// TextCredentials returns the credentials a text holds (a script, a
// configuration file), redacted, each keyed by the name it is assigned
// to and its line ("DB_PASSWORD (line 12)"), or by its line alone.
func TextCredentials(d *secrets.Detector, text string) []Credential {
	var out []Credential
	for _, f := range d.DetectText(text) {
		key := fmt.Sprintf("line %d", f.Line)
		if f.Key != "" {
			key = fmt.Sprintf("%s (line %d)", f.Key, f.Line)
		}
		out = append(out, Credential{Key: key, Kind: f.Kind, Redacted: f.Redacted})
	}
	return out
}

// daysSince is the whole number of days from t to now (nil when t is).
func daysSince(now time.Time, t *time.Time) *int64 {
	if t == nil || t.IsZero() {
		return nil
	}
	d := int64(now.Sub(*t).Hours() / 24)
	return &d
}

// LambdaFunction is aws.lambda.function: the function's configuration
// as ListFunctions returns it, with environment values that hold
// credentials redacted.
type LambdaFunction struct {
	lambdatypes.FunctionConfiguration
	// Policy is the function's resource-based policy (nil: none).
	Policy *PolicyDocument
	// URLConfigs are the function URLs of the function and its aliases.
	URLConfigs []lambdatypes.FunctionUrlConfig `attr:"url_configs"`
	// Credentials are the environment variables that hold a secret; the
	// values in environment.variables are redacted the same way.
	Credentials []Credential
	// RuntimeDeprecationDate is when AWS ended support for the runtime
	// (YYYY-MM-DD; absent for supported runtimes and container images).
	RuntimeDeprecationDate string `attr:"runtime_deprecation_date"`
	// RuntimeDeprecated: the deprecation date has passed.
	RuntimeDeprecated bool
	// PublicURL: some function URL has auth type NONE.
	PublicURL bool `attr:"public_url"`
}

// NewLambdaFunction builds a function from its configuration, redacting
// the environment. The configuration passed in is not modified.
func NewLambdaFunction(cfg lambdatypes.FunctionConfiguration, d *secrets.Detector, now time.Time) LambdaFunction {
	f := LambdaFunction{FunctionConfiguration: cfg}
	if cfg.Environment != nil {
		env := *cfg.Environment
		env.Variables, f.Credentials = RedactVariables(d, cfg.Environment.Variables)
		f.Environment = &env
	}
	if date, ok := deprecatedRuntimes[string(cfg.Runtime)]; ok {
		f.RuntimeDeprecationDate = date
		if t, err := time.Parse("2006-01-02", date); err == nil && !now.Before(t) {
			f.RuntimeDeprecated = true
		}
	}
	return f
}

// Derive computes the fields that depend on the function URLs.
func (f *LambdaFunction) Derive() { f.PublicURL = f.HasPublicURL() }

// HasPublicURL reports whether some function URL has auth type NONE:
// what Derive sets PublicURL to.
func (f *LambdaFunction) HasPublicURL() bool {
	for _, u := range f.URLConfigs {
		if u.AuthType == lambdatypes.FunctionUrlAuthTypeNone {
			return true
		}
	}
	return false
}

// SQSQueue is aws.sqs.queue: GetQueueAttributes(All) of one queue.
type SQSQueue struct {
	QueueURL string `attr:"queue_url"`
	QueueArn string
	// Policy is the queue's access policy, parsed (nil: none).
	Policy                        *PolicyDocument
	KmsMasterKeyId                *string
	KmsDataKeyReusePeriodSeconds  *int64
	SqsManagedSseEnabled          bool
	FifoQueue                     bool
	ContentBasedDeduplication     bool
	VisibilityTimeout             *int64
	MessageRetentionPeriod        *int64
	MaximumMessageSize            *int64
	DelaySeconds                  *int64
	ReceiveMessageWaitTimeSeconds *int64
	CreatedTimestamp              *time.Time
	LastModifiedTimestamp         *time.Time
	RedrivePolicy                 *string
	RedriveAllowPolicy            *string
	// Encrypted: SQS-managed SSE or a KMS key protects messages at rest.
	Encrypted bool
}

// Derive computes Encrypted.
func (q *SQSQueue) Derive() { q.Encrypted = q.SqsManagedSseEnabled || q.KmsMasterKeyId != nil }

// SecretsManagerSecret is aws.secretsmanager.secret: the secret's
// metadata (never its value) and resource policy.
type SecretsManagerSecret struct {
	smtypes.SecretListEntry
	// ResourcePolicy is the secret's resource-based policy (nil: none).
	ResourcePolicy *PolicyDocument
	// LastRotatedDays is the age of the last rotation.
	LastRotatedDays *int64
	// CreatedDays is the secret's age.
	CreatedDays *int64
	// RotationAgeDays is the age of the current value: days since the
	// last rotation, or since creation for a secret never rotated.
	RotationAgeDays *int64
}

// Derive computes the age fields.
func (s *SecretsManagerSecret) Derive(now time.Time) {
	s.LastRotatedDays = daysSince(now, s.LastRotatedDate)
	s.CreatedDays = daysSince(now, s.CreatedDate)
	s.RotationAgeDays = s.LastRotatedDays
	if s.RotationAgeDays == nil {
		s.RotationAgeDays = s.CreatedDays
	}
}

// GlacierVault is aws.glacier.vault.
type GlacierVault struct {
	glaciertypes.DescribeVaultOutput
	// Policy is the vault access policy (nil: none).
	Policy *PolicyDocument
}

// EventBus is aws.events.event_bus.
type EventBus struct {
	Arn              *string
	Name             *string
	Description      *string
	ManagedBy        *string
	CreationTime     *time.Time
	LastModifiedTime *time.Time
	// Policy is the bus's resource-based policy (nil: none).
	Policy *PolicyDocument
}

// ELBLoadBalancer is aws.elb.load_balancer: a Classic Load Balancer as
// DescribeLoadBalancers returns it (listeners included), with its
// attributes.
type ELBLoadBalancer struct {
	elbtypes.LoadBalancerDescription
	// Attributes are DescribeLoadBalancerAttributes' answer.
	Attributes *elbtypes.LoadBalancerAttributes
	// Derived from Attributes.
	AccessLogsEnabled bool
	// TLSListener: some listener accepts HTTPS or SSL from clients.
	TLSListener bool `attr:"tls_listener"`
	// PlainListenerPorts are the ports of listeners that accept HTTP or
	// TCP from clients.
	PlainListenerPorts []int32
}

// Derive computes the fields read from attributes and listeners.
func (lb *ELBLoadBalancer) Derive() {
	lb.AccessLogsEnabled = lb.Attributes != nil && lb.Attributes.AccessLog != nil && lb.Attributes.AccessLog.Enabled
	lb.TLSListener, lb.PlainListenerPorts = false, nil
	for _, ld := range lb.ListenerDescriptions {
		if ld.Listener == nil || ld.Listener.Protocol == nil {
			continue
		}
		switch strings.ToUpper(*ld.Listener.Protocol) {
		case "HTTPS", "SSL":
			lb.TLSListener = true
		case "HTTP", "TCP":
			lb.PlainListenerPorts = append(lb.PlainListenerPorts, ld.Listener.LoadBalancerPort)
		}
	}
	slices.Sort(lb.PlainListenerPorts)
}

// ELBv2LoadBalancer is aws.elbv2.load_balancer: an Application, Network
// or Gateway load balancer with its attributes and listeners.
type ELBv2LoadBalancer struct {
	elbv2types.LoadBalancer
	// Attributes are DescribeLoadBalancerAttributes' key/value pairs
	// ("access_logs.s3.enabled": "true" …).
	Attributes map[string]string
	Listeners  []elbv2types.Listener
	// Derived from Attributes.
	AccessLogsEnabled              bool
	DeletionProtectionEnabled      bool
	DropInvalidHeaderFieldsEnabled bool
	// PlainHTTPListenerPorts are the ports of HTTP listeners whose
	// default action does not redirect to HTTPS.
	PlainHTTPListenerPorts []int32 `attr:"plain_http_listener_ports"`
}

// Derive computes the fields read from attributes and listeners.
func (lb *ELBv2LoadBalancer) Derive() {
	lb.AccessLogsEnabled = lb.Attributes["access_logs.s3.enabled"] == "true"
	lb.DeletionProtectionEnabled = lb.Attributes["deletion_protection.enabled"] == "true"
	lb.DropInvalidHeaderFieldsEnabled = lb.Attributes["routing.http.drop_invalid_header_fields.enabled"] == "true"
	lb.PlainHTTPListenerPorts = nil
	for _, l := range lb.Listeners {
		if l.Protocol != elbv2types.ProtocolEnumHttp || redirectsToHTTPS(l.DefaultActions) {
			continue
		}
		if l.Port != nil {
			lb.PlainHTTPListenerPorts = append(lb.PlainHTTPListenerPorts, *l.Port)
		}
	}
}

func redirectsToHTTPS(actions []elbv2types.Action) bool {
	for _, a := range actions {
		if a.Type == elbv2types.ActionTypeEnumRedirect && a.RedirectConfig != nil && a.RedirectConfig.Protocol != nil && *a.RedirectConfig.Protocol == "HTTPS" {
			return true
		}
	}
	return false
}

// CloudFrontDistribution is aws.cloudfront.distribution: the summary
// ListDistributions gives and the full configuration.
type CloudFrontDistribution struct {
	Id               *string
	ARN              *string `attr:"arn"`
	DomainName       *string
	Status           *string
	LastModifiedTime *time.Time
	// DistributionConfig is GetDistributionConfig's answer.
	DistributionConfig *cftypes.DistributionConfig
	// LoggingEnabled: standard (legacy S3) access logging is on.
	LoggingEnabled bool
	// ViewerProtocolPolicies are the distinct viewer protocol policies of
	// the default and the other cache behaviors.
	ViewerProtocolPolicies []string
	// AllowsHTTP: some cache behavior serves viewers over plain HTTP
	// (policy allow-all).
	AllowsHTTP bool `attr:"allows_http"`
	// MinimumProtocolVersion is the viewer TLS floor (TLSv1 for the
	// default certificate).
	MinimumProtocolVersion string
}

// Derive computes the fields read from the configuration.
func (d *CloudFrontDistribution) Derive() {
	c := d.DistributionConfig
	if c == nil {
		return
	}
	d.LoggingEnabled = c.Logging != nil && c.Logging.Enabled != nil && *c.Logging.Enabled
	set := map[string]bool{}
	if c.DefaultCacheBehavior != nil {
		set[string(c.DefaultCacheBehavior.ViewerProtocolPolicy)] = true
	}
	if c.CacheBehaviors != nil {
		for _, b := range c.CacheBehaviors.Items {
			set[string(b.ViewerProtocolPolicy)] = true
		}
	}
	delete(set, "")
	d.ViewerProtocolPolicies = keys(set)
	d.AllowsHTTP = set[string(cftypes.ViewerProtocolPolicyAllowAll)]
	if vc := c.ViewerCertificate; vc != nil {
		d.MinimumProtocolVersion = string(vc.MinimumProtocolVersion)
		if vc.CloudFrontDefaultCertificate != nil && *vc.CloudFrontDefaultCertificate && d.MinimumProtocolVersion == "" {
			d.MinimumProtocolVersion = string(cftypes.MinimumProtocolVersionTLSv1)
		}
	}
}

// APIGatewayStage is aws.apigateway.stage: a stage of a REST API (API
// Gateway v1). Stage variables holding credentials are redacted.
type APIGatewayStage struct {
	RestApiId   string
	RestApiName *string
	apigwtypes.Stage
	Credentials []Credential
	// AccessLoggingEnabled: access logs go to a destination.
	AccessLoggingEnabled bool
	// ExecutionLoggingLevel is the "*/*" method setting's logging level
	// (OFF when unset).
	ExecutionLoggingLevel string
}

// NewAPIGatewayStage builds a REST API stage, redacting its variables.
func NewAPIGatewayStage(apiID string, apiName *string, st apigwtypes.Stage, d *secrets.Detector) APIGatewayStage {
	s := APIGatewayStage{RestApiId: apiID, RestApiName: apiName, Stage: st}
	s.Variables, s.Credentials = RedactVariables(d, st.Variables)
	return s
}

// Derive computes the stage's logging fields.
func (s *APIGatewayStage) Derive() {
	s.AccessLoggingEnabled = s.AccessLogSettings != nil && s.AccessLogSettings.DestinationArn != nil && *s.AccessLogSettings.DestinationArn != ""
	s.ExecutionLoggingLevel = "OFF"
	if m, ok := s.MethodSettings["*/*"]; ok && m.LoggingLevel != nil {
		s.ExecutionLoggingLevel = *m.LoggingLevel
	}
}

// APIGatewayV2Stage is aws.apigatewayv2.stage: a stage of an HTTP or
// WebSocket API. Stage variables holding credentials are redacted.
type APIGatewayV2Stage struct {
	ApiId        string
	ApiName      *string
	ProtocolType string
	apigwv2types.Stage
	Credentials          []Credential
	AccessLoggingEnabled bool
}

// NewAPIGatewayV2Stage builds an HTTP/WebSocket API stage.
func NewAPIGatewayV2Stage(api apigwv2types.Api, st apigwv2types.Stage, d *secrets.Detector) APIGatewayV2Stage {
	s := APIGatewayV2Stage{ApiName: api.Name, ProtocolType: string(api.ProtocolType), Stage: st}
	if api.ApiId != nil {
		s.ApiId = *api.ApiId
	}
	s.StageVariables, s.Credentials = RedactVariables(d, st.StageVariables)
	return s
}

// Derive computes AccessLoggingEnabled.
func (s *APIGatewayV2Stage) Derive() {
	s.AccessLoggingEnabled = s.AccessLogSettings != nil && s.AccessLogSettings.DestinationArn != nil && *s.AccessLogSettings.DestinationArn != ""
}
