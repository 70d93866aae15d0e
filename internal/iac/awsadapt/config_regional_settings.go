package awsadapt

import (
	"strings"

	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// configRegionalSettings reads an AWS Config recorder with its status
// (Terraform's aws_config_configuration_recorder_status).
func configRegionalSettings(ix *Index, b *builder) (string, any) {
	in := b.in
	c := cfn(in)
	name := labelOr(in, spell(in, "name", "Name"))
	if name == in.Name && !c && knownStr(in, "name") == "" {
		name = "default" // the provider's default recorder name
	}
	r := awsmodel.ConfigRecorder{ConfigurationRecorder: cfgtypes.ConfigurationRecorder{Name: &name}}
	b.setStr(&r.RoleARN, spell(in, "role_arn", "RoleARN"), "")
	// Without a recording group, Config records every supported
	// resource type (Terraform's all_supported defaults to true; the
	// API's default group likewise), global types excluded.
	g := &cfgtypes.RecordingGroup{AllSupported: true}
	rg := spell(in, "recording_group.0.", "RecordingGroup.")
	unknownBefore := len(b.unread)
	if _, ok := in.Get(strings.TrimSuffix(rg, ".")); ok {
		g.AllSupported = !c // Terraform's default inside the block is true
		if v, ok := b.boolean(rg+spell(in, "all_supported", "AllSupported"), "recording"); ok {
			g.AllSupported = v
		}
		if v, ok := b.boolean(rg+spell(in, "include_global_resource_types", "IncludeGlobalResourceTypes"), "recording"); ok {
			g.IncludeGlobalResourceTypes = v
		}
		if s, ok := b.str(rg+spell(in, "recording_strategy.0.use_only", "RecordingStrategy.UseOnly"), "recording"); ok {
			g.RecordingStrategy = &cfgtypes.RecordingStrategy{UseOnly: cfgtypes.RecordingStrategyType(s)}
		}
	}
	r.RecordingGroup = g
	if len(b.unread) > unknownBefore {
		// The group is known only at deployment: so is what it records.
		b.unknown("configuration_recorders")
	}
	if c {
		// CloudFormation starts the recorder once a delivery channel
		// exists; its status is known after deployment only.
		b.unknown("recording")
		b.unknown("last_status")
	} else {
		// A recorder is created stopped: aws_config_configuration_recorder_status
		// starts it.
		st := &cfgtypes.ConfigurationRecorderStatus{Name: &name, LastStatus: cfgtypes.RecorderStatusPending}
		for _, s := range linked(ix, "aws_config_configuration_recorder_status", "name", in, name) {
			sb := newBuilder(s)
			if v, ok := sb.boolean("is_enabled", "recording"); ok {
				st.Recording = v
			}
			b.merge(sb)
		}
		r.Status = st
	}
	set := awsmodel.ConfigRegionalSettings{ConfigurationRecorders: []awsmodel.ConfigRecorder{r}}
	return in.Name, set
}
