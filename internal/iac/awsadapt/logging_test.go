package awsadapt

import (
	"slices"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestTerraformLogging(t *testing.T) {
	ref := func(addr, attr string) cloudres.Ref { return cloudres.Ref{Address: addr, Attr: attr} }
	insts := []cloudres.Instance{
		tf("aws_s3_bucket", "aws_s3_bucket.trail", 1, map[string]any{"bucket": "acme-trail"}),
		tf("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.trail", 3, map[string]any{"name": "trail-logs"}),
		tf("aws_kms_key", "aws_kms_key.trail", 5, map[string]any{"enable_key_rotation": true}),
		tf("aws_kms_alias", "aws_kms_alias.trail", 7, map[string]any{"name": "alias/trail", "target_key_id": ref("aws_kms_key.trail", "key_id")}),
		// A good trail: every default kept but validation, KMS, CloudWatch Logs.
		tf("aws_cloudtrail", "aws_cloudtrail.main", 10, map[string]any{"name": "main", "s3_bucket_name": ref("aws_s3_bucket.trail", "id"),
			"is_multi_region_trail": true, "enable_log_file_validation": true, "kms_key_id": ref("aws_kms_key.trail", "arn"),
			"cloud_watch_logs_group_arn": ref("aws_cloudwatch_log_group.trail", "arn"),
			"event_selector": []any{map[string]any{"read_write_type": "All", "include_management_events": true,
				"data_resource": []any{map[string]any{"type": "AWS::S3::Object", "values": []any{"arn:aws:s3"}}}}}}),
		// A bad one: stopped, no validation, no key.
		tf("aws_cloudtrail", "aws_cloudtrail.bad", 20, map[string]any{"name": "bad", "s3_bucket_name": "acme-trail", "enable_logging": false,
			"advanced_event_selector": []any{map[string]any{"name": "writes", "field_selector": []any{
				map[string]any{"field": "eventCategory", "equals": []any{"Management"}},
				map[string]any{"field": "readOnly", "equals": []any{"false"}}}}}}),
		tf("aws_cloudtrail", "aws_cloudtrail.unknown", 25, map[string]any{"name": "later", "s3_bucket_name": "x", "enable_logging": cloudres.Unknown{},
			"event_selector": cloudres.Unknown{}}),
		tf("aws_kms_key", "aws_kms_key.plain", 30, map[string]any{"description": "no rotation",
			"policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}`}),
		tf("aws_kms_key", "aws_kms_key.rsa", 35, map[string]any{"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"}),
		tf("aws_kms_key", "aws_kms_key.later", 37, map[string]any{}),
		tf("aws_kms_key_policy", "aws_kms_key_policy.later", 38, map[string]any{"key_id": ref("aws_kms_key.later", "id"), "policy": cloudres.Unknown{}}),
		tf("aws_sns_topic", "aws_sns_topic.alerts", 40, map[string]any{"name": "alerts", "kms_master_key_id": "alias/aws/sns"}),
		tf("aws_sns_topic_subscription", "aws_sns_topic_subscription.q", 41, map[string]any{"topic_arn": ref("aws_sns_topic.alerts", "arn"), "protocol": "sqs", "endpoint": "arn:aws:sqs:::q"}),
		tf("aws_sns_topic", "aws_sns_topic.open", 45, map[string]any{"name": "open"}),
		tf("aws_sns_topic_policy", "aws_sns_topic_policy.open", 46, map[string]any{"arn": ref("aws_sns_topic.open", "arn"),
			"policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*"}]}`}),
		tf("aws_sns_topic_subscription", "aws_sns_topic_subscription.mail", 47, map[string]any{"topic_arn": ref("aws_sns_topic.open", "arn"), "protocol": "email", "endpoint": "a@b.c"}),
		tf("aws_sns_topic", "aws_sns_topic.planned", 49, map[string]any{"name": "planned", "policy": cloudres.Unknown{}}),
		tf("aws_sns_topic_policy", "aws_sns_topic_policy.planned", 49, map[string]any{"arn": ref("aws_sns_topic.planned", "arn"),
			"policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*"}]}`}),
		tf("aws_sns_topic", "aws_sns_topic.keyed", 48, map[string]any{"name": "keyed", "kms_master_key_id": ref("aws_kms_key.trail", "id")}),
		tf("aws_cloudwatch_log_metric_filter", "aws_cloudwatch_log_metric_filter.root", 50, map[string]any{"name": "root-filter",
			"pattern": `{ $.userIdentity.type = "Root" }`, "log_group_name": ref("aws_cloudwatch_log_group.trail", "name"),
			"metric_transformation": []any{map[string]any{"name": "RootUsage", "namespace": "CIS", "value": "1"}}}),
		tf("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.root", 55, map[string]any{"alarm_name": "root-alarm", "metric_name": "RootUsage",
			"namespace": "CIS", "alarm_actions": []any{ref("aws_sns_topic.alerts", "arn")}}),
		tf("aws_config_configuration_recorder", "aws_config_configuration_recorder.main", 60, map[string]any{"name": "main",
			"recording_group": []any{map[string]any{"all_supported": false}}}),
		tf("aws_config_configuration_recorder_status", "aws_config_configuration_recorder_status.main", 62, map[string]any{
			"name": ref("aws_config_configuration_recorder.main", "name"), "is_enabled": true}),
		tf("aws_guardduty_detector", "aws_guardduty_detector.off", 70, map[string]any{"enable": false}),
		tf("aws_securityhub_account", "aws_securityhub_account.this", 75, map[string]any{}),
		tf("aws_macie2_account", "aws_macie2_account.paused", 80, map[string]any{"status": "PAUSED"}),
	}
	insts[2].Name, insts[7].Name, insts[8].Name, insts[9].Name = "trailkey", "plain", "rsa", "laterkey"
	res, got := evaluate(t, insts)

	main := find(t, res, "main")
	if a := main.Attributes; a["is_logging"] != true || a["all_management_events"] != true || a["s3_data_events_read"] != true ||
		a["cloudwatch_logs_log_group_name"] != "trail-logs" || a["s3_bucket_name"] != "acme-trail" || a["kms_key_id"] != setAtApply {
		t.Errorf("main trail: %v", a)
	}
	for _, r := range []string{"aws-cloudtrail-logging-stopped", "aws-cloudtrail-log-file-validation", "aws-cloudtrail-kms-encryption"} {
		if !fired(got, r, "bad") || fired(got, r, "main") {
			t.Errorf("%s: %v", r, got[r])
		}
	}
	if !fired(got, "aws-cloudtrail-bucket-access-logging", "main") {
		t.Errorf("the trail's bucket (by reference) has no access logging: %v", got)
	}
	bad := find(t, res, "bad").Attributes
	if bad["management_events_write"] != true || bad["management_events_read"] != false {
		t.Errorf("advanced selector (write-only management events): %v", bad)
	}
	if u := unreadOf(t, res, "later"); !slices.Contains(u, any("is_logging")) || !slices.Contains(u, any("all_management_events")) || fired(got, "aws-cloudtrail-logging-stopped", "later") {
		t.Errorf("unknown trail settings: %v", u)
	}
	// Account-wide trail rules need aws.cloudtrail.account_settings, which
	// a template cannot declare.
	for _, r := range []string{"aws-cloudtrail-multi-region-trail", "aws-monitoring-root-usage"} {
		if len(got[r]) > 0 {
			t.Errorf("%s: %v", r, got[r])
		}
	}

	if k := find(t, res, "alias/trail").Attributes; k["key_rotation_enabled"] != true || k["rotation_applicable"] != true || k["rotation_period_in_days"] != int64(365) {
		t.Errorf("aliased key: %v", k)
	}
	if !fired(got, "aws-kms-key-rotation", "plain") || !fired(got, "aws-kms-public-key-policy", "plain") {
		t.Errorf("plain key: %v", got)
	}
	if fired(got, "aws-kms-key-rotation", "rsa") || fired(got, "aws-kms-key-rotation", "alias/trail") {
		t.Errorf("asymmetric keys cannot rotate; the trail key does: %v", got["aws-kms-key-rotation"])
	}
	if !slices.Contains(unreadOf(t, res, "laterkey"), any("policy")) {
		t.Errorf("an unknown aws_kms_key_policy: %v", unreadOf(t, res, "laterkey"))
	}

	alerts := find(t, res, "alerts")
	if alerts.Attributes["confirmed_subscription_count"] != int64(1) {
		t.Errorf("SQS subscriptions are confirmed on creation: %v", alerts.Attributes)
	}
	if !fired(got, "aws-sns-public-topic", "open") || !fired(got, "aws-sns-topic-encryption", "open") || fired(got, "aws-sns-topic-encryption", "alerts") {
		t.Errorf("topics: %v %v", got["aws-sns-public-topic"], got["aws-sns-topic-encryption"])
	}
	if fired(got, "aws-sns-topic-encryption", "keyed") || !slices.Contains(unreadOf(t, res, "open"), any("confirmed_subscription_count")) {
		t.Errorf("a key set at apply; an e-mail subscription may be confirmed later: %v", unreadOf(t, res, "open"))
	}

	if !fired(got, "aws-sns-public-topic", "planned") {
		t.Errorf("the policy resource declares what the plan's computed topic policy left unknown: %v", unreadOf(t, res, "planned"))
	}

	mf := find(t, res, "root-filter")
	if mf.Attributes["log_group_name"] != "trail-logs" {
		t.Errorf("metric filter: %v", mf.Attributes)
	}
	al := find(t, res, "root-alarm")
	if acts, _ := al.Attributes["alarm_actions"].([]any); len(acts) != 1 || acts[0] != alerts.ID || al.Attributes["actions_enabled"] != true {
		t.Errorf("alarm actions link to the topic's ID %s: %v", alerts.ID, al.Attributes)
	}

	if !fired(got, "aws-config-recording", "aws_config_configuration_recorder.main") {
		t.Errorf("a recorder of some types only: %v", got)
	}
	if find(t, res, "aws_config_configuration_recorder.main").Attributes["recording"] != true {
		t.Error("started by aws_config_configuration_recorder_status")
	}
	if !fired(got, "aws-guardduty-enabled", "aws_guardduty_detector.off") || !fired(got, "aws-macie-enabled", "aws_macie2_account.paused") {
		t.Errorf("detector off, Macie paused: %v", got)
	}
	if len(got["aws-securityhub-enabled"]) > 0 || find(t, res, "aws_securityhub_account.this").Attributes["enabled"] != true {
		t.Errorf("Security Hub is enabled by its account resource: %v", got["aws-securityhub-enabled"])
	}
}

func TestCloudFormationLogging(t *testing.T) {
	insts := []cloudres.Instance{
		cfnI("AWS::CloudTrail::Trail", "Trail", 1, map[string]any{"TrailName": "org", "S3BucketName": "logs", "IsLogging": "false",
			"IsMultiRegionTrail": true, "EnableLogFileValidation": true, "KMSKeyId": cloudres.Ref{Address: "Key", Attr: "Arn"},
			"EventSelectors": []any{map[string]any{"ReadWriteType": "ReadOnly", "DataResources": []any{
				map[string]any{"Type": "AWS::S3::Object", "Values": []any{"arn:aws:s3:::acme/"}}}}}}),
		cfnI("AWS::KMS::Key", "Key", 10, map[string]any{"EnableKeyRotation": false, "KeyPolicy": map[string]any{"Statement": []any{
			map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}}}}),
		cfnI("AWS::KMS::Alias", "KeyAlias", 15, map[string]any{"AliasName": "alias/trail", "TargetKeyId": cloudres.Ref{Address: "Key"}}),
		cfnI("AWS::SNS::Topic", "Topic", 20, map[string]any{"TopicName": "t", "Subscription": []any{map[string]any{"Protocol": "lambda", "Endpoint": "arn:aws:lambda:::function:f"}}}),
		cfnI("AWS::SNS::TopicPolicy", "TopicPolicy", 25, map[string]any{"Topics": []any{cloudres.Ref{Address: "Topic"}}, "PolicyDocument": map[string]any{
			"Statement": []any{map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "*"}, "Action": "sns:Subscribe", "Resource": "*"}}}}),
		cfnI("AWS::Logs::MetricFilter", "Filter", 30, map[string]any{"FilterName": "f", "FilterPattern": `{ $.eventName = "ConsoleLogin" }`, "LogGroupName": "trail",
			"MetricTransformations": []any{map[string]any{"MetricName": "m", "MetricNamespace": "ns", "MetricValue": "1"}}}),
		cfnI("AWS::CloudWatch::Alarm", "Alarm", 35, map[string]any{"AlarmName": "a", "MetricName": "m", "Namespace": "ns", "ActionsEnabled": "false",
			"AlarmActions": []any{cloudres.Ref{Address: "Topic"}}}),
		cfnI("AWS::Config::ConfigurationRecorder", "Recorder", 40, map[string]any{"RoleARN": "arn:aws:iam::1:role/r"}),
		cfnI("AWS::GuardDuty::Detector", "Detector", 45, map[string]any{"Enable": true, "Features": []any{map[string]any{"Name": "S3_DATA_EVENTS", "Status": "ENABLED"}}}),
		cfnI("AWS::SecurityHub::Hub", "Hub", 50, map[string]any{}),
		cfnI("AWS::Macie::Session", "Macie", 55, map[string]any{}),
	}
	res, got := evaluate(t, insts)
	tr := find(t, res, "org").Attributes
	if tr["is_logging"] != false || tr["s3_data_events_read"] != false || tr["management_events_read"] != true || tr["management_events_write"] != false {
		t.Errorf("trail: %v", tr)
	}
	if rb, _ := tr["s3_data_events_read_buckets"].([]any); !slices.Equal(rb, []any{"acme"}) {
		t.Errorf("read bucket: %v", tr["s3_data_events_read_buckets"])
	}
	if !fired(got, "aws-cloudtrail-logging-stopped", "org") || fired(got, "aws-cloudtrail-kms-encryption", "org") || fired(got, "aws-cloudtrail-log-file-validation", "org") {
		t.Errorf("trail rules: %v", got)
	}
	if !fired(got, "aws-kms-key-rotation", "alias/trail") || fired(got, "aws-kms-public-key-policy", "alias/trail") {
		t.Errorf("key: %v", got)
	}
	if !fired(got, "aws-sns-public-topic", "t") || !fired(got, "aws-sns-topic-encryption", "t") {
		t.Errorf("topic: %v", got)
	}
	if find(t, res, "t").Attributes["confirmed_subscription_count"] != int64(1) {
		t.Error("a Lambda subscription is confirmed")
	}
	if a := find(t, res, "a").Attributes; a["actions_enabled"] != false {
		t.Errorf("alarm: %v", a)
	}
	if f := find(t, res, "f").Attributes; f["filter_pattern"] == nil || f["log_group_name"] != "trail" {
		t.Errorf("filter: %v", f)
	}
	// CloudFormation starts the recorder after deployment: inconclusive.
	if !slices.Contains(unreadOf(t, res, "Recorder"), any("recording")) || len(got["aws-config-recording"]) > 0 {
		t.Errorf("recorder: %v", got["aws-config-recording"])
	}
	if d := find(t, res, "Detector").Attributes; d["enabled"] != true || len(got["aws-guardduty-enabled"]) > 0 {
		t.Errorf("detector: %v", d)
	}
	if ef, _ := find(t, res, "Detector").Attributes["enabled_features"].([]any); !slices.Equal(ef, []any{"S3_DATA_EVENTS"}) {
		t.Errorf("features: %v", ef)
	}
	if len(got["aws-securityhub-enabled"]) > 0 || len(got["aws-macie-enabled"]) > 0 {
		t.Errorf("hub and Macie session enable their services: %v", got)
	}
}

// A plan lists every attribute of aws_kms_key, the custom key store ones
// as null: the key is still an AWS_KMS key that can rotate.
func TestKMSKeyNullCustomStore(t *testing.T) {
	in := tf("aws_kms_key", "aws_kms_key.media", 1, map[string]any{"custom_key_store_id": nil, "xks_key_id": nil, "enable_key_rotation": false})
	in.Name = "media"
	k := find(t, Adapt([]cloudres.Instance{in}), "media").Attributes
	if k["origin"] != "AWS_KMS" || k["rotation_applicable"] != true || k["key_rotation_enabled"] != false {
		t.Errorf("key with null custom store attributes: %v", k)
	}
}
