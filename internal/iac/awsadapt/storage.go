package awsadapt

import (
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	glaciertypes "github.com/aws/aws-sdk-go-v2/service/glacier/types"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

func storageAdapters() []adapter {
	return []adapter{
		{Target: awsmodel.TypeSQSQueue, Consumes: []string{"aws_sqs_queue", "aws_sqs_queue_policy", "AWS::SQS::Queue", "AWS::SQS::QueuePolicy"}, Adapt: adaptSQSQueues},
		{Target: awsmodel.TypeSecretsManagerSecret, Consumes: []string{"aws_secretsmanager_secret", "aws_secretsmanager_secret_rotation", "aws_secretsmanager_secret_policy",
			"AWS::SecretsManager::Secret", "AWS::SecretsManager::RotationSchedule", "AWS::SecretsManager::ResourcePolicy"}, Adapt: adaptSecrets},
		{Target: awsmodel.TypeGlacierVault, Consumes: []string{"aws_glacier_vault", "AWS::Glacier::Vault"}, Adapt: adaptGlacierVaults},
		{Target: awsmodel.TypeEventBus, Consumes: []string{"aws_cloudwatch_event_bus", "aws_cloudwatch_event_bus_policy", "AWS::Events::EventBus", "AWS::Events::EventBusPolicy"}, Adapt: adaptEventBuses},
		{Target: awsmodel.TypeEFSFileSystem, Consumes: []string{"aws_efs_file_system", "AWS::EFS::FileSystem"}, Adapt: adaptEFS},
	}
}

// --- SQS -----------------------------------------------------------------

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

// --- Secrets Manager ------------------------------------------------------

func adaptSecrets(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_secretsmanager_secret", "AWS::SecretsManager::Secret") {
		b := newBuilder(in)
		c := cfn(in)
		name := labelOr(in, spell(in, "name", "Name"))
		s := awsmodel.SecretsManagerSecret{SecretListEntry: smtypes.SecretListEntry{Name: &name}}
		arn := knownStr(in, "arn")
		if arn != "" {
			s.ARN = &arn
		}
		if k, ok := presentStr(b, spell(in, "kms_key_id", "KmsKeyId"), "kms_key_id"); ok {
			s.KmsKeyId = &k
		}
		if d, ok := b.str(spell(in, "description", "Description"), "description"); ok {
			s.Description = &d
		}
		// No rotation resource: rotation is off.
		rot := false
		var rules *smtypes.RotationRulesType
		var lambda string
		readRules := func(rb *builder) {
			p := spell(rb.in, "rotation_rules.0.", "RotationRules.")
			rules = &smtypes.RotationRulesType{}
			if n, ok := rb.integer(p+spell(rb.in, "automatically_after_days", "AutomaticallyAfterDays"), "rotation_rules"); ok {
				rules.AutomaticallyAfterDays = &n
			}
			if x, ok := rb.str(p+spell(rb.in, "schedule_expression", "ScheduleExpression"), "rotation_rules"); ok {
				rules.ScheduleExpression = &x
			}
			if x, ok := rb.str(p+spell(rb.in, "duration", "Duration"), "rotation_rules"); ok {
				rules.Duration = &x
			}
		}
		if !c {
			for _, r := range linked(ix, "aws_secretsmanager_secret_rotation", "secret_id", in, name, arn) {
				rb := newBuilder(r)
				rot = true
				lambda, _ = rb.str("rotation_lambda_arn", "rotation_lambda_arn")
				readRules(rb)
				b.merge(rb)
			}
			s.ResourcePolicy = b.policy("policy", "resource_policy", "")
			for _, p := range linked(ix, "aws_secretsmanager_secret_policy", "secret_arn", in, arn) {
				pb := newBuilder(p)
				s.ResourcePolicy = pb.policy("policy", "resource_policy", "")
				override(b, "resource_policy")
				b.merge(pb)
			}
		} else {
			for _, r := range linked(ix, "AWS::SecretsManager::RotationSchedule", "SecretId", in, name, arn) {
				rb := newBuilder(r)
				rot = true
				lambda, _ = rb.str("RotationLambdaARN", "rotation_lambda_arn")
				if _, ok := r.Get("RotationRules"); ok {
					readRules(rb)
				}
				b.merge(rb)
			}
			for _, p := range linked(ix, "AWS::SecretsManager::ResourcePolicy", "SecretId", in, name, arn) {
				pb := newBuilder(p)
				s.ResourcePolicy = pb.policy("ResourcePolicy", "resource_policy", "")
				b.merge(pb)
			}
		}
		s.RotationEnabled = &rot
		s.RotationRules = rules
		if lambda != "" {
			s.RotationLambdaARN = &lambda
		}
		out = append(out, b.resource(awsmodel.TypeSecretsManagerSecret, name, s))
	}
	return out
}

// --- Glacier -------------------------------------------------------------

func adaptGlacierVaults(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_glacier_vault", "AWS::Glacier::Vault") {
		b := newBuilder(in)
		name := labelOr(in, spell(in, "name", "VaultName"))
		v := awsmodel.GlacierVault{DescribeVaultOutput: glaciertypes.DescribeVaultOutput{VaultName: &name}}
		if arn := knownStr(in, "arn"); arn != "" {
			v.VaultARN = &arn
		}
		v.Policy = b.policy(spell(in, "access_policy", "AccessPolicy"), "policy", "")
		out = append(out, b.resource(awsmodel.TypeGlacierVault, name, v))
	}
	return out
}

// --- EventBridge -----------------------------------------------------------

func adaptEventBuses(ix *Index) []*model.Resource {
	var out []*model.Resource
	claimed := map[*cloudres.Instance]bool{}
	for _, in := range both(ix, "aws_cloudwatch_event_bus", "AWS::Events::EventBus") {
		b := newBuilder(in)
		c := cfn(in)
		name := labelOr(in, spell(in, "name", "Name"))
		bus := awsmodel.EventBus{Name: &name}
		if arn := knownStr(in, "arn"); arn != "" {
			bus.Arn = &arn
		}
		if d, ok := b.str(spell(in, "description", "Description"), "description"); ok {
			bus.Description = &d
		}
		if c {
			bus.Policy = b.policy("Policy", "policy", "")
			var stmts []cfnBusPolicy
			for _, p := range linked(ix, "AWS::Events::EventBusPolicy", "EventBusName", in, name) {
				claimed[p] = true
				stmts = append(stmts, cfnBusPolicy{p, newBuilder(p)})
			}
			if len(stmts) > 0 {
				bus.Policy = cfnBusPolicyDoc(b, stmts)
			}
		} else {
			for _, p := range linked(ix, "aws_cloudwatch_event_bus_policy", "event_bus_name", in, name) {
				claimed[p] = true
				pb := newBuilder(p)
				bus.Policy = pb.policy("policy", "policy", "")
				override(b, "policy")
				b.merge(pb)
			}
		}
		out = append(out, b.resource(awsmodel.TypeEventBus, name, bus))
	}
	// A policy on the account's default bus declares that bus's policy:
	// the default bus exists in every account and region.
	defaults := map[string][]*cloudres.Instance{}
	for _, t := range []string{"aws_cloudwatch_event_bus_policy", "AWS::Events::EventBusPolicy"} {
		for _, p := range ix.OfType(t) {
			attr := spell(p, "event_bus_name", "EventBusName")
			v, set := p.Get(attr)
			if claimed[p] || (set && v != "default") {
				continue
			}
			ix.claim(p, attr)
			defaults[scopeKey(p)] = append(defaults[scopeKey(p)], p)
		}
	}
	for _, scope := range sortedKeys(defaults) {
		ps := defaults[scope]
		b := newBuilder(ps[0])
		name := "default"
		bus := awsmodel.EventBus{Name: &name}
		if cfn(ps[0]) {
			var stmts []cfnBusPolicy
			for _, p := range ps {
				stmts = append(stmts, cfnBusPolicy{p, newBuilder(p)})
			}
			bus.Policy = cfnBusPolicyDoc(b, stmts)
		} else {
			bus.Policy = b.policy("policy", "policy", "")
		}
		out = append(out, b.resource(awsmodel.TypeEventBus, name, bus))
	}
	return out
}

type cfnBusPolicy struct {
	in *cloudres.Instance
	b  *builder
}

// cfnBusPolicyDoc joins the statements of AWS::Events::EventBusPolicy
// resources (each one statement: Statement, or the legacy Principal,
// Action and Condition) into the bus's policy.
func cfnBusPolicyDoc(b *builder, ps []cfnBusPolicy) *awsmodel.PolicyDocument {
	var stmts []any
	for _, p := range ps {
		v, ok := p.b.value("Statement", "policy")
		if ok {
			stmts = append(stmts, v)
		} else if _, set := p.in.Get("Statement"); !set {
			principal, pok := p.b.value("Principal", "policy")
			action, aok := p.b.value("Action", "policy")
			if pok && aok {
				st := map[string]any{"Effect": "Allow", "Action": action}
				if principal == "*" {
					st["Principal"] = "*"
				} else {
					st["Principal"] = map[string]any{"AWS": principal}
				}
				if cond, ok := p.b.value("Condition", "policy"); ok {
					cm, _ := cond.(map[string]any)
					key, _ := cm["Key"].(string)
					typ, _ := cm["Type"].(string)
					if typ == "StringEquals" && key != "" {
						st["Condition"] = map[string]any{"StringEquals": map[string]any{key: cm["Value"]}}
					}
				}
				if sid, ok := p.b.str("StatementId", ""); ok {
					st["Sid"] = sid
				}
				stmts = append(stmts, st)
			}
		}
		b.merge(p.b)
	}
	if len(stmts) == 0 {
		return nil
	}
	doc := map[string]any{"Version": "2012-10-17", "Statement": stmts}
	if hasUnknown(doc) {
		b.unknown("policy")
		return nil
	}
	parsed, err := awsmodel.ParsePolicy(mustJSON(doc), "")
	if err != nil {
		b.unknown("policy")
		return nil
	}
	return parsed
}

// --- EFS -----------------------------------------------------------------

func adaptEFS(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range both(ix, "aws_efs_file_system", "AWS::EFS::FileSystem") {
		b := newBuilder(in)
		c := cfn(in)
		tags := b.tags(spell(in, "tags", "FileSystemTags"))
		name := tags["Name"]
		if name == "" {
			name = in.Name
		}
		// The file system ID is assigned at creation.
		id := knownStr(in, "id")
		if id == "" {
			id = setAtApply
		}
		fs := efstypes.FileSystemDescription{FileSystemId: &id, PerformanceMode: efstypes.PerformanceModeGeneralPurpose,
			ThroughputMode: efstypes.ThroughputModeBursting}
		if n := tags["Name"]; n != "" {
			fs.Name = &n
		}
		if t := knownStr(in, "creation_token"); t != "" {
			fs.CreationToken = &t
		}
		// encrypted / Encrypted default to false in both sources.
		encPath := spell(in, "encrypted", "Encrypted")
		enc := false
		if v, ok := b.boolean(encPath, "encrypted"); ok {
			enc = v
		}
		if v, set := in.Get(encPath); !set || !hasUnknown(v) {
			fs.Encrypted = &enc
		}
		if k, ok := presentStr(b, spell(in, "kms_key_id", "KmsKeyId"), "kms_key_id"); ok {
			fs.KmsKeyId = &k
		}
		if s, ok := b.str(spell(in, "performance_mode", "PerformanceMode"), "performance_mode"); ok {
			fs.PerformanceMode = efstypes.PerformanceMode(s)
		}
		if s, ok := b.str(spell(in, "throughput_mode", "ThroughputMode"), "throughput_mode"); ok {
			fs.ThroughputMode = efstypes.ThroughputMode(s)
		}
		r := b.resource(awsmodel.TypeEFSFileSystem, name, awsmodel.EFSFileSystem{FileSystemDescription: fs})
		if c {
			r.Labels = tags // CloudFormation names them FileSystemTags
		}
		out = append(out, r)
	}
	return out
}
