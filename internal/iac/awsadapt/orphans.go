package awsadapt

import (
	"fmt"
	"strings"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// satellite describes a source type that configures a resource declared
// by another block: the resource it names (for messages) and the
// attributes that name it.
type satellite struct {
	main  string
	attrs []string
}

// satellites lists every satellite type an adapter merges into a main
// resource. An instance none of whose attrs an adapter matched (claim)
// configures a resource the scope does not declare: Adapt reports it as
// a skipped coverage record, never silence. A test checks that every
// listed type is consumed by an adapter.
var satellites = map[string]satellite{
	// S3 buckets.
	"aws_s3_bucket_public_access_block":                  {"aws_s3_bucket", []string{"bucket"}},
	"aws_s3_bucket_server_side_encryption_configuration": {"aws_s3_bucket", []string{"bucket"}},
	"aws_s3_bucket_versioning":                           {"aws_s3_bucket", []string{"bucket"}},
	"aws_s3_bucket_logging":                              {"aws_s3_bucket", []string{"bucket"}},
	"aws_s3_bucket_policy":                               {"aws_s3_bucket", []string{"bucket"}},
	"aws_s3_bucket_acl":                                  {"aws_s3_bucket", []string{"bucket"}},
	"aws_s3_bucket_object_lock_configuration":            {"aws_s3_bucket", []string{"bucket"}},
	"AWS::S3::BucketPolicy":                              {"AWS::S3::Bucket", []string{"Bucket"}},
	// IAM users, roles and groups.
	"aws_iam_user_policy":             {"aws_iam_user", []string{"user"}},
	"aws_iam_role_policy":             {"aws_iam_role", []string{"role"}},
	"aws_iam_group_policy":            {"aws_iam_group", []string{"group"}},
	"aws_iam_user_policy_attachment":  {"aws_iam_user", []string{"user"}},
	"aws_iam_role_policy_attachment":  {"aws_iam_role", []string{"role"}},
	"aws_iam_group_policy_attachment": {"aws_iam_group", []string{"group"}},
	"aws_iam_policy_attachment":       {"aws_iam_user, aws_iam_role or aws_iam_group", []string{"users", "roles", "groups"}},
	"aws_iam_access_key":              {"aws_iam_user", []string{"user"}},
	"aws_iam_group_membership":        {"aws_iam_group or aws_iam_user", []string{"group", "users"}},
	"aws_iam_user_group_membership":   {"aws_iam_user or aws_iam_group", []string{"user", "groups"}},
	"AWS::IAM::UserToGroupAddition":   {"AWS::IAM::Group or AWS::IAM::User", []string{"GroupName", "Users"}},
	"AWS::IAM::Policy":                {"AWS::IAM::User, AWS::IAM::Role or AWS::IAM::Group", []string{"Users", "Roles", "Groups"}},
	"AWS::IAM::UserPolicy":            {"AWS::IAM::User", []string{"UserName"}},
	"AWS::IAM::RolePolicy":            {"AWS::IAM::Role", []string{"RoleName"}},
	"AWS::IAM::GroupPolicy":           {"AWS::IAM::Group", []string{"GroupName"}},
	"AWS::IAM::AccessKey":             {"AWS::IAM::User", []string{"UserName"}},
	// Network.
	"aws_security_group_rule":             {"aws_security_group", []string{"security_group_id"}},
	"aws_vpc_security_group_ingress_rule": {"aws_security_group", []string{"security_group_id"}},
	"aws_vpc_security_group_egress_rule":  {"aws_security_group", []string{"security_group_id"}},
	"AWS::EC2::SecurityGroupIngress":      {"AWS::EC2::SecurityGroup", []string{"GroupId", "GroupName"}},
	"AWS::EC2::SecurityGroupEgress":       {"AWS::EC2::SecurityGroup", []string{"GroupId"}},
	"aws_network_acl_rule":                {"aws_network_acl", []string{"network_acl_id"}},
	"AWS::EC2::NetworkAclEntry":           {"AWS::EC2::NetworkAcl", []string{"NetworkAclId"}},
	"aws_flow_log":                        {"aws_vpc", []string{"vpc_id"}},
	"AWS::EC2::FlowLog":                   {"AWS::EC2::VPC", []string{"ResourceId"}},
	"aws_route":                           {"aws_route_table", []string{"route_table_id"}},
	"AWS::EC2::Route":                     {"AWS::EC2::RouteTable", []string{"RouteTableId"}},
	"aws_ami_launch_permission":           {"aws_ami", []string{"image_id"}},
	// Logging, keys and topics.
	"aws_kms_key_policy":                       {"aws_kms_key", []string{"key_id"}},
	"aws_kms_alias":                            {"aws_kms_key", []string{"target_key_id"}},
	"AWS::KMS::Alias":                          {"AWS::KMS::Key", []string{"TargetKeyId"}},
	"aws_sns_topic_policy":                     {"aws_sns_topic", []string{"arn"}},
	"aws_sns_topic_subscription":               {"aws_sns_topic", []string{"topic_arn"}},
	"AWS::SNS::TopicPolicy":                    {"AWS::SNS::Topic", []string{"Topics"}},
	"AWS::SNS::TopicInlinePolicy":              {"AWS::SNS::Topic", []string{"TopicArn"}},
	"AWS::SNS::Subscription":                   {"AWS::SNS::Topic", []string{"TopicArn"}},
	"aws_config_configuration_recorder_status": {"aws_config_configuration_recorder", []string{"name"}},
	"aws_guardduty_detector_feature":           {"aws_guardduty_detector", []string{"detector_id"}},
	// Storage.
	"aws_sqs_queue_policy":                  {"aws_sqs_queue", []string{"queue_url"}},
	"AWS::SQS::QueuePolicy":                 {"AWS::SQS::Queue", []string{"Queues"}},
	"aws_secretsmanager_secret_rotation":    {"aws_secretsmanager_secret", []string{"secret_id"}},
	"aws_secretsmanager_secret_policy":      {"aws_secretsmanager_secret", []string{"secret_arn"}},
	"AWS::SecretsManager::RotationSchedule": {"AWS::SecretsManager::Secret", []string{"SecretId"}},
	"AWS::SecretsManager::ResourcePolicy":   {"AWS::SecretsManager::Secret", []string{"SecretId"}},
	"aws_ecr_repository_policy":             {"aws_ecr_repository", []string{"repository"}},
	"aws_elasticsearch_domain_policy":       {"aws_elasticsearch_domain", []string{"domain_name"}},
	"aws_opensearch_domain_policy":          {"aws_opensearch_domain", []string{"domain_name"}},
	"aws_cloudwatch_event_bus_policy":       {"aws_cloudwatch_event_bus", []string{"event_bus_name"}},
	"AWS::Events::EventBusPolicy":           {"AWS::Events::EventBus", []string{"EventBusName"}},
	"aws_api_gateway_method_settings":       {"aws_api_gateway_stage", []string{"stage_name"}},
	"aws_lambda_permission":                 {"aws_lambda_function", []string{"function_name"}},
	"aws_lambda_function_url":               {"aws_lambda_function", []string{"function_name"}},
	"AWS::Lambda::Permission":               {"AWS::Lambda::Function", []string{"FunctionName"}},
	"AWS::Lambda::Url":                      {"AWS::Lambda::Function", []string{"TargetFunctionArn"}},
	"aws_lb_listener":                       {"aws_lb", []string{"load_balancer_arn"}},
	"aws_alb_listener":                      {"aws_lb", []string{"load_balancer_arn"}},
	"AWS::ElasticLoadBalancingV2::Listener": {"AWS::ElasticLoadBalancingV2::LoadBalancer", []string{"LoadBalancerArn"}},
	// WAF web ACLs.
	"aws_wafv2_web_acl_logging_configuration": {"aws_wafv2_web_acl", []string{"resource_arn"}},
	"AWS::WAFv2::LoggingConfiguration":        {"AWS::WAFv2::WebACL", []string{"ResourceArn"}},
	// Auto Scaling groups.
	"aws_autoscaling_attachment":                {"aws_autoscaling_group", []string{"autoscaling_group_name"}},
	"aws_autoscaling_traffic_source_attachment": {"aws_autoscaling_group", []string{"autoscaling_group_name"}},
}

// claimKey is one satellite attribute an adapter matched to a main
// resource.
type claimKey struct {
	in   *cloudres.Instance
	attr string
}

// claim records that attribute attr of sat named a resource an adapter
// built, so sat is not an orphan.
func (ix *Index) claim(sat *cloudres.Instance, attr string) {
	ix.claims[claimKey{sat, attr}] = true
}

// orphaned reports whether in is a satellite none of whose naming
// attributes an adapter matched.
func (ix *Index) orphaned(in *cloudres.Instance) (satellite, bool) {
	s, ok := satellites[in.Type]
	if !ok {
		return s, false
	}
	for _, a := range s.attrs {
		if ix.claims[claimKey{in, a}] {
			return s, false
		}
	}
	return s, true
}

// orphanCoverage is the skipped coverage record of a satellite whose
// main resource the scope does not declare (or names by a value known
// only at apply).
func orphanCoverage(in *cloudres.Instance, s satellite) model.Coverage {
	return model.Coverage{Scope: "iac-satellite:" + in.Type, Status: model.CoverageSkipped,
		Reason: fmt.Sprintf("%s (%s) %s; not evaluated: scan it together with the configuration that declares the %s",
			in.Address, where(in), namesWhat(in, s), s.main)}
}

// where is an instance's file:line, through its module call.
func where(in *cloudres.Instance) string {
	at := fmt.Sprintf("%s:%d", in.File, in.Line)
	if in.CallFile != "" {
		return fmt.Sprintf("%s:%d → %s", in.CallFile, in.CallLine, at)
	}
	return at
}

// namesWhat says how a satellite names its main resource.
func namesWhat(in *cloudres.Instance, s satellite) string {
	for _, a := range s.attrs {
		v, ok := in.Get(a)
		if !ok || v == nil {
			continue
		}
		switch x := v.(type) {
		case cloudres.Ref:
			return fmt.Sprintf("names %s (%s), which this scope does not declare", s.main, x.Address)
		case cloudres.Unknown:
			return fmt.Sprintf("names its %s by a value known only at apply (%s)", s.main, a)
		case string:
			return fmt.Sprintf("names %s %q, which this scope does not declare", s.main, x)
		case []any:
			var names []string
			for _, e := range x {
				switch y := e.(type) {
				case string:
					names = append(names, fmt.Sprintf("%q", y))
				case cloudres.Ref:
					names = append(names, y.Address)
				default:
					names = append(names, "(known at apply)")
				}
			}
			return fmt.Sprintf("names %s %s, none of which this scope declares", s.main, strings.Join(names, ", "))
		}
	}
	return fmt.Sprintf("names no %s this scope declares", s.main)
}
