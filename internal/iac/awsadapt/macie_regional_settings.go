package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// macieRegionalSettingsAdapter reads Macie sessions.
func macieRegionalSettingsAdapter() adapter {
	return adapter{Target: awsmodel.TypeMacieRegionalSettings, Adapt: adaptMacie,
		Consumes: []string{"aws_macie2_account", "AWS::Macie::Session"}}
}

func adaptMacie(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_macie2_account", "AWS::Macie::Session") {
		b := newBuilder(in)
		// status / Status default to ENABLED; finding publishing
		// frequency defaults to FIFTEEN_MINUTES in both.
		m := awsmodel.MacieRegionalSettings{Status: "ENABLED", FindingPublishingFrequency: "FIFTEEN_MINUTES"}
		status := spell(in, "status", "Status")
		if s, ok := b.str(status, "enabled"); ok {
			m.Status = s
		} else if _, set := in.Get(status); set {
			m.Status = ""
		}
		if s, ok := b.str(spell(in, "finding_publishing_frequency", "FindingPublishingFrequency"), ""); ok {
			m.FindingPublishingFrequency = s
		}
		out = append(out, b.resource(awsmodel.TypeMacieRegionalSettings, in.Name, m))
	}
	return out
}
