package awsmodel

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

func TestStepFunctionsStateMachineDerive(t *testing.T) {
	group := []sfntypes.LogDestination{{CloudWatchLogsLogGroup: &sfntypes.CloudWatchLogsLogGroup{LogGroupArn: aws.String("arn:aws:logs:us-east-1:1:log-group:g:*")}}}
	for _, c := range []struct {
		name string
		l    *sfntypes.LoggingConfiguration
		want string
	}{
		{"not configured", nil, "OFF false"},
		{"off", &sfntypes.LoggingConfiguration{Level: sfntypes.LogLevelOff}, "OFF false"},
		{"fatal only", &sfntypes.LoggingConfiguration{Level: sfntypes.LogLevelFatal, Destinations: group}, "FATAL false"},
		{"errors", &sfntypes.LoggingConfiguration{Level: sfntypes.LogLevelError, Destinations: group}, "ERROR true"},
		{"all", &sfntypes.LoggingConfiguration{Level: sfntypes.LogLevelAll, Destinations: group}, "ALL true"},
		{"all, nowhere", &sfntypes.LoggingConfiguration{Level: sfntypes.LogLevelAll}, "ALL false"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := StepFunctionsStateMachine{LoggingConfiguration: c.l}
			m.Derive()
			if got := fmt.Sprint(m.LogLevel, " ", m.LoggingEnabled); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}
