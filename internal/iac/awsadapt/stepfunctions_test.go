package awsadapt

import (
	"fmt"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestStepFunctionsStateMachines(t *testing.T) {
	insts := []cloudres.Instance{
		// The usual destination, "${aws_cloudwatch_log_group.x.arn}:*", is
		// known only at apply: it is there, so errors are logged.
		tf("aws_sfn_state_machine", "aws_sfn_state_machine.errors", 1, props{"name": "errors",
			"logging_configuration": items(props{"level": "ERROR", "log_destination": cloudres.Unknown{}})}),
		tf("aws_sfn_state_machine", "aws_sfn_state_machine.nowhere", 10, props{"name": "nowhere",
			"logging_configuration": items(props{"level": "ALL"})}),
		tf("aws_sfn_state_machine", "aws_sfn_state_machine.later", 20, props{"name": "later",
			"logging_configuration": items(props{"level": cloudres.Unknown{}, "log_destination": "arn:aws:logs:us-east-1:1:log-group:g:*"})}),
		cfnRes("AWS::StepFunctions::StateMachine", "Express", 1, props{"StateMachineName": "express", "StateMachineType": "EXPRESS"}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-stepfunctions-logging", []string{"nowhere", "express"}, []string{"errors", "later"})
	e := find(t, res, "errors").Attributes
	if e["logging_enabled"] != true || e["unread"] != nil {
		t.Errorf("errors: logging %v unread %v", e["logging_enabled"], e["unread"])
	}
	if u := fmt.Sprint(find(t, res, "later").Attributes["unread"]); u != "[logging_enabled]" {
		t.Errorf("later: unread %s", u)
	}
	if x := find(t, res, "express").Attributes; x["type"] != "EXPRESS" || x["log_level"] != "OFF" {
		t.Errorf("express: %v", x)
	}
}
