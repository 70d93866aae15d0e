package awsinv

import (
	"errors"
	"sync"

	"github.com/aws/smithy-go"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func loggingCollectors() []Collector {
	return []Collector{
		{
			Service: "cloudtrail",
			Types:   []string{awsmodel.TypeCloudTrailTrail},
			Actions: []string{"cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"},
			Collect: collectTrails,
		},
		{
			Service: "cloudtrail", Global: true,
			Types:   []string{awsmodel.TypeCloudTrailAccountSettings},
			Actions: []string{"cloudtrail:DescribeTrails"},
			Collect: collectTrailAccountSettings,
		},
		{
			Service: "logs",
			Types:   []string{awsmodel.TypeLogsMetricFilter},
			Actions: []string{"logs:DescribeMetricFilters"},
			Collect: collectMetricFilters,
		},
		{
			Service: "cloudwatch",
			Types:   []string{awsmodel.TypeCloudWatchAlarm},
			Actions: []string{"cloudwatch:DescribeAlarms"},
			Collect: collectAlarms,
		},
		{
			Service: "sns",
			Types:   []string{awsmodel.TypeSNSTopic},
			Actions: []string{"sns:ListTopics", "sns:GetTopicAttributes", "sns:ListSubscriptions"},
			Collect: collectTopics,
		},
		{
			Service: "config",
			Types:   []string{awsmodel.TypeConfigRegionalSettings},
			Actions: []string{"config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus", "config:DescribeDeliveryChannels"},
			Collect: collectConfigSettings,
		},
		{
			Service: "securityhub",
			Types:   []string{awsmodel.TypeSecurityHubRegionalSettings},
			Actions: []string{"securityhub:DescribeHub"},
			Collect: collectSecurityHubSettings,
		},
		{
			Service: "macie2",
			Types:   []string{awsmodel.TypeMacieRegionalSettings},
			Actions: []string{"macie2:GetMacieSession"},
			Collect: collectMacieSettings,
		},
		{
			Service: "guardduty",
			Types:   []string{awsmodel.TypeGuardDutyRegionalSettings},
			Actions: []string{"guardduty:ListDetectors", "guardduty:GetDetector"},
			Collect: collectGuardDutySettings,
		},
		{
			Service: "kms",
			Types:   []string{awsmodel.TypeKMSKey},
			Actions: []string{"kms:ListKeys", "kms:DescribeKey", "kms:ListAliases", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy"},
			Collect: collectKMSKeys,
		},
	}
}

// Every operation of the family is authorised by the IAM action of the
// same name.
func loggingActionExceptions() map[string]string { return nil }

// errorCode is an API error's code ("" for other errors).
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// parallel runs fn for each of n items, a few at a time: per-resource
// calls are paced by the per-region limiter anyway.
func parallel(n int, fn func(i int)) {
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			fn(i)
		}()
	}
	wg.Wait()
}
