package awsinv

// aws.events.event_bus: EventBridge event buses, read with
// events:ListEventBuses.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectEventBuses lists event buses; the list carries each bus's
// policy. (The SDK has no paginator for ListEventBuses.)
func collectEventBuses(ctx context.Context, s *Session) error {
	c := eventbridge.NewFromConfig(s.Config)
	in := &eventbridge.ListEventBusesInput{Limit: aws.Int32(100)}
	for {
		page, err := c.ListEventBuses(ctx, in)
		if err != nil {
			return err
		}
		for _, b := range page.EventBuses {
			bus := awsmodel.EventBus{Arn: b.Arn, Name: b.Name, Description: b.Description, ManagedBy: b.ManagedBy,
				CreationTime: b.CreationTime, LastModifiedTime: b.LastModifiedTime}
			var unread []string
			bus.Policy = svcPolicy(s, &unread, "events:ListEventBuses", "event bus "+aws.ToString(b.Name), "policy", b.Policy)
			s.Emit(s.New(awsmodel.TypeEventBus, aws.ToString(b.Arn), aws.ToString(b.Name), nil, unread, bus))
		}
		if page.NextToken == nil || *page.NextToken == "" {
			return nil
		}
		in.NextToken = page.NextToken
	}
}
