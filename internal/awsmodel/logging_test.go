package awsmodel

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

func fs(field string, equals ...string) cttypes.AdvancedFieldSelector {
	return cttypes.AdvancedFieldSelector{Field: aws.String(field), Equals: equals}
}

func TestTrailDerive(t *testing.T) {
	cases := []struct {
		name                string
		trail               CloudTrailTrail
		mgmt, s3r, s3w      bool
		readBkts, writeBkts []string
	}{
		{name: "basic all", trail: CloudTrailTrail{EventSelectors: []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeAll, IncludeManagementEvents: aws.Bool(true),
			DataResources: []cttypes.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3"}}}}}},
			mgmt: true, s3r: true, s3w: true},
		{name: "basic write-only, one bucket, excluded source", trail: CloudTrailTrail{EventSelectors: []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeWriteOnly,
			IncludeManagementEvents: aws.Bool(true), ExcludeManagementEventSources: []string{"kms.amazonaws.com"},
			DataResources: []cttypes.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3:::logs/prefix"}}}}}},
			writeBkts: []string{"logs"}},
		{name: "basic read and write selectors", trail: CloudTrailTrail{EventSelectors: []cttypes.EventSelector{
			{ReadWriteType: cttypes.ReadWriteTypeReadOnly, IncludeManagementEvents: aws.Bool(true)},
			{ReadWriteType: cttypes.ReadWriteTypeWriteOnly, IncludeManagementEvents: aws.Bool(true)}}}, mgmt: true},
		{name: "advanced all", trail: CloudTrailTrail{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
			{FieldSelectors: []cttypes.AdvancedFieldSelector{fs("eventCategory", "Management")}},
			{FieldSelectors: []cttypes.AdvancedFieldSelector{fs("eventCategory", "Data"), fs("resources.type", "AWS::S3::Object")}}}},
			mgmt: true, s3r: true, s3w: true},
		{name: "advanced read-only mgmt, write data for a bucket", trail: CloudTrailTrail{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
			{FieldSelectors: []cttypes.AdvancedFieldSelector{fs("eventCategory", "Management"), fs("readOnly", "true")}},
			{FieldSelectors: []cttypes.AdvancedFieldSelector{fs("eventCategory", "Data"), fs("resources.type", "AWS::S3::Object"), fs("readOnly", "false"),
				{Field: aws.String("resources.ARN"), StartsWith: []string{"arn:aws:s3:::b1/"}}}}}},
			writeBkts: []string{"b1"}},
		{name: "advanced narrowed by event name", trail: CloudTrailTrail{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
			{FieldSelectors: []cttypes.AdvancedFieldSelector{fs("eventCategory", "Management"), fs("eventName", "ConsoleLogin")}}}}},
		{name: "advanced excluding a source", trail: CloudTrailTrail{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
			{FieldSelectors: []cttypes.AdvancedFieldSelector{fs("eventCategory", "Management"), {Field: aws.String("eventSource"), NotEquals: []string{"kms.amazonaws.com"}}}}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr := c.trail
			tr.Derive()
			if tr.AllManagementEvents != c.mgmt || tr.S3DataEventsRead != c.s3r || tr.S3DataEventsWrite != c.s3w {
				t.Errorf("mgmt %v s3 read %v write %v; want %v %v %v", tr.AllManagementEvents, tr.S3DataEventsRead, tr.S3DataEventsWrite, c.mgmt, c.s3r, c.s3w)
			}
			if !reflect.DeepEqual(tr.S3DataEventsReadBuckets, c.readBkts) || !reflect.DeepEqual(tr.S3DataEventsWriteBuckets, c.writeBkts) {
				t.Errorf("buckets read %v write %v; want %v %v", tr.S3DataEventsReadBuckets, tr.S3DataEventsWriteBuckets, c.readBkts, c.writeBkts)
			}
		})
	}
}

func TestParseLogGroupARN(t *testing.T) {
	n, r, a := parseLogGroupARN("arn:aws:logs:eu-west-1:111111111111:log-group:aws/cloudtrail:main:*")
	if n != "aws/cloudtrail:main" || r != "eu-west-1" || a != "111111111111" {
		t.Errorf("got %q %q %q", n, r, a)
	}
	if n, _, _ := parseLogGroupARN("arn:aws:s3:::bucket"); n != "" {
		t.Errorf("non-logs ARN parsed as %q", n)
	}
}

func FuzzTrailSelectors(f *testing.F) {
	f.Add("arn:aws:s3:::bucket/prefix", "eventCategory", "Data", "arn:aws:logs:us-east-1:1:log-group:g:*")
	f.Add("arn:aws:s3", "readOnly", "true", "")
	f.Add(":::", "resources.ARN", "arn:aws:s3:::", "arn:aws:logs")
	f.Fuzz(func(t *testing.T, value, field, equals, group string) {
		tr := CloudTrailTrail{
			EventSelectors: []cttypes.EventSelector{{DataResources: []cttypes.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{value}}}}},
			AdvancedEventSelectors: []cttypes.AdvancedEventSelector{{FieldSelectors: []cttypes.AdvancedFieldSelector{
				fs("eventCategory", "Data"), fs("resources.type", "AWS::S3::Object"), fs(field, equals)}}},
		}
		tr.Trail.CloudWatchLogsLogGroupArn = aws.String(group)
		tr.Derive()
		if tr.S3DataEventsRead && len(tr.S3DataEventsReadBuckets) > 0 {
			t.Errorf("all buckets and a bucket list at once: %v", tr.S3DataEventsReadBuckets)
		}
	})
}
