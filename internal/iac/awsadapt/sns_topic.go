package awsadapt

import (
	"strings"

	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// snsTopicAdapter reads SNS topics with their policies and subscriptions.
func snsTopicAdapter() adapter {
	return adapter{Target: awsmodel.TypeSNSTopic, Adapt: adaptSNSTopics,
		Consumes: []string{"aws_sns_topic", "aws_sns_topic_policy", "aws_sns_topic_subscription",
			"AWS::SNS::Topic", "AWS::SNS::TopicPolicy", "AWS::SNS::TopicInlinePolicy", "AWS::SNS::Subscription"}}
}

func adaptSNSTopics(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_sns_topic", "AWS::SNS::Topic") {
		b := newBuilder(in)
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
		t.Policy = b.policy(spell(in, "policy", "PolicyDocument"), "policy", "")
		var subs []subscription
		if c {
			for _, p := range linked(ix, "AWS::SNS::TopicPolicy", "Topics", in, t.TopicArn) {
				pb := newBuilder(p)
				t.Policy = pb.policy("PolicyDocument", "policy", "")
				override(b, "policy")
				b.merge(pb)
			}
			for _, p := range linked(ix, "AWS::SNS::TopicInlinePolicy", "TopicArn", in, t.TopicArn) {
				pb := newBuilder(p)
				t.Policy = pb.policy("PolicyDocument", "policy", "")
				override(b, "policy")
				b.merge(pb)
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
				pb := newBuilder(p)
				t.Policy = pb.policy("policy", "policy", "")
				override(b, "policy")
				b.merge(pb)
			}
			for _, s := range linked(ix, "aws_sns_topic_subscription", "topic_arn", in, t.TopicArn) {
				auto, _ := s.Get("endpoint_auto_confirms")
				subs = append(subs, subscription{knownStr(s, "protocol"), knownStr(s, "endpoint"), auto == true})
			}
		}
		pending := 0
		for _, s := range subs {
			sub := snstypes.Subscription{Protocol: strp(s.protocol), Endpoint: strp(s.endpoint)}
			// Email and HTTP(S) endpoints confirm out of band; the other
			// protocols (SQS, Lambda, Firehose, SMS, application) are
			// confirmed on creation.
			switch strings.ToLower(s.protocol) {
			case "email", "email-json", "http", "https":
				if !s.autoConfirms {
					sub.SubscriptionArn = strp("PendingConfirmation")
					pending++
					break
				}
				fallthrough
			default:
				sub.SubscriptionArn = strp(setAtApply)
			}
			t.Subscriptions = append(t.Subscriptions, sub)
		}
		t.SubscriptionsPending = pending
		t.SubscriptionsConfirmed = len(subs) - pending
		if pending > 0 && t.SubscriptionsConfirmed == 0 {
			b.unknown("confirmed_subscription_count") // may be confirmed after deployment
		}
		out = append(out, b.resource(awsmodel.TypeSNSTopic, name, t))
	}
	return out
}

type subscription struct {
	protocol, endpoint string
	autoConfirms       bool
}
