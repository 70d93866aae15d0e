package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// macieRegionalSettings reads a Macie session.
func macieRegionalSettings(_ *Index, b *builder) (string, any) {
	in := b.in
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
	return in.Name, m
}
