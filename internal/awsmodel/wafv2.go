package awsmodel

import (
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

// TypeWAFv2WebACL is an AWS WAF (v2) web ACL, regional or CloudFront.
const TypeWAFv2WebACL = "aws.wafv2.web_acl"

func wafv2Types() []Type {
	return []Type{typeOf[WAFv2WebACL](TypeWAFv2WebACL, "AWS::WAFv2::WebACL", false)}
}

// WAFv2WebACL is aws.wafv2.web_acl: the configuration GetWebACL returns
// that rules judge (not the statements' match details), with the ACL's
// logging destinations.
type WAFv2WebACL struct {
	Name        *string
	Id          *string
	ARN         *string `attr:"arn"`
	Description *string
	// Scope is REGIONAL (load balancers, API Gateway, AppSync, Cognito
	// …) or CLOUDFRONT (listed in us-east-1 only).
	Scope string
	// DefaultAction is ALLOW or BLOCK: what a request no rule decides
	// gets.
	DefaultAction            string
	Capacity                 int64
	ManagedByFirewallManager bool
	VisibilityConfig         *waftypes.VisibilityConfig
	Rules                    []WAFv2Rule
	// FirewallManagerRuleGroups counts the rule groups Firewall Manager
	// runs before and after the ACL's own rules.
	FirewallManagerRuleGroups int
	// LogDestinationConfigs are where the ACL's logging configuration
	// sends its logs; none when logging is off.
	LogDestinationConfigs []string
	// RuleCount counts the rules and rule groups the ACL evaluates, its
	// own and Firewall Manager's.
	RuleCount int
	// MetricsEnabled: the ACL and every rule send CloudWatch metrics.
	MetricsEnabled bool
	// RulesWithoutMetrics name the rules that send no CloudWatch metrics.
	RulesWithoutMetrics []string
	// LoggingEnabled: the ACL logs the requests it inspects.
	LoggingEnabled bool
}

// WAFv2Rule is one rule of a web ACL.
type WAFv2Rule struct {
	Name     *string
	Priority int32
	// Statement is the kind of the rule's top-level statement:
	// managed_rule_group, rule_group, rate_based, ip_set, geo_match,
	// byte_match, sqli_match, xss_match, and, or, not, or other.
	Statement string
	// RuleGroup names the rule group a group statement runs:
	// "<vendor>/<name>" for a managed group, its ARN for the account's own.
	RuleGroup        string
	VisibilityConfig *waftypes.VisibilityConfig
}

// NewWAFv2WebACL builds the model of a web ACL of scope from GetWebACL's
// answer and the ACL's logging configuration (nil: none).
func NewWAFv2WebACL(acl waftypes.WebACL, scope string, logging *waftypes.LoggingConfiguration) WAFv2WebACL {
	w := WAFv2WebACL{Name: acl.Name, Id: acl.Id, ARN: acl.ARN, Description: acl.Description, Scope: scope,
		Capacity: acl.Capacity, ManagedByFirewallManager: acl.ManagedByFirewallManager, VisibilityConfig: acl.VisibilityConfig,
		FirewallManagerRuleGroups: len(acl.PreProcessFirewallManagerRuleGroups) + len(acl.PostProcessFirewallManagerRuleGroups)}
	switch {
	case acl.DefaultAction == nil:
	case acl.DefaultAction.Block != nil:
		w.DefaultAction = "BLOCK"
	case acl.DefaultAction.Allow != nil:
		w.DefaultAction = "ALLOW"
	}
	for _, r := range acl.Rules {
		kind, group := WAFv2StatementKind(r.Statement)
		w.Rules = append(w.Rules, WAFv2Rule{Name: r.Name, Priority: r.Priority, Statement: kind, RuleGroup: group, VisibilityConfig: r.VisibilityConfig})
	}
	if logging != nil {
		w.LogDestinationConfigs = logging.LogDestinationConfigs
	}
	return w
}

// WAFv2StatementKind names a statement's kind and, for a rule group
// statement, the group it runs.
func WAFv2StatementKind(s *waftypes.Statement) (kind, group string) {
	switch {
	case s == nil:
		return "", ""
	case s.ManagedRuleGroupStatement != nil:
		m := s.ManagedRuleGroupStatement
		return "managed_rule_group", aws.ToString(m.VendorName) + "/" + aws.ToString(m.Name)
	case s.RuleGroupReferenceStatement != nil:
		return "rule_group", aws.ToString(s.RuleGroupReferenceStatement.ARN)
	case s.RateBasedStatement != nil:
		return "rate_based", ""
	case s.IPSetReferenceStatement != nil:
		return "ip_set", ""
	case s.GeoMatchStatement != nil:
		return "geo_match", ""
	case s.ByteMatchStatement != nil:
		return "byte_match", ""
	case s.SqliMatchStatement != nil:
		return "sqli_match", ""
	case s.XssMatchStatement != nil:
		return "xss_match", ""
	case s.AndStatement != nil:
		return "and", ""
	case s.OrStatement != nil:
		return "or", ""
	case s.NotStatement != nil:
		return "not", ""
	}
	return "other", ""
}

// Derive computes the ACL's rule count, metrics and logging fields.
func (w *WAFv2WebACL) Derive() {
	w.RuleCount = len(w.Rules) + w.FirewallManagerRuleGroups
	w.MetricsEnabled = w.VisibilityConfig != nil && w.VisibilityConfig.CloudWatchMetricsEnabled
	w.RulesWithoutMetrics = nil
	for i, r := range w.Rules {
		if r.VisibilityConfig == nil || !r.VisibilityConfig.CloudWatchMetricsEnabled {
			name := aws.ToString(r.Name)
			if name == "" {
				name = "#" + strconv.Itoa(i)
			}
			w.RulesWithoutMetrics = append(w.RulesWithoutMetrics, name)
			w.MetricsEnabled = false
		}
	}
	w.LoggingEnabled = len(w.LogDestinationConfigs) > 0
}
