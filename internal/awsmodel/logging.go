package awsmodel

import (
	"strings"
	"time"

	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// Type names of the logging and monitoring family.
const (
	TypeCloudTrailTrail             = "aws.cloudtrail.trail"
	TypeCloudTrailAccountSettings   = "aws.cloudtrail.account_settings"
	TypeLogsMetricFilter            = "aws.logs.metric_filter"
	TypeCloudWatchAlarm             = "aws.cloudwatch.alarm"
	TypeSNSTopic                    = "aws.sns.topic"
	TypeConfigRegionalSettings      = "aws.config.regional_settings"
	TypeSecurityHubRegionalSettings = "aws.securityhub.regional_settings"
	TypeMacieRegionalSettings       = "aws.macie.regional_settings"
	TypeGuardDutyRegionalSettings   = "aws.guardduty.regional_settings"
	TypeKMSKey                      = "aws.kms.key"
)

func loggingTypes() []Type {
	return []Type{
		typeOf[CloudTrailTrail](TypeCloudTrailTrail, "AWS::CloudTrail::Trail", false),
		typeOf[CloudTrailAccountSettings](TypeCloudTrailAccountSettings, "Vigil::CloudTrail::AccountSettings", true),
		typeOf[LogsMetricFilter](TypeLogsMetricFilter, "AWS::Logs::MetricFilter", false),
		typeOf[CloudWatchAlarm](TypeCloudWatchAlarm, "AWS::CloudWatch::Alarm", false),
		typeOf[SNSTopic](TypeSNSTopic, "AWS::SNS::Topic", false),
		typeOf[ConfigRegionalSettings](TypeConfigRegionalSettings, "Vigil::Config::RegionalSettings", false),
		typeOf[SecurityHubRegionalSettings](TypeSecurityHubRegionalSettings, "Vigil::SecurityHub::RegionalSettings", false),
		typeOf[MacieRegionalSettings](TypeMacieRegionalSettings, "Vigil::Macie::RegionalSettings", false),
		typeOf[GuardDutyRegionalSettings](TypeGuardDutyRegionalSettings, "Vigil::GuardDuty::RegionalSettings", false),
		typeOf[KMSKey](TypeKMSKey, "AWS::KMS::Key", false),
	}
}

// CloudTrailTrail is aws.cloudtrail.trail: DescribeTrails' trail (in its
// home region), its status and its event selectors, with what the rules
// ask of them derived once.
type CloudTrailTrail struct {
	cttypes.Trail
	// Status is GetTrailStatus's answer (nil: unread).
	Status *TrailStatus
	// EventSelectors and AdvancedEventSelectors are GetEventSelectors'
	// answer; a trail uses one kind or the other.
	EventSelectors         []cttypes.EventSelector
	AdvancedEventSelectors []cttypes.AdvancedEventSelector

	// IsLogging: the trail is delivering events (not stopped).
	IsLogging bool
	// ManagementEventsRead / ManagementEventsWrite: read-only and write
	// management events of every event source are recorded.
	ManagementEventsRead  bool
	ManagementEventsWrite bool
	// AllManagementEvents: both, with no event source excluded.
	AllManagementEvents bool
	// S3DataEventsRead / S3DataEventsWrite: S3 object-level read (write)
	// events are recorded for every bucket.
	S3DataEventsRead  bool `attr:"s3_data_events_read"`
	S3DataEventsWrite bool `attr:"s3_data_events_write"`
	// S3DataEventsReadBuckets / S3DataEventsWriteBuckets: the buckets
	// whose object-level events are recorded when not every bucket's are.
	S3DataEventsReadBuckets  []string `attr:"s3_data_events_read_buckets"`
	S3DataEventsWriteBuckets []string `attr:"s3_data_events_write_buckets"`
	// The CloudWatch Logs group the trail sends to, from
	// CloudWatchLogsLogGroupArn.
	CloudWatchLogsLogGroupName    string `attr:"cloudwatch_logs_log_group_name"`
	CloudWatchLogsLogGroupRegion  string `attr:"cloudwatch_logs_log_group_region"`
	CloudWatchLogsLogGroupAccount string `attr:"cloudwatch_logs_log_group_account"`
}

// TrailStatus is GetTrailStatus's answer.
type TrailStatus struct {
	IsLogging                         *bool
	LatestCloudWatchLogsDeliveryError *string
	LatestCloudWatchLogsDeliveryTime  *time.Time
	LatestDeliveryError               *string
	LatestDeliveryTime                *time.Time
	LatestDigestDeliveryError         *string
	LatestDigestDeliveryTime          *time.Time
	LatestNotificationError           *string
	StartLoggingTime                  *time.Time
	StopLoggingTime                   *time.Time
}

// CloudTrailAccountSettings is aws.cloudtrail.account_settings: the
// account-wide anchor of the rules that ask whether some trail (and the
// monitoring built on it) exists, so their finding has a resource when
// no trail does.
type CloudTrailAccountSettings struct {
	// TrailARNs are the trails that apply to the home region
	// (DescribeTrails with shadow trails), own or organisation trails.
	TrailARNs []string `attr:"trail_arns"`
	// MultiRegionTrailARNs are the multi-region ones among them.
	MultiRegionTrailARNs []string `attr:"multi_region_trail_arns"`
}

// LogsMetricFilter is aws.logs.metric_filter.
type LogsMetricFilter struct {
	logstypes.MetricFilter
}

// CloudWatchAlarm is aws.cloudwatch.alarm: a metric alarm.
type CloudWatchAlarm struct {
	cwtypes.MetricAlarm
}

// SNSTopic is aws.sns.topic: GetTopicAttributes' attributes with the
// policy parsed, and the topic's subscriptions.
type SNSTopic struct {
	TopicArn    string
	Name        string
	DisplayName string
	Owner       string
	// KmsMasterKeyId is the key of server-side encryption ("" : none).
	KmsMasterKeyId string
	FifoTopic      bool
	Policy         *PolicyDocument
	// The counts the topic reports.
	SubscriptionsConfirmed int
	SubscriptionsPending   int
	Subscriptions          []snstypes.Subscription
	// ConfirmedSubscriptionCount counts Subscriptions that are
	// confirmed (their ARN is not "PendingConfirmation").
	ConfirmedSubscriptionCount int
}

// ConfigRecorder is a configuration recorder with its status.
type ConfigRecorder struct {
	cfgtypes.ConfigurationRecorder
	Status *cfgtypes.ConfigurationRecorderStatus
}

// ConfigRegionalSettings is aws.config.regional_settings: the region's
// AWS Config recorders and delivery channels.
type ConfigRegionalSettings struct {
	ConfigurationRecorders []ConfigRecorder
	DeliveryChannels       []cfgtypes.DeliveryChannel
	// Recording: a customer-managed recorder is on and its last status
	// is not a failure.
	Recording bool
	// AllSupported: that recorder records every supported resource type.
	AllSupported bool
	// IncludeGlobalResourceTypes: it records global (IAM) resources too.
	IncludeGlobalResourceTypes bool
	// LastStatus is its last status (Pending, Success, Failure).
	LastStatus string
}

// SecurityHubRegionalSettings is aws.securityhub.regional_settings.
type SecurityHubRegionalSettings struct {
	// Enabled: the account is subscribed to Security Hub in the region.
	Enabled                 bool
	HubArn                  string
	SubscribedAt            string
	AutoEnableControls      *bool
	ControlFindingGenerator string
}

// MacieRegionalSettings is aws.macie.regional_settings.
type MacieRegionalSettings struct {
	// Enabled: Macie is on (status ENABLED) in the region.
	Enabled                    bool
	Status                     string
	CreatedAt                  *time.Time
	UpdatedAt                  *time.Time
	FindingPublishingFrequency string
	ServiceRole                string
}

// Derive computes Enabled.
func (m *MacieRegionalSettings) Derive() { m.Enabled = m.Status == "ENABLED" }

// GuardDutyDetector is one detector with GetDetector's answer.
type GuardDutyDetector struct {
	DetectorId                 string
	Status                     string
	CreatedAt                  string
	UpdatedAt                  string
	FindingPublishingFrequency string
	ServiceRole                string
	Features                   []gdtypes.DetectorFeatureConfigurationResult
}

// GuardDutyRegionalSettings is aws.guardduty.regional_settings.
type GuardDutyRegionalSettings struct {
	Detectors []GuardDutyDetector
	// Enabled: some detector of the region is ENABLED.
	Enabled bool
	// EnabledFeatures are the names of that detector's enabled features.
	EnabledFeatures []string
}

// KMSKey is aws.kms.key: DescribeKey's metadata with the key's aliases,
// and for customer-managed keys its rotation status and parsed policy.
type KMSKey struct {
	kmstypes.KeyMetadata
	Aliases []string
	// KeyRotationEnabled is nil when not read (AWS-managed keys, keys
	// that cannot rotate).
	KeyRotationEnabled   *bool
	RotationPeriodInDays *int32
	Policy               *PolicyDocument
	// CustomerManaged: KeyManager is CUSTOMER.
	CustomerManaged bool
	// RotationApplicable: a customer-managed, enabled symmetric
	// encryption key with key material from KMS, which can rotate
	// automatically.
	RotationApplicable bool
}

// Derive sets the key's derived fields.
func (k *KMSKey) Derive() {
	k.CustomerManaged = k.KeyManager == kmstypes.KeyManagerTypeCustomer
	k.RotationApplicable = k.CustomerManaged && k.KeySpec == kmstypes.KeySpecSymmetricDefault &&
		k.Origin == kmstypes.OriginTypeAwsKms && k.KeyState == kmstypes.KeyStateEnabled
}

// Derive sets the settings' derived fields from the recorders.
func (c *ConfigRegionalSettings) Derive() {
	for _, r := range c.ConfigurationRecorders {
		if r.ServicePrincipal != nil && *r.ServicePrincipal != "" {
			continue // service-linked recorders record for one service only
		}
		on := r.Status != nil && r.Status.Recording && r.Status.LastStatus != cfgtypes.RecorderStatusFailure
		all := false
		global := false
		if g := r.RecordingGroup; g != nil {
			all = g.AllSupported
			if g.RecordingStrategy != nil && g.RecordingStrategy.UseOnly == cfgtypes.RecordingStrategyTypeAllSupportedResourceTypes {
				all = true
			}
			global = g.IncludeGlobalResourceTypes
		}
		if on && !c.Recording || on && all && !c.AllSupported {
			c.Recording, c.AllSupported, c.IncludeGlobalResourceTypes = true, all, global
			c.LastStatus = string(r.Status.LastStatus)
		}
		if !c.Recording && r.Status != nil {
			c.LastStatus = string(r.Status.LastStatus)
		}
	}
}

// EnabledDetector returns the region's first ENABLED detector, the one
// Derive summarises.
func (g *GuardDutyRegionalSettings) EnabledDetector() (GuardDutyDetector, bool) {
	for _, d := range g.Detectors {
		if d.Status == string(gdtypes.DetectorStatusEnabled) {
			return d, true
		}
	}
	return GuardDutyDetector{}, false
}

// Derive sets the detector-level summary.
func (g *GuardDutyRegionalSettings) Derive() {
	d, ok := g.EnabledDetector()
	if !ok {
		return
	}
	g.Enabled = true
	g.EnabledFeatures = nil
	for _, f := range d.Features {
		if f.Status == gdtypes.FeatureStatusEnabled {
			g.EnabledFeatures = append(g.EnabledFeatures, string(f.Name))
		}
	}
}

// Derive counts the topic's confirmed subscriptions.
func (t *SNSTopic) Derive() {
	t.ConfirmedSubscriptionCount = 0
	for _, s := range t.Subscriptions {
		if a := s.SubscriptionArn; a != nil && *a != "" && *a != "PendingConfirmation" && *a != "Deleted" {
			t.ConfirmedSubscriptionCount++
		}
	}
}

// Derive computes the trail's derived fields from its description,
// status and event selectors.
func (t *CloudTrailTrail) Derive() {
	t.IsLogging = t.Status != nil && t.Status.IsLogging != nil && *t.Status.IsLogging
	if arn := t.CloudWatchLogsLogGroupArn; arn != nil {
		t.CloudWatchLogsLogGroupName, t.CloudWatchLogsLogGroupRegion, t.CloudWatchLogsLogGroupAccount = parseLogGroupARN(*arn)
	}
	var s3r, s3w s3Coverage
	for _, es := range t.EventSelectors {
		read := es.ReadWriteType == "" || es.ReadWriteType == cttypes.ReadWriteTypeAll || es.ReadWriteType == cttypes.ReadWriteTypeReadOnly
		write := es.ReadWriteType == "" || es.ReadWriteType == cttypes.ReadWriteTypeAll || es.ReadWriteType == cttypes.ReadWriteTypeWriteOnly
		if es.IncludeManagementEvents == nil || *es.IncludeManagementEvents {
			if len(es.ExcludeManagementEventSources) == 0 {
				t.ManagementEventsRead = t.ManagementEventsRead || read
				t.ManagementEventsWrite = t.ManagementEventsWrite || write
			}
		}
		for _, dr := range es.DataResources {
			if dr.Type == nil || *dr.Type != "AWS::S3::Object" {
				continue
			}
			for _, v := range dr.Values {
				all, bucket := s3Value(v)
				if read {
					s3r.add(all, bucket)
				}
				if write {
					s3w.add(all, bucket)
				}
			}
		}
	}
	for _, as := range t.AdvancedEventSelectors {
		sel := advancedSelector(as)
		switch {
		case sel.category == "Management":
			if sel.other || sel.sourceExcluded {
				continue
			}
			t.ManagementEventsRead = t.ManagementEventsRead || sel.read
			t.ManagementEventsWrite = t.ManagementEventsWrite || sel.write
		case sel.category == "Data" && sel.s3Object && !sel.other:
			if sel.read {
				s3r.merge(sel.s3)
			}
			if sel.write {
				s3w.merge(sel.s3)
			}
		}
	}
	t.AllManagementEvents = t.ManagementEventsRead && t.ManagementEventsWrite
	t.S3DataEventsRead, t.S3DataEventsReadBuckets = s3r.all, s3r.list()
	t.S3DataEventsWrite, t.S3DataEventsWriteBuckets = s3w.all, s3w.list()
}

// parseLogGroupARN splits arn:aws:logs:<region>:<account>:log-group:<name>[:*].
func parseLogGroupARN(arn string) (name, region, account string) {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) < 7 || parts[2] != "logs" || parts[5] != "log-group" {
		return "", "", ""
	}
	return strings.TrimSuffix(parts[6], ":*"), parts[3], parts[4]
}

type s3Coverage struct {
	all     bool
	buckets map[string]bool
}

func (c *s3Coverage) add(all bool, bucket string) {
	if all {
		c.all = true
		return
	}
	if bucket != "" {
		if c.buckets == nil {
			c.buckets = map[string]bool{}
		}
		c.buckets[bucket] = true
	}
}

func (c *s3Coverage) merge(o s3Coverage) {
	c.add(o.all, "")
	for b := range o.buckets {
		c.add(false, b)
	}
}

func (c *s3Coverage) list() []string {
	if c.all || len(c.buckets) == 0 {
		return nil
	}
	return keys(c.buckets)
}

// s3Value reads a basic selector's S3 data resource value: "arn:aws:s3"
// or "arn:aws:s3:::" (any partition) is every bucket, otherwise
// "arn:aws:s3:::bucket[/prefix]" names one.
func s3Value(v string) (all bool, bucket string) {
	parts := strings.SplitN(v, ":", 6)
	if len(parts) < 3 || parts[0] != "arn" || parts[2] != "s3" {
		return false, ""
	}
	if len(parts) < 6 || parts[5] == "" {
		return true, ""
	}
	b, _, _ := strings.Cut(parts[5], "/")
	return false, b
}

type advSel struct {
	category       string
	read, write    bool
	s3Object       bool
	s3             s3Coverage
	sourceExcluded bool
	// other: a field selector that narrows the events in a way the
	// derived fields do not model (event names, user identities …).
	other bool
}

// advancedSelector reads an advanced event selector's field selectors.
func advancedSelector(as cttypes.AdvancedEventSelector) advSel {
	sel := advSel{read: true, write: true}
	arnSelected := false
	for _, fs := range as.FieldSelectors {
		field := ""
		if fs.Field != nil {
			field = *fs.Field
		}
		switch field {
		case "eventCategory":
			if len(fs.Equals) == 1 {
				sel.category = fs.Equals[0]
			} else {
				sel.other = true
			}
		case "readOnly":
			switch {
			case len(fs.Equals) == 1 && fs.Equals[0] == "true":
				sel.write = false
			case len(fs.Equals) == 1 && fs.Equals[0] == "false":
				sel.read = false
			case len(fs.NotEquals) == 1 && fs.NotEquals[0] == "true":
				sel.read = false
			case len(fs.NotEquals) == 1 && fs.NotEquals[0] == "false":
				sel.write = false
			}
		case "resources.type":
			sel.s3Object = len(fs.Equals) == 1 && fs.Equals[0] == "AWS::S3::Object"
		case "resources.ARN":
			arnSelected = true
			if len(fs.NotEquals)+len(fs.NotStartsWith)+len(fs.NotEndsWith)+len(fs.EndsWith) > 0 {
				sel.other = true
			}
			for _, v := range append(append([]string{}, fs.Equals...), fs.StartsWith...) {
				all, b := s3Value(v)
				sel.s3.add(all, b)
			}
		case "eventSource":
			if len(fs.NotEquals)+len(fs.NotStartsWith)+len(fs.NotEndsWith) > 0 {
				sel.sourceExcluded = true
			} else {
				sel.other = true
			}
		default:
			sel.other = true
		}
	}
	if sel.s3Object && !arnSelected {
		sel.s3.all = true
	}
	return sel
}
