package awsmodel

import (
	"time"

	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

// TypeStepFunctionsStateMachine is a Step Functions state machine.
const TypeStepFunctionsStateMachine = "aws.stepfunctions.state_machine"

func stepfunctionsTypes() []Type {
	return []Type{typeOf[StepFunctionsStateMachine](TypeStepFunctionsStateMachine, "AWS::StepFunctions::StateMachine", false)}
}

// StepFunctionsStateMachine is aws.stepfunctions.state_machine:
// DescribeStateMachine's answer without the definition (the workflow's
// code, which no rule reads).
type StepFunctionsStateMachine struct {
	StateMachineArn         *string
	Name                    *string
	Type                    sfntypes.StateMachineType
	Status                  sfntypes.StateMachineStatus
	Description             *string
	RoleArn                 *string
	CreationDate            *time.Time
	LoggingConfiguration    *sfntypes.LoggingConfiguration
	TracingConfiguration    *sfntypes.TracingConfiguration
	EncryptionConfiguration *sfntypes.EncryptionConfiguration
	// LogLevel is the execution history logging level: ALL, ERROR,
	// FATAL or OFF (also when logging is not configured).
	LogLevel string
	// LoggingEnabled: the level records errors at least (ERROR or ALL)
	// and a log group receives them.
	LoggingEnabled bool
}

// Derive computes the logging fields.
func (m *StepFunctionsStateMachine) Derive() {
	m.LogLevel, m.LoggingEnabled = string(sfntypes.LogLevelOff), false
	l := m.LoggingConfiguration
	if l == nil {
		return
	}
	if l.Level != "" {
		m.LogLevel = string(l.Level)
	}
	m.LoggingEnabled = (l.Level == sfntypes.LogLevelAll || l.Level == sfntypes.LogLevelError) && len(l.Destinations) > 0
}
