package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// sqsQueueAdapter reads SQS queues and their queue policies.
func sqsQueueAdapter() adapter {
	return adapter{Target: awsmodel.TypeSQSQueue, Adapt: adaptSQSQueues,
		Consumes: []string{"aws_sqs_queue", "aws_sqs_queue_policy", "AWS::SQS::Queue", "AWS::SQS::QueuePolicy"}}
}

func adaptSQSQueues(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_sqs_queue", "AWS::SQS::Queue") {
		b := newBuilder(in)
		c := cfn(in)
		name := labelOr(in, spell(in, "name", "QueueName"))
		q := awsmodel.SQSQueue{QueueURL: knownStr(in, spell(in, "url", "QueueUrl")), QueueArn: knownStr(in, "arn")}
		if s, ok := presentStr(b, spell(in, "kms_master_key_id", "KmsMasterKeyId"), "kms_master_key_id"); ok {
			q.KmsMasterKeyId = &s
		}
		// New queues get SSE-SQS unless a KMS key is set or it is turned
		// off (SQS default since October 2022; the provider and
		// CloudFormation leave it to the API when not set).
		q.SqsManagedSseEnabled = q.KmsMasterKeyId == nil
		if v, ok := b.boolean(spell(in, "sqs_managed_sse_enabled", "SqsManagedSseEnabled"), "encrypted"); ok {
			q.SqsManagedSseEnabled = v
		}
		if v, ok := b.boolean(spell(in, "fifo_queue", "FifoQueue"), "fifo_queue"); ok {
			q.FifoQueue = v
		}
		if v, ok := b.boolean(spell(in, "content_based_deduplication", "ContentBasedDeduplication"), "content_based_deduplication"); ok {
			q.ContentBasedDeduplication = v
		}
		num := func(path, attr string) *int64 {
			if n, ok := b.integer(path, attr); ok {
				return &n
			}
			return nil
		}
		q.VisibilityTimeout = num(spell(in, "visibility_timeout_seconds", "VisibilityTimeout"), "visibility_timeout")
		q.MessageRetentionPeriod = num(spell(in, "message_retention_seconds", "MessageRetentionPeriod"), "message_retention_period")
		q.MaximumMessageSize = num(spell(in, "max_message_size", "MaximumMessageSize"), "maximum_message_size")
		q.DelaySeconds = num(spell(in, "delay_seconds", "DelaySeconds"), "delay_seconds")
		q.ReceiveMessageWaitTimeSeconds = num(spell(in, "receive_wait_time_seconds", "ReceiveMessageWaitTimeSeconds"), "receive_message_wait_time_seconds")
		q.KmsDataKeyReusePeriodSeconds = num(spell(in, "kms_data_key_reuse_period_seconds", "KmsDataKeyReusePeriodSeconds"), "kms_data_key_reuse_period_seconds")
		if !c {
			q.Policy = b.policy("policy", "policy", "")
			if s, ok := b.str("redrive_policy", "redrive_policy"); ok && s != "" {
				q.RedrivePolicy = &s
			}
			for _, p := range linked(ix, "aws_sqs_queue_policy", "queue_url", in, q.QueueURL) {
				pb := newBuilder(p)
				q.Policy = pb.policy("policy", "policy", "")
				override(b, "policy")
				b.merge(pb)
			}
		} else {
			if v, ok := b.value("RedrivePolicy", "redrive_policy"); ok {
				s := mustJSON(v)
				q.RedrivePolicy = &s
			}
			for _, p := range linked(ix, "AWS::SQS::QueuePolicy", "Queues", in, q.QueueURL) {
				pb := newBuilder(p)
				q.Policy = pb.policy("PolicyDocument", "policy", "")
				b.merge(pb)
			}
		}
		out = append(out, b.resource(awsmodel.TypeSQSQueue, name, q))
	}
	return out
}
