package awsinv

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"

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

// collectTrails lists the trails whose home is this region (shadow
// copies of multi-region trails are left to their home region) and reads
// each one's status and event selectors.
func collectTrails(ctx context.Context, s *Session) error {
	c := cloudtrail.NewFromConfig(s.Config)
	out, err := c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(false)})
	if err != nil {
		return err
	}
	var trails []cttypes.Trail
	for _, t := range out.TrailList {
		if h := aws.ToString(t.HomeRegion); h != "" && h != s.Region {
			continue
		}
		trails = append(trails, t)
	}
	parallel(len(trails), func(i int) {
		t := awsmodel.CloudTrailTrail{Trail: trails[i]}
		arn := aws.ToString(t.TrailARN)
		name := aws.ToString(t.Name)
		var unread []string
		if st, err := c.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)}); err != nil {
			s.Fail("cloudtrail:GetTrailStatus", fmt.Errorf("trail %s: %w", name, err))
			unread = append(unread, "status", "is_logging")
		} else {
			t.Status = &awsmodel.TrailStatus{
				IsLogging: st.IsLogging, LatestCloudWatchLogsDeliveryError: st.LatestCloudWatchLogsDeliveryError,
				LatestCloudWatchLogsDeliveryTime: st.LatestCloudWatchLogsDeliveryTime, LatestDeliveryError: st.LatestDeliveryError,
				LatestDeliveryTime: st.LatestDeliveryTime, LatestDigestDeliveryError: st.LatestDigestDeliveryError,
				LatestDigestDeliveryTime: st.LatestDigestDeliveryTime, LatestNotificationError: st.LatestNotificationError,
				StartLoggingTime: st.StartLoggingTime, StopLoggingTime: st.StopLoggingTime,
			}
		}
		if es, err := c.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(arn)}); err != nil {
			s.Fail("cloudtrail:GetEventSelectors", fmt.Errorf("trail %s: %w", name, err))
			unread = append(unread, "event_selectors", "advanced_event_selectors", "management_events_read", "management_events_write",
				"all_management_events", "s3_data_events_read", "s3_data_events_write")
		} else {
			t.EventSelectors, t.AdvancedEventSelectors = es.EventSelectors, es.AdvancedEventSelectors
		}
		t.Derive()
		s.Emit(s.New(awsmodel.TypeCloudTrailTrail, arn, name, nil, unread, t))
	})
	return nil
}

// collectTrailAccountSettings emits the account's CloudTrail anchor,
// listing the trails (own and organisation ones) that apply to the home
// region.
func collectTrailAccountSettings(ctx context.Context, s *Session) error {
	c := cloudtrail.NewFromConfig(s.Config)
	out, err := c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if err != nil {
		return err
	}
	var set awsmodel.CloudTrailAccountSettings
	for _, t := range out.TrailList {
		arn := aws.ToString(t.TrailARN)
		set.TrailARNs = append(set.TrailARNs, arn)
		if aws.ToBool(t.IsMultiRegionTrail) {
			set.MultiRegionTrailARNs = append(set.MultiRegionTrailARNs, arn)
		}
	}
	s.Emit(s.New(awsmodel.TypeCloudTrailAccountSettings, awsmodel.SettingsID("cloudtrail", s.Account, "", "account-settings"), s.Account, nil, nil, set))
	return nil
}

// collectMetricFilters lists every metric filter of the region in one
// paginated call.
func collectMetricFilters(ctx context.Context, s *Session) error {
	c := cloudwatchlogs.NewFromConfig(s.Config)
	p := cloudwatchlogs.NewDescribeMetricFiltersPaginator(c, &cloudwatchlogs.DescribeMetricFiltersInput{Limit: aws.Int32(50)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, f := range page.MetricFilters {
			group, name := aws.ToString(f.LogGroupName), aws.ToString(f.FilterName)
			id := fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s:metric-filter:%s", partitionOf(s.Region), s.Region, s.Account, group, name)
			s.Emit(s.New(awsmodel.TypeLogsMetricFilter, id, name, nil, nil, awsmodel.LogsMetricFilter{MetricFilter: f}))
		}
	}
	return nil
}

// collectAlarms lists the region's metric alarms.
func collectAlarms(ctx context.Context, s *Session) error {
	// CloudWatch speaks awsQuery, JSON 1.0 and CBOR; the SDK picks CBOR
	// by default. The query protocol is used here: every CloudWatch
	// endpoint supports it, and so does the replay server.
	c := cloudwatch.NewFromConfig(s.Config, func(o *cloudwatch.Options) {
		o.Protocol = awsquery.New(cwschemas.GraniteServiceVersion20100801)
	})
	p := cloudwatch.NewDescribeAlarmsPaginator(c, &cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.MetricAlarms {
			s.Emit(s.New(awsmodel.TypeCloudWatchAlarm, aws.ToString(a.AlarmArn), aws.ToString(a.AlarmName), nil, nil, awsmodel.CloudWatchAlarm{MetricAlarm: a}))
		}
	}
	return nil
}

// collectTopics lists the region's topics, reads each one's attributes,
// and joins the region's subscriptions (one paginated call) by topic.
func collectTopics(ctx context.Context, s *Session) error {
	c := sns.NewFromConfig(s.Config)
	var arns []string
	p := sns.NewListTopicsPaginator(c, &sns.ListTopicsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, t := range page.Topics {
			arns = append(arns, aws.ToString(t.TopicArn))
		}
	}
	subs := map[string][]snstypes.Subscription{}
	subsUnread := false
	sp := sns.NewListSubscriptionsPaginator(c, &sns.ListSubscriptionsInput{})
	for sp.HasMorePages() {
		page, err := sp.NextPage(ctx)
		if err != nil {
			s.Fail("sns:ListSubscriptions", err)
			subsUnread = true
			break
		}
		for _, sub := range page.Subscriptions {
			subs[aws.ToString(sub.TopicArn)] = append(subs[aws.ToString(sub.TopicArn)], sub)
		}
	}
	parallel(len(arns), func(i int) {
		arn := arns[i]
		t := awsmodel.SNSTopic{TopicArn: arn, Name: arn[strings.LastIndex(arn, ":")+1:], Subscriptions: subs[arn]}
		var unread []string
		if subsUnread {
			unread = append(unread, "subscriptions", "confirmed_subscription_count")
		}
		out, err := c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
		switch {
		case err != nil:
			s.Fail("sns:GetTopicAttributes", fmt.Errorf("topic %s: %w", t.Name, err))
			unread = append(unread, "policy", "kms_master_key_id", "display_name", "owner", "subscriptions_confirmed", "subscriptions_pending")
		default:
			a := out.Attributes
			t.DisplayName, t.Owner, t.KmsMasterKeyId = a["DisplayName"], a["Owner"], a["KmsMasterKeyId"]
			t.FifoTopic = a["FifoTopic"] == "true"
			t.SubscriptionsConfirmed, _ = strconv.Atoi(a["SubscriptionsConfirmed"])
			t.SubscriptionsPending, _ = strconv.Atoi(a["SubscriptionsPending"])
			if pol := a["Policy"]; pol != "" {
				doc, perr := awsmodel.ParsePolicy(pol, s.Account)
				if perr != nil {
					s.Fail("sns:GetTopicAttributes", fmt.Errorf("topic %s policy: %w", t.Name, perr))
					unread = append(unread, "policy")
				} else {
					t.Policy = doc
				}
			}
		}
		t.Derive()
		s.Emit(s.New(awsmodel.TypeSNSTopic, arn, t.Name, nil, unread, t))
	})
	return nil
}

// collectConfigSettings reads the region's AWS Config recorders, their
// status and the delivery channels.
func collectConfigSettings(ctx context.Context, s *Session) error {
	c := configservice.NewFromConfig(s.Config)
	recs, err := c.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		return err
	}
	var set awsmodel.ConfigRegionalSettings
	var unread []string
	statuses := map[string]int{}
	st, err := c.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	if err != nil {
		s.Fail("config:DescribeConfigurationRecorderStatus", err)
		unread = append(unread, "recording", "last_status")
	} else {
		for i, x := range st.ConfigurationRecordersStatus {
			statuses[aws.ToString(x.Name)] = i
		}
	}
	for _, r := range recs.ConfigurationRecorders {
		cr := awsmodel.ConfigRecorder{ConfigurationRecorder: r}
		if i, ok := statuses[aws.ToString(r.Name)]; ok {
			x := st.ConfigurationRecordersStatus[i]
			cr.Status = &x
		}
		set.ConfigurationRecorders = append(set.ConfigurationRecorders, cr)
	}
	if dc, err := c.DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{}); err != nil {
		s.Fail("config:DescribeDeliveryChannels", err)
		unread = append(unread, "delivery_channels")
	} else {
		set.DeliveryChannels = dc.DeliveryChannels
	}
	set.Derive()
	s.Emit(s.New(awsmodel.TypeConfigRegionalSettings, awsmodel.SettingsID("config", s.Account, s.Region, "regional-settings"), s.Region, nil, unread, set))
	return nil
}

// collectSecurityHubSettings reads whether the region's hub is on; an
// account not subscribed answers InvalidAccessException, which means
// off, not a failure.
func collectSecurityHubSettings(ctx context.Context, s *Session) error {
	c := securityhub.NewFromConfig(s.Config)
	var set awsmodel.SecurityHubRegionalSettings
	out, err := c.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	switch {
	case err == nil:
		set.Enabled = true
		set.HubArn, set.SubscribedAt = aws.ToString(out.HubArn), aws.ToString(out.SubscribedAt)
		set.AutoEnableControls, set.ControlFindingGenerator = out.AutoEnableControls, string(out.ControlFindingGenerator)
	case errorCode(err) == "InvalidAccessException" || IsNotFound(err):
	default:
		return err
	}
	s.Emit(s.New(awsmodel.TypeSecurityHubRegionalSettings, awsmodel.SettingsID("securityhub", s.Account, s.Region, "regional-settings"), s.Region, nil, nil, set))
	return nil
}

// macieOff reports whether err is Macie's answer for a region where it
// is not enabled: AccessDeniedException saying so. Other denials are
// real failures.
func macieOff(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	if IsNotFound(err) {
		return true
	}
	return ae.ErrorCode() == "AccessDeniedException" && strings.Contains(strings.ToLower(ae.ErrorMessage()), "macie is not enabled")
}

// collectMacieSettings reads the region's Macie session.
func collectMacieSettings(ctx context.Context, s *Session) error {
	c := macie2.NewFromConfig(s.Config)
	var set awsmodel.MacieRegionalSettings
	out, err := c.GetMacieSession(ctx, &macie2.GetMacieSessionInput{})
	switch {
	case err == nil:
		set.Status = string(out.Status)
		set.Enabled = out.Status == "ENABLED"
		set.CreatedAt, set.UpdatedAt = out.CreatedAt, out.UpdatedAt
		set.FindingPublishingFrequency, set.ServiceRole = string(out.FindingPublishingFrequency), aws.ToString(out.ServiceRole)
	case macieOff(err):
	default:
		return err
	}
	s.Emit(s.New(awsmodel.TypeMacieRegionalSettings, awsmodel.SettingsID("macie2", s.Account, s.Region, "regional-settings"), s.Region, nil, nil, set))
	return nil
}

// collectGuardDutySettings reads the region's detectors.
func collectGuardDutySettings(ctx context.Context, s *Session) error {
	c := guardduty.NewFromConfig(s.Config)
	var ids []string
	p := guardduty.NewListDetectorsPaginator(c, &guardduty.ListDetectorsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		ids = append(ids, page.DetectorIds...)
	}
	var set awsmodel.GuardDutyRegionalSettings
	var unread []string
	for _, id := range ids {
		d := awsmodel.GuardDutyDetector{DetectorId: id}
		out, err := c.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
		if err != nil {
			s.Fail("guardduty:GetDetector", fmt.Errorf("detector %s: %w", id, err))
			unread = append(unread, "detectors", "enabled", "enabled_features")
			continue
		}
		d.Status, d.CreatedAt, d.UpdatedAt = string(out.Status), aws.ToString(out.CreatedAt), aws.ToString(out.UpdatedAt)
		d.FindingPublishingFrequency, d.ServiceRole = string(out.FindingPublishingFrequency), aws.ToString(out.ServiceRole)
		d.Features = out.Features
		set.Detectors = append(set.Detectors, d)
	}
	set.Derive()
	if set.Enabled {
		unread = nil // one enabled detector settles it
	}
	s.Emit(s.New(awsmodel.TypeGuardDutyRegionalSettings, awsmodel.SettingsID("guardduty", s.Account, s.Region, "regional-settings"), s.Region, nil, unread, set))
	return nil
}

// collectKMSKeys lists the region's keys and describes each; customer
// managed keys also get their rotation status and key policy. Aliases
// come from one paginated ListAliases.
func collectKMSKeys(ctx context.Context, s *Session) error {
	c := kms.NewFromConfig(s.Config)
	var keys []kmstypes.KeyListEntry
	p := kms.NewListKeysPaginator(c, &kms.ListKeysInput{Limit: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		keys = append(keys, page.Keys...)
	}
	aliases := map[string][]string{}
	aliasesUnread := false
	ap := kms.NewListAliasesPaginator(c, &kms.ListAliasesInput{Limit: aws.Int32(100)})
	for ap.HasMorePages() {
		page, err := ap.NextPage(ctx)
		if err != nil {
			s.Fail("kms:ListAliases", err)
			aliasesUnread = true
			break
		}
		for _, a := range page.Aliases {
			if a.TargetKeyId != nil {
				aliases[*a.TargetKeyId] = append(aliases[*a.TargetKeyId], aws.ToString(a.AliasName))
			}
		}
	}
	parallel(len(keys), func(i int) {
		id := aws.ToString(keys[i].KeyId)
		arn := aws.ToString(keys[i].KeyArn)
		var unread []string
		if aliasesUnread {
			unread = append(unread, "aliases")
		}
		out, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(arn)})
		if err != nil {
			s.Fail("kms:DescribeKey", fmt.Errorf("key %s: %w", id, err))
			unread = append(unread, "key_manager", "key_state", "key_spec", "policy", "key_rotation_enabled", "customer_managed", "rotation_applicable")
			s.Emit(s.New(awsmodel.TypeKMSKey, arn, id, nil, unread, awsmodel.KMSKey{KeyMetadata: kmstypes.KeyMetadata{KeyId: aws.String(id), Arn: aws.String(arn)}, Aliases: aliases[id]}))
			return
		}
		k := awsmodel.KMSKey{KeyMetadata: *out.KeyMetadata, Aliases: aliases[id]}
		k.Derive()
		if k.CustomerManaged && k.KeyState != kmstypes.KeyStatePendingDeletion && k.KeyState != kmstypes.KeyStatePendingReplicaDeletion {
			if k.KeySpec == kmstypes.KeySpecSymmetricDefault && k.Origin == kmstypes.OriginTypeAwsKms {
				rot, err := c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(arn)})
				switch {
				case err == nil:
					k.KeyRotationEnabled, k.RotationPeriodInDays = aws.Bool(rot.KeyRotationEnabled), rot.RotationPeriodInDays
				case errorCode(err) == "KMSInvalidStateException" || errorCode(err) == "UnsupportedOperationException":
				default:
					s.Fail("kms:GetKeyRotationStatus", fmt.Errorf("key %s: %w", id, err))
					unread = append(unread, "key_rotation_enabled")
				}
			}
			pol, err := c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(arn), PolicyName: aws.String("default")})
			if err != nil {
				s.Fail("kms:GetKeyPolicy", fmt.Errorf("key %s: %w", id, err))
				unread = append(unread, "policy")
			} else if doc, perr := awsmodel.ParsePolicy(aws.ToString(pol.Policy), s.Account); perr != nil {
				s.Fail("kms:GetKeyPolicy", fmt.Errorf("key %s policy: %w", id, perr))
				unread = append(unread, "policy")
			} else {
				k.Policy = doc
			}
		}
		name := id
		if len(k.Aliases) > 0 {
			name = strings.TrimPrefix(k.Aliases[0], "alias/")
		}
		s.Emit(s.New(awsmodel.TypeKMSKey, arn, name, nil, unread, k))
	})
	return nil
}
