package awsinv

// aws.sns.topic: SNS topics, read with sns:ListTopics, sns:GetTopicAttributes
// and sns:ListSubscriptions.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectTopics lists the region's topics, reads each one's attributes,
// and joins the region's subscriptions (one paginated call) by topic.
func collectTopics(ctx context.Context, s *Session) error {
	c := sns.NewFromConfig(s.Config)
	var arns []string
	p := sns.NewListTopicsPaginator(c, &sns.ListTopicsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, t := range page.Topics {
			arns = append(arns, aws.ToString(t.TopicArn))
		}
	}
	subs := map[string][]snstypes.Subscription{}
	subsUnread := false
	sp := sns.NewListSubscriptionsPaginator(c, &sns.ListSubscriptionsInput{})
	for sp.HasMorePages() {
		page, err := sp.NextPage(ctx)
		if err != nil {
			s.Fail("sns:ListSubscriptions", err)
			subsUnread = true
			break
		}
		for _, sub := range page.Subscriptions {
			subs[aws.ToString(sub.TopicArn)] = append(subs[aws.ToString(sub.TopicArn)], sub)
		}
	}
	parallel(len(arns), func(i int) {
		arn := arns[i]
		t := awsmodel.SNSTopic{TopicArn: arn, Name: arn[strings.LastIndex(arn, ":")+1:], Subscriptions: subs[arn]}
		var unread []string
		if subsUnread {
			unread = append(unread, "subscriptions", "confirmed_subscription_count")
		}
		out, err := c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
		switch {
		case err != nil:
			s.Fail("sns:GetTopicAttributes", fmt.Errorf("topic %s: %w", t.Name, err))
			unread = append(unread, "policy", "kms_master_key_id", "display_name", "owner", "subscriptions_confirmed", "subscriptions_pending")
		default:
			a := out.Attributes
			t.DisplayName, t.Owner, t.KmsMasterKeyId = a["DisplayName"], a["Owner"], a["KmsMasterKeyId"]
			t.FifoTopic = a["FifoTopic"] == "true"
			t.SubscriptionsConfirmed, _ = strconv.Atoi(a["SubscriptionsConfirmed"])
			t.SubscriptionsPending, _ = strconv.Atoi(a["SubscriptionsPending"])
			if pol := a["Policy"]; pol != "" {
				doc, perr := awsmodel.ParsePolicy(pol, s.Account)
				if perr != nil {
					s.Fail("sns:GetTopicAttributes", fmt.Errorf("topic %s policy: %w", t.Name, perr))
					unread = append(unread, "policy")
				} else {
					t.Policy = doc
				}
			}
		}
		s.Emit(s.New(awsmodel.TypeSNSTopic, arn, t.Name, nil, unread, t))
	})
	return nil
}
