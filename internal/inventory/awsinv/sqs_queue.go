package awsinv

// aws.sqs.queue: SQS queues, read with sqs:ListQueues and
// sqs:GetQueueAttributes.

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectSQSQueues lists queue URLs and reads each queue's attributes
// (SQS has no batch read).
func collectSQSQueues(ctx context.Context, s *Session) error {
	c := sqs.NewFromConfig(s.Config)
	var urls []string
	p := sqs.NewListQueuesPaginator(c, &sqs.ListQueuesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		urls = append(urls, page.QueueUrls...)
	}
	servicesEach(ctx, urls, 8, func(u string) {
		q := awsmodel.SQSQueue{QueueURL: u, QueueArn: queueARN(u, s.Region)}
		var unread []string
		out, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(u), AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
		if err != nil && IsNotFound(err, "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist") {
			return // deleted since it was listed
		}
		if svcCall(s, &unread, "sqs:GetQueueAttributes", "queue "+u, err,
			[]string{"policy", "kms_master_key_id", "sqs_managed_sse_enabled", "encrypted"}) {
			readQueueAttributes(s, &q, out.Attributes, &unread)
		}
		name := q.QueueArn[strings.LastIndex(q.QueueArn, ":")+1:]
		s.Emit(s.New(awsmodel.TypeSQSQueue, q.QueueArn, name, nil, unread, q))
	})
	return ctx.Err()
}

func readQueueAttributes(s *Session, q *awsmodel.SQSQueue, a map[string]string, unread *[]string) {
	num := func(k string) *int64 {
		if v, err := strconv.ParseInt(a[k], 10, 64); err == nil {
			return &v
		}
		return nil
	}
	when := func(k string) *time.Time {
		if n := num(k); n != nil {
			t := time.Unix(*n, 0).UTC()
			return &t
		}
		return nil
	}
	str := func(k string) *string {
		if v, ok := a[k]; ok && v != "" {
			return &v
		}
		return nil
	}
	if v := a["QueueArn"]; v != "" {
		q.QueueArn = v
	}
	if pol := str("Policy"); pol != nil {
		q.Policy = svcPolicy(s, unread, "sqs:GetQueueAttributes", "queue "+q.QueueURL, "policy", pol)
	}
	q.KmsMasterKeyId = str("KmsMasterKeyId")
	q.KmsDataKeyReusePeriodSeconds = num("KmsDataKeyReusePeriodSeconds")
	q.SqsManagedSseEnabled = a["SqsManagedSseEnabled"] == "true"
	q.FifoQueue = a["FifoQueue"] == "true"
	q.ContentBasedDeduplication = a["ContentBasedDeduplication"] == "true"
	q.VisibilityTimeout = num("VisibilityTimeout")
	q.MessageRetentionPeriod = num("MessageRetentionPeriod")
	q.MaximumMessageSize = num("MaximumMessageSize")
	q.DelaySeconds = num("DelaySeconds")
	q.ReceiveMessageWaitTimeSeconds = num("ReceiveMessageWaitTimeSeconds")
	q.CreatedTimestamp = when("CreatedTimestamp")
	q.LastModifiedTimestamp = when("LastModifiedTimestamp")
	q.RedrivePolicy = str("RedrivePolicy")
	q.RedriveAllowPolicy = str("RedriveAllowPolicy")
}

// queueARN derives a queue's ARN from its URL
// (https://sqs.<region>.amazonaws.com/<account>/<name>) for when its
// attributes cannot be read.
func queueARN(u, region string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return u
	}
	parts := strings.Split(strings.Trim(pu.Path, "/"), "/")
	if len(parts) != 2 {
		return u
	}
	return "arn:" + partitionOf(region) + ":sqs:" + region + ":" + parts[0] + ":" + parts[1]
}
