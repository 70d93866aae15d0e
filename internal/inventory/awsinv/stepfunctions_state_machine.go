package awsinv

// aws.stepfunctions.state_machine: Step Functions state machines, read
// with states:ListStateMachines (a thousand a page) and
// states:DescribeStateMachine (one call each: the API has no batch
// describe), about 1.001 calls per state machine.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectStateMachines lists the region's state machines and describes
// each.
func collectStateMachines(ctx context.Context, s *Session) error {
	c := sfn.NewFromConfig(s.Config)
	var items []sfntypes.StateMachineListItem
	p := sfn.NewListStateMachinesPaginator(c, &sfn.ListStateMachinesInput{MaxResults: 1000})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		items = append(items, page.StateMachines...)
	}
	servicesEach(ctx, items, 8, func(it sfntypes.StateMachineListItem) {
		arn, name := aws.ToString(it.StateMachineArn), aws.ToString(it.Name)
		m := awsmodel.StepFunctionsStateMachine{StateMachineArn: it.StateMachineArn, Name: it.Name, Type: it.Type, CreationDate: it.CreationDate}
		out, err := c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: it.StateMachineArn})
		if err != nil {
			if IsNotFound(err, "StateMachineDoesNotExist") { // deleted since the list
				return
			}
			s.Fail("states:DescribeStateMachine", fmt.Errorf("state machine %s: %w", name, err))
			s.Emit(s.New(awsmodel.TypeStepFunctionsStateMachine, arn, name, nil,
				[]string{"logging_configuration", "log_level", "logging_enabled", "tracing_configuration", "encryption_configuration"}, m))
			return
		}
		m.Status, m.Description, m.RoleArn = out.Status, out.Description, out.RoleArn
		m.LoggingConfiguration, m.TracingConfiguration, m.EncryptionConfiguration = out.LoggingConfiguration, out.TracingConfiguration, out.EncryptionConfiguration
		s.Emit(s.New(awsmodel.TypeStepFunctionsStateMachine, arn, name, nil, nil, m))
	})
	return ctx.Err()
}
