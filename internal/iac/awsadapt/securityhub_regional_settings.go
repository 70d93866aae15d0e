package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// securityHubRegionalSettingsAdapter reads Security Hub subscriptions.
func securityHubRegionalSettingsAdapter() adapter {
	return adapter{Target: awsmodel.TypeSecurityHubRegionalSettings, Adapt: adaptSecurityHub,
		Consumes: []string{"aws_securityhub_account", "AWS::SecurityHub::Hub"}}
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
