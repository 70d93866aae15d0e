package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// stepFunctionsStateMachine reads a state machine's logging, tracing and
// type. Omitted: logging OFF and STANDARD (the API's defaults). A log
// destination known only at apply ("${aws_cloudwatch_log_group.x.arn}:*")
// counts as set: the rule asks whether there is one.
func stepFunctionsStateMachine(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "StateMachineName"))
	m := awsmodel.StepFunctionsStateMachine{Name: aws.String(name), Type: sfntypes.StateMachineTypeStandard}
	if arn := knownStr(in, "arn"); arn != "" {
		m.StateMachineArn = &arn
	}
	if v, ok := b.str(spell(in, "type", "StateMachineType"), ""); ok {
		m.Type = sfntypes.StateMachineType(v)
	}
	if s, ok := b.strOrRef(spell(in, "role_arn", "RoleArn"), ""); ok {
		m.RoleArn = &s
	}
	lc := spell(in, "logging_configuration.0.", "LoggingConfiguration.")
	if _, ok := in.Get(lc[:len(lc)-1]); ok {
		l := &sfntypes.LoggingConfiguration{Level: sfntypes.LogLevelOff}
		if v, ok := b.str(lc+spell(in, "level", "Level"), "logging_enabled"); ok {
			l.Level = sfntypes.LogLevel(v)
		}
		if v, ok := b.boolean(lc+spell(in, "include_execution_data", "IncludeExecutionData"), ""); ok {
			l.IncludeExecutionData = v
		}
		if cfn(in) {
			for i := range b.list(lc+"Destinations", "logging_enabled") {
				if g, ok := presentStr(b, lc+"Destinations."+itoa(i)+".CloudWatchLogsLogGroup.LogGroupArn", ""); ok {
					l.Destinations = append(l.Destinations, logGroup(g))
				}
			}
		} else if g, ok := presentStr(b, lc+"log_destination", ""); ok {
			l.Destinations = append(l.Destinations, logGroup(g))
		}
		m.LoggingConfiguration = l
	}
	if v, ok := b.boolean(spell(in, "tracing_configuration.0.enabled", "TracingConfiguration.Enabled"), ""); ok {
		m.TracingConfiguration = &sfntypes.TracingConfiguration{Enabled: v}
	}
	return name, m
}

func logGroup(arn string) sfntypes.LogDestination {
	return sfntypes.LogDestination{CloudWatchLogsLogGroup: &sfntypes.CloudWatchLogsLogGroup{LogGroupArn: aws.String(arn)}}
}
