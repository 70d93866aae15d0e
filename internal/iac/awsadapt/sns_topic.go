package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// snsTopic reads an SNS topic with its policy and subscriptions.
func snsTopic(ix *Index, b *builder) (string, any) {
	in := b.in
	c := cfn(in)
	name := labelOr(in, spell(in, "name", "TopicName"))
	t := awsmodel.SNSTopic{Name: name}
	if s := knownStr(in, "arn"); s != "" {
		t.TopicArn = s
	}
	if s, ok := b.str(spell(in, "display_name", "DisplayName"), "display_name"); ok {
		t.DisplayName = s
	}
	if s, ok := presentStr(b, spell(in, "kms_master_key_id", "KmsMasterKeyId"), "kms_master_key_id"); ok {
		t.KmsMasterKeyId = s
	}
	if v, ok := b.boolean(spell(in, "fifo_topic", "FifoTopic"), "fifo_topic"); ok {
		t.FifoTopic = v
	}
	// No policy declared: SNS's default policy (the owner account
	// only).
	t.Policy = b.policy(spell(in, "policy", "PolicyDocument"), "policy")
	var subs []subscription
	if c {
		for _, p := range linked(ix, "AWS::SNS::TopicPolicy", "Topics", in, t.TopicArn) {
			t.Policy = b.policyOf(p, "PolicyDocument", "policy", true)
		}
		for _, p := range linked(ix, "AWS::SNS::TopicInlinePolicy", "TopicArn", in, t.TopicArn) {
			t.Policy = b.policyOf(p, "PolicyDocument", "policy", true)
		}
		for i := range b.list("Subscription", "subscriptions") {
			p := "Subscription." + itoa(i) + "."
			subs = append(subs, subscription{knownStr(in, p+"Protocol"), knownStr(in, p+"Endpoint"), false})
		}
		for _, s := range linked(ix, "AWS::SNS::Subscription", "TopicArn", in, t.TopicArn) {
			subs = append(subs, subscription{knownStr(s, "Protocol"), knownStr(s, "Endpoint"), false})
		}
	} else {
		for _, p := range linked(ix, "aws_sns_topic_policy", "arn", in, t.TopicArn) {
			t.Policy = b.policyOf(p, "policy", "policy", true)
		}
		for _, s := range linked(ix, "aws_sns_topic_subscription", "topic_arn", in, t.TopicArn) {
			auto, _ := s.Get("endpoint_auto_confirms")
			subs = append(subs, subscription{knownStr(s, "protocol"), knownStr(s, "endpoint"), auto == true})
		}
	}
	pending := 0
	for _, s := range subs {
		sub := snstypes.Subscription{Protocol: aws.String(s.protocol), Endpoint: aws.String(s.endpoint)}
		// Email and HTTP(S) endpoints confirm out of band; the other
		// protocols (SQS, Lambda, Firehose, SMS, application) are
		// confirmed on creation.
		switch strings.ToLower(s.protocol) {
		case "email", "email-json", "http", "https":
			if !s.autoConfirms {
				sub.SubscriptionArn = aws.String("PendingConfirmation")
				pending++
				break
			}
			fallthrough
		default:
			sub.SubscriptionArn = aws.String(setAtApply)
		}
		t.Subscriptions = append(t.Subscriptions, sub)
	}
	t.SubscriptionsPending = pending
	t.SubscriptionsConfirmed = len(subs) - pending
	if pending > 0 && t.SubscriptionsConfirmed == 0 {
		b.unknown("confirmed_subscription_count") // may be confirmed after deployment
	}
	return name, t
}

type subscription struct {
	protocol, endpoint string
	autoConfirms       bool
}
