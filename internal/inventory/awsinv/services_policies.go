package awsinv

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/glacier"
	glaciertypes "github.com/aws/aws-sdk-go-v2/service/glacier/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
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
	q.Encrypted = q.SqsManagedSseEnabled || q.KmsMasterKeyId != nil
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

// collectSecrets lists secrets' metadata (never their values) and reads
// each one's resource policy.
func collectSecrets(ctx context.Context, s *Session) error {
	c := secretsmanager.NewFromConfig(s.Config)
	var list []smtypes.SecretListEntry
	p := secretsmanager.NewListSecretsPaginator(c, &secretsmanager.ListSecretsInput{MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		list = append(list, page.SecretList...)
	}
	now := time.Now()
	servicesEach(ctx, list, 8, func(e smtypes.SecretListEntry) {
		sec := awsmodel.SecretsManagerSecret{SecretListEntry: e}
		name := aws.ToString(e.Name)
		var unread []string
		out, err := c.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: e.ARN})
		if svcCall(s, &unread, "secretsmanager:GetResourcePolicy", "secret "+name, err, []string{"resource_policy"}) {
			sec.ResourcePolicy = svcPolicy(s, &unread, "secretsmanager:GetResourcePolicy", "secret "+name, "resource_policy", out.ResourcePolicy)
		}
		sec.Derive(now)
		var tags map[string]string
		if len(e.Tags) > 0 {
			tags = map[string]string{}
			for _, t := range e.Tags {
				tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
		}
		s.Emit(s.New(awsmodel.TypeSecretsManagerSecret, aws.ToString(e.ARN), name, tags, unread, sec))
	})
	return ctx.Err()
}

// collectGlacierVaults lists vaults and reads each one's access policy.
func collectGlacierVaults(ctx context.Context, s *Session) error {
	c := glacier.NewFromConfig(s.Config)
	var vaults []glaciertypes.DescribeVaultOutput
	p := glacier.NewListVaultsPaginator(c, &glacier.ListVaultsInput{AccountId: aws.String("-"), Limit: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		vaults = append(vaults, page.VaultList...)
	}
	servicesEach(ctx, vaults, 8, func(v glaciertypes.DescribeVaultOutput) {
		gv := awsmodel.GlacierVault{DescribeVaultOutput: v}
		name := aws.ToString(v.VaultName)
		var unread []string
		out, err := c.GetVaultAccessPolicy(ctx, &glacier.GetVaultAccessPolicyInput{AccountId: aws.String("-"), VaultName: v.VaultName})
		if svcCall(s, &unread, "glacier:GetVaultAccessPolicy", "vault "+name, err, []string{"policy"}) && out.Policy != nil {
			gv.Policy = svcPolicy(s, &unread, "glacier:GetVaultAccessPolicy", "vault "+name, "policy", out.Policy.Policy)
		}
		s.Emit(s.New(awsmodel.TypeGlacierVault, aws.ToString(v.VaultARN), name, nil, unread, gv))
	})
	return ctx.Err()
}

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
