package awsadapt

import (
	"strings"

	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// aws.cloudtrail.account_settings is not adapted: it anchors rules that
// ask whether *some* trail of the account (own or organisation) logs
// everything, and a template cannot know the account's other trails.
func loggingAdapters() []adapter {
	return []adapter{
		{Target: awsmodel.TypeCloudTrailTrail, Consumes: []string{"aws_cloudtrail", "AWS::CloudTrail::Trail"}, Adapt: adaptTrails},
		{Target: awsmodel.TypeKMSKey, Consumes: []string{"aws_kms_key", "aws_kms_alias", "aws_kms_key_policy", "AWS::KMS::Key", "AWS::KMS::Alias"}, Adapt: adaptKMSKeys},
		{Target: awsmodel.TypeSNSTopic, Consumes: []string{"aws_sns_topic", "aws_sns_topic_policy", "aws_sns_topic_subscription",
			"AWS::SNS::Topic", "AWS::SNS::TopicPolicy", "AWS::SNS::TopicInlinePolicy", "AWS::SNS::Subscription"}, Adapt: adaptSNSTopics},
		{Target: awsmodel.TypeLogsMetricFilter, Consumes: []string{"aws_cloudwatch_log_metric_filter", "AWS::Logs::MetricFilter"}, Adapt: adaptMetricFilters},
		{Target: awsmodel.TypeCloudWatchAlarm, Consumes: []string{"aws_cloudwatch_metric_alarm", "AWS::CloudWatch::Alarm"}, Adapt: adaptAlarms},
		{Target: awsmodel.TypeConfigRegionalSettings, Consumes: []string{"aws_config_configuration_recorder", "aws_config_configuration_recorder_status", "AWS::Config::ConfigurationRecorder"}, Adapt: adaptConfigRecorders},
		{Target: awsmodel.TypeGuardDutyRegionalSettings, Consumes: []string{"aws_guardduty_detector", "aws_guardduty_detector_feature", "AWS::GuardDuty::Detector"}, Adapt: adaptGuardDuty},
		{Target: awsmodel.TypeSecurityHubRegionalSettings, Consumes: []string{"aws_securityhub_account", "AWS::SecurityHub::Hub"}, Adapt: adaptSecurityHub},
		{Target: awsmodel.TypeMacieRegionalSettings, Consumes: []string{"aws_macie2_account", "AWS::Macie::Session"}, Adapt: adaptMacie},
	}
}

// both returns the instances of a Terraform and a CloudFormation type.
func both(ix *Index, tf, cf string) []*cloudres.Instance {
	return append(append([]*cloudres.Instance{}, ix.OfType(tf)...), ix.OfType(cf)...)
}

// stringsAt reads a list of known strings (unknown entries are skipped;
// an unknown list marks attr unread).
func stringsAt(b *builder, path, attr string) []string {
	var out []string
	for _, e := range b.list(path, attr) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		} else if hasUnknown(e) {
			b.unknown(attr)
		}
	}
	return out
}

// --- CloudTrail ------------------------------------------------------------

func adaptTrails(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_cloudtrail", "AWS::CloudTrail::Trail") {
		out = append(out, adaptTrail(ix, in))
	}
	return out
}

func adaptTrail(ix *Index, in *cloudres.Instance) *model.Resource {
	b := newBuilder(in)
	name := labelOr(in, spell(in, "name", "TrailName"))
	t := awsmodel.CloudTrailTrail{Trail: cttypes.Trail{Name: &name}}
	// Defaults of both sources (CreateTrail): single-region, no
	// validation, global service events included, not an organisation
	// trail; Terraform's enable_logging defaults to true (CloudFormation's
	// IsLogging is required).
	boolOr := func(path, attr string, def bool) *bool {
		if v, ok := b.boolean(path, attr); ok {
			return &v
		}
		if _, set := in.Get(path); set {
			return nil
		}
		return &def
	}
	t.IsMultiRegionTrail = boolOr(spell(in, "is_multi_region_trail", "IsMultiRegionTrail"), "is_multi_region_trail", false)
	t.IsOrganizationTrail = boolOr(spell(in, "is_organization_trail", "IsOrganizationTrail"), "is_organization_trail", false)
	t.IncludeGlobalServiceEvents = boolOr(spell(in, "include_global_service_events", "IncludeGlobalServiceEvents"), "include_global_service_events", true)
	t.LogFileValidationEnabled = boolOr(spell(in, "enable_log_file_validation", "EnableLogFileValidation"), "log_file_validation_enabled", false)
	loggingPath := spell(in, "enable_logging", "IsLogging")
	if logging := boolOr(loggingPath, "is_logging", !cfn(in)); logging != nil {
		if _, set := in.Get(loggingPath); set || !cfn(in) {
			t.Status = &awsmodel.TrailStatus{IsLogging: logging}
		}
	}
	if t.Status == nil {
		b.unknown("is_logging")
		b.unknown("status")
	}
	// The bucket: its name, or the name of the bucket the reference
	// designates (so the bucket-logging rule can find it).
	bucketPath := spell(in, "s3_bucket_name", "S3BucketName")
	if v, ok := in.Get(bucketPath); ok {
		if to, ok := ix.Resolve(in, v); ok {
			bn := labelOr(to, spell(to, "bucket", "BucketName"))
			t.S3BucketName = &bn
			b.locate("s3_bucket_name", bucketPath)
		} else if s, ok := b.str(bucketPath, "s3_bucket_name"); ok {
			t.S3BucketName = &s
		}
	}
	if s, ok := b.str(spell(in, "s3_key_prefix", "S3KeyPrefix"), "s3_key_prefix"); ok {
		t.S3KeyPrefix = &s
	}
	if s, ok := presentStr(b, spell(in, "kms_key_id", "KMSKeyId"), "kms_key_id"); ok {
		t.KmsKeyId = &s
	}
	if s, ok := b.str(spell(in, "sns_topic_name", "SnsTopicName"), "sns_topic_arn"); ok {
		t.SnsTopicARN = &s
	}
	if s, ok := b.str(spell(in, "cloud_watch_logs_role_arn", "CloudWatchLogsRoleArn"), "cloud_watch_logs_role_arn"); ok {
		t.CloudWatchLogsRoleArn = &s
	}
	// The log group: its ARN, or the name of the group the reference
	// designates (then its ARN is known only at apply).
	groupPath := spell(in, "cloud_watch_logs_group_arn", "CloudWatchLogsLogGroupArn")
	if v, ok := in.Get(groupPath); ok {
		if to, ok := ix.Resolve(in, v); ok {
			t.CloudWatchLogsLogGroupName = labelOr(to, spell(to, "name", "LogGroupName"))
			b.locate("cloudwatch_logs_log_group_name", groupPath)
		} else if s, ok := b.str(groupPath, "cloudwatch_logs_log_group_name"); ok {
			t.CloudWatchLogsLogGroupArn = &s
		}
	}
	readSelectors(b, &t)
	return b.resource(awsmodel.TypeCloudTrailTrail, name, t)
}

// readSelectors reads basic or advanced event selectors. A trail that
// declares neither gets CloudTrail's default selector: every read and
// write management event.
func readSelectors(b *builder, t *awsmodel.CloudTrailTrail) {
	in := b.in
	es := spell(in, "event_selector", "EventSelectors")
	aes := spell(in, "advanced_event_selector", "AdvancedEventSelectors")
	for _, p := range []string{es, aes} {
		if v, ok := in.Get(p); ok && hasUnknown(v) {
			for _, a := range []string{"event_selectors", "advanced_event_selectors", "management_events_read", "management_events_write",
				"all_management_events", "s3_data_events_read", "s3_data_events_write", "s3_data_events_read_buckets", "s3_data_events_write_buckets"} {
				b.unknown(a)
			}
			return
		}
	}
	basic := b.list(es, "event_selectors")
	adv := b.list(aes, "advanced_event_selectors")
	for i := range basic {
		p := es + "." + itoa(i) + "."
		sel := cttypes.EventSelector{ReadWriteType: cttypes.ReadWriteTypeAll}
		if s, ok := b.str(p+spell(in, "read_write_type", "ReadWriteType"), ""); ok {
			sel.ReadWriteType = cttypes.ReadWriteType(s)
		}
		inc := true // default of both sources
		if v, ok := b.boolean(p+spell(in, "include_management_events", "IncludeManagementEvents"), ""); ok {
			inc = v
		}
		sel.IncludeManagementEvents = &inc
		sel.ExcludeManagementEventSources = stringsAt(b, p+spell(in, "exclude_management_event_sources", "ExcludeManagementEventSources"), "")
		dr := p + spell(in, "data_resource", "DataResources")
		for j := range b.list(dr, "") {
			dp := dr + "." + itoa(j) + "."
			typ, _ := b.str(dp+spell(in, "type", "Type"), "")
			sel.DataResources = append(sel.DataResources, cttypes.DataResource{Type: &typ, Values: stringsAt(b, dp+spell(in, "values", "Values"), "")})
		}
		t.EventSelectors = append(t.EventSelectors, sel)
	}
	for i := range adv {
		p := aes + "." + itoa(i) + "."
		var sel cttypes.AdvancedEventSelector
		if s, ok := b.str(p+spell(in, "name", "Name"), ""); ok {
			sel.Name = &s
		}
		fs := p + spell(in, "field_selector", "FieldSelectors")
		for j := range b.list(fs, "") {
			fp := fs + "." + itoa(j) + "."
			field, _ := b.str(fp+spell(in, "field", "Field"), "")
			sel.FieldSelectors = append(sel.FieldSelectors, cttypes.AdvancedFieldSelector{
				Field:         &field,
				Equals:        stringsAt(b, fp+spell(in, "equals", "Equals"), ""),
				NotEquals:     stringsAt(b, fp+spell(in, "not_equals", "NotEquals"), ""),
				StartsWith:    stringsAt(b, fp+spell(in, "starts_with", "StartsWith"), ""),
				NotStartsWith: stringsAt(b, fp+spell(in, "not_starts_with", "NotStartsWith"), ""),
				EndsWith:      stringsAt(b, fp+spell(in, "ends_with", "EndsWith"), ""),
				NotEndsWith:   stringsAt(b, fp+spell(in, "not_ends_with", "NotEndsWith"), ""),
			})
		}
		t.AdvancedEventSelectors = append(t.AdvancedEventSelectors, sel)
	}
	if len(basic) == 0 && len(adv) == 0 {
		inc := true
		t.EventSelectors = []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeAll, IncludeManagementEvents: &inc}}
	}
}

// --- KMS -----------------------------------------------------------------

func adaptKMSKeys(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_kms_key", "AWS::KMS::Key") {
		b := newBuilder(in)
		c := cfn(in)
		// Defaults of both sources: a symmetric encryption key
		// (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT) with key material from
		// KMS, enabled, no automatic rotation.
		k := awsmodel.KMSKey{KeyMetadata: kmstypes.KeyMetadata{KeyManager: kmstypes.KeyManagerTypeCustomer,
			KeySpec: kmstypes.KeySpecSymmetricDefault, KeyUsage: kmstypes.KeyUsageTypeEncryptDecrypt,
			Origin: kmstypes.OriginTypeAwsKms, KeyState: kmstypes.KeyStateEnabled, Enabled: true}}
		if s, ok := b.str(spell(in, "customer_master_key_spec", "KeySpec"), "key_spec"); ok {
			k.KeySpec = kmstypes.KeySpec(s)
		} else if _, set := in.Get(spell(in, "customer_master_key_spec", "KeySpec")); set {
			b.unknown("rotation_applicable")
		}
		if s, ok := b.str(spell(in, "key_usage", "KeyUsage"), "key_usage"); ok {
			k.KeyUsage = kmstypes.KeyUsageType(s)
		}
		if en, ok := b.boolean(spell(in, "is_enabled", "Enabled"), "key_state"); ok && !en {
			k.Enabled, k.KeyState = false, kmstypes.KeyStateDisabled
		} else if _, set := in.Get(spell(in, "is_enabled", "Enabled")); set && !ok {
			b.unknown("rotation_applicable")
		}
		if c {
			if s, ok := b.str("Origin", "origin"); ok {
				k.Origin = kmstypes.OriginType(s)
			}
		} else if v, set := in.Get("custom_key_store_id"); set && v != nil {
			// A custom key store: CloudHSM, or an external key store
			// when xks_key_id is set (a plan lists both as null when
			// they are not).
			k.Origin = kmstypes.OriginTypeAwsCloudhsm
			if v, xks := in.Get("xks_key_id"); xks && v != nil {
				k.Origin = kmstypes.OriginTypeExternalKeyStore
			}
		}
		if s, ok := b.str(spell(in, "description", "Description"), "description"); ok {
			k.Description = &s
		}
		if mr, ok := b.boolean(spell(in, "multi_region", "MultiRegion"), "multi_region"); ok {
			k.MultiRegion = &mr
		}
		rot := false
		if v, ok := b.boolean(spell(in, "enable_key_rotation", "EnableKeyRotation"), "key_rotation_enabled"); ok {
			rot = v
		} else if _, set := in.Get(spell(in, "enable_key_rotation", "EnableKeyRotation")); set {
			b.unknown("key_rotation_enabled")
		}
		k.KeyRotationEnabled = &rot
		if rot {
			days := int32(365) // default rotation period of both sources
			if n, ok := b.integer(spell(in, "rotation_period_in_days", "RotationPeriodInDays"), "rotation_period_in_days"); ok {
				days = int32(n)
			}
			k.RotationPeriodInDays = &days
		}
		// No policy declared: KMS's default key policy, which gives the
		// account (its IAM policies) access and is never public.
		k.Policy = b.policy(spell(in, "policy", "KeyPolicy"), "policy", "")
		for _, sat := range linked(ix, "aws_kms_key_policy", "key_id", in, knownStr(in, "key_id")) {
			sb := newBuilder(sat)
			k.Policy = sb.policy("policy", "policy", "")
			override(b, "policy")
			b.merge(sb)
		}
		aliases := linked(ix, spell(in, "aws_kms_alias", "AWS::KMS::Alias"), spell(in, "target_key_id", "TargetKeyId"), in,
			knownStr(in, spell(in, "key_id", "KeyId")), knownStr(in, "arn"))
		for _, a := range aliases {
			if n := knownStr(a, spell(a, "name", "AliasName")); n != "" {
				k.Aliases = append(k.Aliases, n)
			} else {
				b.unknown("aliases")
			}
		}
		name := in.Name
		if len(k.Aliases) > 0 {
			name = k.Aliases[0]
		}
		out = append(out, b.resource(awsmodel.TypeKMSKey, name, k))
	}
	return out
}

// --- SNS -----------------------------------------------------------------

func adaptSNSTopics(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_sns_topic", "AWS::SNS::Topic") {
		b := newBuilder(in)
		c := cfn(in)
		name := labelOr(in, spell(in, "name", "TopicName"))
		t := awsmodel.SNSTopic{Name: name}
		if s := knownStr(in, "arn"); s != "" {
			t.TopicArn = s
		}
		if s, ok := b.str(spell(in, "display_name", "DisplayName"), "display_name"); ok {
			t.DisplayName = s
		}
		if s, ok := presentStr(b, spell(in, "kms_master_key_id", "KmsMasterKeyId"), "kms_master_key_id"); ok {
			t.KmsMasterKeyId = s
		}
		if v, ok := b.boolean(spell(in, "fifo_topic", "FifoTopic"), "fifo_topic"); ok {
			t.FifoTopic = v
		}
		// No policy declared: SNS's default policy (the owner account
		// only).
		t.Policy = b.policy(spell(in, "policy", "PolicyDocument"), "policy", "")
		var subs []subscription
		if c {
			for _, p := range linked(ix, "AWS::SNS::TopicPolicy", "Topics", in, t.TopicArn) {
				pb := newBuilder(p)
				t.Policy = pb.policy("PolicyDocument", "policy", "")
				override(b, "policy")
				b.merge(pb)
			}
			for _, p := range linked(ix, "AWS::SNS::TopicInlinePolicy", "TopicArn", in, t.TopicArn) {
				pb := newBuilder(p)
				t.Policy = pb.policy("PolicyDocument", "policy", "")
				override(b, "policy")
				b.merge(pb)
			}
			for i := range b.list("Subscription", "subscriptions") {
				p := "Subscription." + itoa(i) + "."
				subs = append(subs, subscription{knownStr(in, p+"Protocol"), knownStr(in, p+"Endpoint"), false})
			}
			for _, s := range linked(ix, "AWS::SNS::Subscription", "TopicArn", in, t.TopicArn) {
				subs = append(subs, subscription{knownStr(s, "Protocol"), knownStr(s, "Endpoint"), false})
			}
		} else {
			for _, p := range linked(ix, "aws_sns_topic_policy", "arn", in, t.TopicArn) {
				pb := newBuilder(p)
				t.Policy = pb.policy("policy", "policy", "")
				override(b, "policy")
				b.merge(pb)
			}
			for _, s := range linked(ix, "aws_sns_topic_subscription", "topic_arn", in, t.TopicArn) {
				auto, _ := s.Get("endpoint_auto_confirms")
				subs = append(subs, subscription{knownStr(s, "protocol"), knownStr(s, "endpoint"), auto == true})
			}
		}
		pending := 0
		for _, s := range subs {
			sub := snstypes.Subscription{Protocol: strp(s.protocol), Endpoint: strp(s.endpoint)}
			// Email and HTTP(S) endpoints confirm out of band; the other
			// protocols (SQS, Lambda, Firehose, SMS, application) are
			// confirmed on creation.
			switch strings.ToLower(s.protocol) {
			case "email", "email-json", "http", "https":
				if !s.autoConfirms {
					sub.SubscriptionArn = strp("PendingConfirmation")
					pending++
					break
				}
				fallthrough
			default:
				sub.SubscriptionArn = strp(setAtApply)
			}
			t.Subscriptions = append(t.Subscriptions, sub)
		}
		t.SubscriptionsPending = pending
		t.SubscriptionsConfirmed = len(subs) - pending
		if pending > 0 && t.SubscriptionsConfirmed == 0 {
			b.unknown("confirmed_subscription_count") // may be confirmed after deployment
		}
		out = append(out, b.resource(awsmodel.TypeSNSTopic, name, t))
	}
	return out
}

type subscription struct {
	protocol, endpoint string
	autoConfirms       bool
}

// --- CloudWatch Logs metric filters and alarms ------------------------------

// logGroupName reads a log group name, or the name of the log group a
// reference designates.
func logGroupName(ix *Index, b *builder, path string) string {
	v, ok := b.in.Get(path)
	if !ok {
		return ""
	}
	if to, ok := ix.Resolve(b.in, v); ok {
		b.locate("log_group_name", path)
		return labelOr(to, spell(to, "name", "LogGroupName"))
	}
	s, _ := b.str(path, "log_group_name")
	return s
}

func adaptMetricFilters(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_cloudwatch_log_metric_filter", "AWS::Logs::MetricFilter") {
		b := newBuilder(in)
		name := labelOr(in, spell(in, "name", "FilterName"))
		f := logstypes.MetricFilter{FilterName: &name}
		if s, ok := b.str(spell(in, "pattern", "FilterPattern"), "filter_pattern"); ok {
			f.FilterPattern = &s
		}
		if g := logGroupName(ix, b, spell(in, "log_group_name", "LogGroupName")); g != "" {
			f.LogGroupName = &g
		}
		mt := spell(in, "metric_transformation", "MetricTransformations")
		for i := range b.list(mt, "metric_transformations") {
			p := mt + "." + itoa(i) + "."
			var m logstypes.MetricTransformation
			if s, ok := b.str(p+spell(in, "name", "MetricName"), "metric_transformations"); ok {
				m.MetricName = &s
			}
			if s, ok := b.str(p+spell(in, "namespace", "MetricNamespace"), "metric_transformations"); ok {
				m.MetricNamespace = &s
			}
			if s, ok := b.str(p+spell(in, "value", "MetricValue"), "metric_transformations"); ok {
				m.MetricValue = &s
			}
			f.MetricTransformations = append(f.MetricTransformations, m)
		}
		out = append(out, b.resource(awsmodel.TypeLogsMetricFilter, name, awsmodel.LogsMetricFilter{MetricFilter: f}))
	}
	return out
}

func adaptAlarms(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_cloudwatch_metric_alarm", "AWS::CloudWatch::Alarm") {
		b := newBuilder(in)
		name := labelOr(in, spell(in, "alarm_name", "AlarmName"))
		a := cwtypes.MetricAlarm{AlarmName: &name}
		on := true // actions_enabled / ActionsEnabled default
		if v, ok := b.boolean(spell(in, "actions_enabled", "ActionsEnabled"), "actions_enabled"); ok {
			on = v
		}
		a.ActionsEnabled = &on
		if s, ok := b.str(spell(in, "metric_name", "MetricName"), "metric_name"); ok {
			a.MetricName = &s
		}
		if s, ok := b.str(spell(in, "namespace", "Namespace"), "namespace"); ok {
			a.Namespace = &s
		}
		if s, ok := b.str(spell(in, "comparison_operator", "ComparisonOperator"), "comparison_operator"); ok {
			a.ComparisonOperator = cwtypes.ComparisonOperator(s)
		}
		if s, ok := b.str(spell(in, "statistic", "Statistic"), "statistic"); ok {
			a.Statistic = cwtypes.Statistic(s)
		}
		if n, ok := b.integer(spell(in, "evaluation_periods", "EvaluationPeriods"), "evaluation_periods"); ok {
			a.EvaluationPeriods = int32p(n)
		}
		if n, ok := b.integer(spell(in, "period", "Period"), "period"); ok {
			a.Period = int32p(n)
		}
		a.AlarmActions = alarmActions(ix, b, spell(in, "alarm_actions", "AlarmActions"), "alarm_actions")
		a.OKActions = alarmActions(ix, b, spell(in, "ok_actions", "OKActions"), "ok_actions")
		a.InsufficientDataActions = alarmActions(ix, b, spell(in, "insufficient_data_actions", "InsufficientDataActions"), "insufficient_data_actions")
		out = append(out, b.resource(awsmodel.TypeCloudWatchAlarm, name, awsmodel.CloudWatchAlarm{MetricAlarm: a}))
	}
	return out
}

// alarmActions reads action ARNs; a reference to an SNS topic of the same
// configuration becomes that topic's resource ID, as the live model
// links an alarm's action to the topic's ID (its ARN).
func alarmActions(ix *Index, b *builder, path, attr string) []string {
	var out []string
	for _, e := range b.list(path, attr) {
		switch x := e.(type) {
		case string:
			out = append(out, x)
		case cloudres.Ref:
			if to, ok := ix.Resolve(b.in, x); ok && (to.Type == "aws_sns_topic" || to.Type == "AWS::SNS::Topic") {
				out = append(out, ID(to))
				continue
			}
			b.unknown(attr)
		default:
			b.unknown(attr)
		}
	}
	return out
}

// --- regional settings ----------------------------------------------------

func adaptConfigRecorders(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_config_configuration_recorder", "AWS::Config::ConfigurationRecorder") {
		b := newBuilder(in)
		c := cfn(in)
		name := labelOr(in, spell(in, "name", "Name"))
		if name == in.Name && !c && knownStr(in, "name") == "" {
			name = "default" // the provider's default recorder name
		}
		r := awsmodel.ConfigRecorder{ConfigurationRecorder: cfgtypes.ConfigurationRecorder{Name: &name}}
		if s, ok := b.str(spell(in, "role_arn", "RoleARN"), ""); ok {
			r.RoleARN = &s
		}
		// Without a recording group, Config records every supported
		// resource type (Terraform's all_supported defaults to true; the
		// API's default group likewise), global types excluded.
		g := &cfgtypes.RecordingGroup{AllSupported: true}
		rg := spell(in, "recording_group.0.", "RecordingGroup.")
		if _, ok := in.Get(strings.TrimSuffix(rg, ".")); ok {
			g.AllSupported = !c // Terraform's default inside the block is true
			if v, ok := b.boolean(rg+spell(in, "all_supported", "AllSupported"), "recording"); ok {
				g.AllSupported = v
			}
			if v, ok := b.boolean(rg+spell(in, "include_global_resource_types", "IncludeGlobalResourceTypes"), "recording"); ok {
				g.IncludeGlobalResourceTypes = v
			}
			if s, ok := b.str(rg+spell(in, "recording_strategy.0.use_only", "RecordingStrategy.UseOnly"), "recording"); ok {
				g.RecordingStrategy = &cfgtypes.RecordingStrategy{UseOnly: cfgtypes.RecordingStrategyType(s)}
			}
		}
		r.RecordingGroup = g
		if c {
			// CloudFormation starts the recorder once a delivery channel
			// exists; its status is known after deployment only.
			b.unknown("recording")
			b.unknown("last_status")
		} else {
			// A recorder is created stopped: aws_config_configuration_recorder_status
			// starts it.
			st := &cfgtypes.ConfigurationRecorderStatus{Name: &name, LastStatus: cfgtypes.RecorderStatusPending}
			for _, s := range linked(ix, "aws_config_configuration_recorder_status", "name", in, name) {
				sb := newBuilder(s)
				if v, ok := sb.boolean("is_enabled", "recording"); ok {
					st.Recording = v
				}
				b.merge(sb)
			}
			r.Status = st
		}
		set := awsmodel.ConfigRegionalSettings{ConfigurationRecorders: []awsmodel.ConfigRecorder{r}}
		out = append(out, b.resource(awsmodel.TypeConfigRegionalSettings, in.Name, set))
	}
	return out
}

func adaptGuardDuty(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_guardduty_detector", "AWS::GuardDuty::Detector") {
		b := newBuilder(in)
		c := cfn(in)
		enable, status := true, "ENABLED" // Terraform's enable defaults to true; CloudFormation's Enable is required
		enablePath := spell(in, "enable", "Enable")
		if v, ok := b.boolean(enablePath, "enabled"); ok {
			enable = v
		} else if _, set := in.Get(enablePath); set || c {
			b.unknown("enabled")
			b.unknown("detectors")
			b.unknown("enabled_features")
		}
		if !enable {
			status = "DISABLED"
		}
		d := awsmodel.GuardDutyDetector{Status: status}
		if s, ok := b.str(spell(in, "finding_publishing_frequency", "FindingPublishingFrequency"), ""); ok {
			d.FindingPublishingFrequency = s
		}
		if c {
			for i := range b.list("Features", "enabled_features") {
				p := "Features." + itoa(i) + "."
				d.Features = append(d.Features, gdtypes.DetectorFeatureConfigurationResult{
					Name: gdtypes.DetectorFeatureResult(knownStr(in, p+"Name")), Status: gdtypes.FeatureStatus(knownStr(in, p+"Status"))})
			}
		} else {
			for _, f := range linked(ix, "aws_guardduty_detector_feature", "detector_id", in) {
				d.Features = append(d.Features, gdtypes.DetectorFeatureConfigurationResult{
					Name: gdtypes.DetectorFeatureResult(knownStr(f, "name")), Status: gdtypes.FeatureStatus(knownStr(f, "status"))})
			}
		}
		set := awsmodel.GuardDutyRegionalSettings{Detectors: []awsmodel.GuardDutyDetector{d}}
		out = append(out, b.resource(awsmodel.TypeGuardDutyRegionalSettings, in.Name, set))
	}
	return out
}

func adaptSecurityHub(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_securityhub_account", "AWS::SecurityHub::Hub") {
		b := newBuilder(in)
		// Declaring the account (hub) subscribes it to Security Hub;
		// auto_enable_controls / AutoEnableControls default to true.
		s := awsmodel.SecurityHubRegionalSettings{Enabled: true}
		auto := true
		if v, ok := b.boolean(spell(in, "auto_enable_controls", "AutoEnableControls"), "auto_enable_controls"); ok {
			auto = v
		}
		s.AutoEnableControls = &auto
		if v, ok := b.str(spell(in, "control_finding_generator", "ControlFindingGenerator"), "control_finding_generator"); ok {
			s.ControlFindingGenerator = v
		}
		out = append(out, b.resource(awsmodel.TypeSecurityHubRegionalSettings, in.Name, s))
	}
	return out
}

func adaptMacie(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_macie2_account", "AWS::Macie::Session") {
		b := newBuilder(in)
		// status / Status default to ENABLED; finding publishing
		// frequency defaults to FIFTEEN_MINUTES in both.
		m := awsmodel.MacieRegionalSettings{Status: "ENABLED", FindingPublishingFrequency: "FIFTEEN_MINUTES"}
		status := spell(in, "status", "Status")
		if s, ok := b.str(status, "enabled"); ok {
			m.Status = s
		} else if _, set := in.Get(status); set {
			m.Status = ""
		}
		if s, ok := b.str(spell(in, "finding_publishing_frequency", "FindingPublishingFrequency"), ""); ok {
			m.FindingPublishingFrequency = s
		}
		out = append(out, b.resource(awsmodel.TypeMacieRegionalSettings, in.Name, m))
	}
	return out
}
