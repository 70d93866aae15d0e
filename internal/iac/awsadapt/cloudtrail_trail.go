package awsadapt

import (
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// cloudTrailTrail reads a trail with its event selectors.
func cloudTrailTrail(ix *Index, b *builder) (string, any) {
	in := b.in
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
	b.setStr(&t.S3KeyPrefix, spell(in, "s3_key_prefix", "S3KeyPrefix"), "s3_key_prefix")
	if s, ok := presentStr(b, spell(in, "kms_key_id", "KMSKeyId"), "kms_key_id"); ok {
		t.KmsKeyId = &s
	}
	b.setStr(&t.SnsTopicARN, spell(in, "sns_topic_name", "SnsTopicName"), "sns_topic_arn")
	b.setStr(&t.CloudWatchLogsRoleArn, spell(in, "cloud_watch_logs_role_arn", "CloudWatchLogsRoleArn"), "cloud_watch_logs_role_arn")
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
	return name, t
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
		sel.ExcludeManagementEventSources = stringsAt(b, p+spell(in, "exclude_management_event_sources", "ExcludeManagementEventSources"))
		dr := p + spell(in, "data_resource", "DataResources")
		for j := range b.list(dr, "") {
			dp := dr + "." + itoa(j) + "."
			typ, _ := b.str(dp+spell(in, "type", "Type"), "")
			sel.DataResources = append(sel.DataResources, cttypes.DataResource{Type: &typ, Values: stringsAt(b, dp+spell(in, "values", "Values"))})
		}
		t.EventSelectors = append(t.EventSelectors, sel)
	}
	for i := range adv {
		p := aes + "." + itoa(i) + "."
		var sel cttypes.AdvancedEventSelector
		b.setStr(&sel.Name, p+spell(in, "name", "Name"), "")
		fs := p + spell(in, "field_selector", "FieldSelectors")
		for j := range b.list(fs, "") {
			fp := fs + "." + itoa(j) + "."
			field, _ := b.str(fp+spell(in, "field", "Field"), "")
			sel.FieldSelectors = append(sel.FieldSelectors, cttypes.AdvancedFieldSelector{
				Field:         &field,
				Equals:        stringsAt(b, fp+spell(in, "equals", "Equals")),
				NotEquals:     stringsAt(b, fp+spell(in, "not_equals", "NotEquals")),
				StartsWith:    stringsAt(b, fp+spell(in, "starts_with", "StartsWith")),
				NotStartsWith: stringsAt(b, fp+spell(in, "not_starts_with", "NotStartsWith")),
				EndsWith:      stringsAt(b, fp+spell(in, "ends_with", "EndsWith")),
				NotEndsWith:   stringsAt(b, fp+spell(in, "not_ends_with", "NotEndsWith")),
			})
		}
		t.AdvancedEventSelectors = append(t.AdvancedEventSelectors, sel)
	}
	if len(basic) == 0 && len(adv) == 0 {
		inc := true
		t.EventSelectors = []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeAll, IncludeManagementEvents: &inc}}
	}
}
