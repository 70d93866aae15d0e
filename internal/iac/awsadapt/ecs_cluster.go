package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// ecsCluster reads an ECS cluster and its containerInsights setting. A
// cluster that does not set it takes the account's default
// (aws_ecs_account_setting_default, or the console's choice), which the
// configuration does not decide: Container Insights is then unread.
func ecsCluster(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "ClusterName"))
	c := awsmodel.ECSCluster{ClusterName: aws.String(name)}
	if arn := knownStr(in, "arn"); arn != "" {
		c.ClusterArn = &arn
	}
	settings := spell(in, "setting", "ClusterSettings")
	decided := false
	for i := range b.list(settings, "container_insights_enabled") {
		p := settings + "." + itoa(i) + "."
		n, ok := b.str(p+spell(in, "name", "Name"), "container_insights_enabled")
		if !ok {
			decided = true // unknown: str marked it unread
			b.unknown("container_insights")
			continue
		}
		if n != string(ecstypes.ClusterSettingNameContainerInsights) {
			continue
		}
		decided = true
		if v, ok := b.str(p+spell(in, "value", "Value"), "container_insights_enabled"); ok {
			c.Settings = append(c.Settings, ecstypes.ClusterSetting{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String(v)})
		}
	}
	if !decided {
		b.unknown("container_insights")
		b.unknown("container_insights_enabled")
	}
	return name, c
}
