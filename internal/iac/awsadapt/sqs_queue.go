package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// sqsQueue reads an SQS queue with its queue policy.
func sqsQueue(ix *Index, b *builder) (string, any) {
	in := b.in
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
		q.Policy = b.policy("policy", "policy")
		if s, ok := b.str("redrive_policy", "redrive_policy"); ok && s != "" {
			q.RedrivePolicy = &s
		}
		for _, p := range linked(ix, "aws_sqs_queue_policy", "queue_url", in, q.QueueURL) {
			q.Policy = b.policyOf(p, "policy", "policy", true)
		}
	} else {
		if v, ok := b.value("RedrivePolicy", "redrive_policy"); ok {
			s := mustJSON(v)
			q.RedrivePolicy = &s
		}
		for _, p := range linked(ix, "AWS::SQS::QueuePolicy", "Queues", in, q.QueueURL) {
			q.Policy = b.policyOf(p, "PolicyDocument", "policy", false)
		}
	}
	return name, q
}
