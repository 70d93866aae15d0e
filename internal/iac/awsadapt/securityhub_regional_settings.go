package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// securityHubRegionalSettings reads a Security Hub subscription.
func securityHubRegionalSettings(_ *Index, b *builder) (string, any) {
	in := b.in
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
	return in.Name, s
}
