package awsadapt

import (
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// cloudWatchAlarm reads a CloudWatch metric alarm.
func cloudWatchAlarm(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "alarm_name", "AlarmName"))
	a := cwtypes.MetricAlarm{AlarmName: &name}
	on := true // actions_enabled / ActionsEnabled default
	if v, ok := b.boolean(spell(in, "actions_enabled", "ActionsEnabled"), "actions_enabled"); ok {
		on = v
	}
	a.ActionsEnabled = &on
	b.setStr(&a.MetricName, spell(in, "metric_name", "MetricName"), "metric_name")
	b.setStr(&a.Namespace, spell(in, "namespace", "Namespace"), "namespace")
	if s, ok := b.str(spell(in, "comparison_operator", "ComparisonOperator"), "comparison_operator"); ok {
		a.ComparisonOperator = cwtypes.ComparisonOperator(s)
	}
	if s, ok := b.str(spell(in, "statistic", "Statistic"), "statistic"); ok {
		a.Statistic = cwtypes.Statistic(s)
	}
	if n, ok := b.integer(spell(in, "evaluation_periods", "EvaluationPeriods"), "evaluation_periods"); ok {
		a.EvaluationPeriods = int32p(n)
	}
	if n, ok := b.integer(spell(in, "period", "Period"), "period"); ok {
		a.Period = int32p(n)
	}
	a.AlarmActions = alarmActions(ix, b, spell(in, "alarm_actions", "AlarmActions"), "alarm_actions")
	a.OKActions = alarmActions(ix, b, spell(in, "ok_actions", "OKActions"), "ok_actions")
	a.InsufficientDataActions = alarmActions(ix, b, spell(in, "insufficient_data_actions", "InsufficientDataActions"), "insufficient_data_actions")
	return name, awsmodel.CloudWatchAlarm{MetricAlarm: a}
}

// alarmActions reads action ARNs; a reference to an SNS topic of the same
// configuration becomes that topic's resource ID, as the live model
// links an alarm's action to the topic's ID (its ARN).
func alarmActions(ix *Index, b *builder, path, attr string) []string {
	var out []string
	for _, e := range b.list(path, attr) {
		switch x := e.(type) {
		case string:
			out = append(out, x)
		case cloudres.Ref:
			if to, ok := ix.Resolve(b.in, x); ok && (to.Type == "aws_sns_topic" || to.Type == "AWS::SNS::Topic") {
				out = append(out, ID(to))
				continue
			}
			b.unknown(attr)
		default:
			b.unknown(attr)
		}
	}
	return out
}
