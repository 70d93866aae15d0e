package awsadapt

import (
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// guardDutyRegionalSettings reads a GuardDuty detector with its features.
func guardDutyRegionalSettings(ix *Index, b *builder) (string, any) {
	in := b.in
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
	return in.Name, set
}
