package awsinv

// aws.config.regional_settings: the region's AWS Config recorders, read with
// config:DescribeConfigurationRecorders,
// config:DescribeConfigurationRecorderStatus and
// config:DescribeDeliveryChannels.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

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
	s.Emit(s.New(awsmodel.TypeConfigRegionalSettings, awsmodel.SettingsID("config", s.Account, s.Region, "regional-settings"), s.Region, nil, unread, set))
	return nil
}
