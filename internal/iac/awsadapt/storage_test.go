package awsadapt

import (
	"slices"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

const publicDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`

func TestTerraformStorage(t *testing.T) {
	ref := func(addr, attr string) cloudres.Ref { return cloudres.Ref{Address: addr, Attr: attr} }
	insts := []cloudres.Instance{
		tf("aws_sqs_queue", "aws_sqs_queue.default", 1, map[string]any{"name": "default-sse"}),
		tf("aws_sqs_queue", "aws_sqs_queue.plain", 3, map[string]any{"name": "plain", "sqs_managed_sse_enabled": false}),
		tf("aws_sqs_queue", "aws_sqs_queue.kms", 5, map[string]any{"name": "kms", "kms_master_key_id": ref("aws_kms_key.q", "arn"), "sqs_managed_sse_enabled": false}),
		tf("aws_sqs_queue_policy", "aws_sqs_queue_policy.plain", 7, map[string]any{"queue_url": ref("aws_sqs_queue.plain", "url"), "policy": publicDoc}),
		tf("aws_secretsmanager_secret", "aws_secretsmanager_secret.db", 10, map[string]any{"name": "db"}),
		tf("aws_secretsmanager_secret_rotation", "aws_secretsmanager_secret_rotation.db", 12, map[string]any{"secret_id": ref("aws_secretsmanager_secret.db", "id"),
			"rotation_lambda_arn": "arn:aws:lambda:::function:rot", "rotation_rules": []any{map[string]any{"automatically_after_days": int64(180)}}}),
		tf("aws_secretsmanager_secret_policy", "aws_secretsmanager_secret_policy.db", 14, map[string]any{"secret_arn": ref("aws_secretsmanager_secret.db", "arn"), "policy": publicDoc}),
		tf("aws_secretsmanager_secret", "aws_secretsmanager_secret.api", 16, map[string]any{"name": "api"}),
		tf("aws_secretsmanager_secret", "aws_secretsmanager_secret.ok", 17, map[string]any{"name": "ok"}),
		tf("aws_secretsmanager_secret_rotation", "aws_secretsmanager_secret_rotation.ok", 18, map[string]any{"secret_id": ref("aws_secretsmanager_secret.ok", "id"),
			"rotation_rules": []any{map[string]any{"automatically_after_days": int64(30)}}}),
		tf("aws_glacier_vault", "aws_glacier_vault.v", 20, map[string]any{"name": "archive", "access_policy": publicDoc}),
		tf("aws_glacier_vault", "aws_glacier_vault.later", 22, map[string]any{"name": "later", "access_policy": cloudres.Unknown{}}),
		tf("aws_cloudwatch_event_bus", "aws_cloudwatch_event_bus.b", 30, map[string]any{"name": "orders"}),
		tf("aws_cloudwatch_event_bus_policy", "aws_cloudwatch_event_bus_policy.b", 32, map[string]any{"event_bus_name": ref("aws_cloudwatch_event_bus.b", "name"), "policy": publicDoc}),
		tf("aws_cloudwatch_event_bus_policy", "aws_cloudwatch_event_bus_policy.default", 34, map[string]any{"policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"events:PutEvents","Resource":"*"}]}`}),
		tf("aws_efs_file_system", "aws_efs_file_system.plain", 40, map[string]any{"tags": map[string]any{"Name": "shared"}}),
		tf("aws_efs_file_system", "aws_efs_file_system.enc", 42, map[string]any{"encrypted": true, "kms_key_id": ref("aws_kms_key.q", "arn")}),
	}
	res, got := evaluate(t, insts)
	if q := find(t, res, "default-sse").Attributes; q["encrypted"] != true || q["sqs_managed_sse_enabled"] != true {
		t.Errorf("SSE-SQS by default: %v", q)
	}
	if !fired(got, "aws-sqs-encryption", "plain") || fired(got, "aws-sqs-encryption", "default-sse") || fired(got, "aws-sqs-encryption", "kms") {
		t.Errorf("sqs encryption: %v", got["aws-sqs-encryption"])
	}
	if !fired(got, "aws-sqs-public-policy", "plain") || find(t, res, "plain").Source.Lines["policy"] != 7 {
		t.Errorf("queue policy from aws_sqs_queue_policy: %v %v", got["aws-sqs-public-policy"], find(t, res, "plain").Source.Lines)
	}
	if !fired(got, "aws-secretsmanager-rotation", "db") || !fired(got, "aws-secretsmanager-rotation", "api") || fired(got, "aws-secretsmanager-rotation", "ok") {
		t.Errorf("rotation (every 180 days / none / every 30): %v", got["aws-secretsmanager-rotation"])
	}
	if !fired(got, "aws-secretsmanager-public-policy", "db") {
		t.Errorf("secret policy: %v", got)
	}
	if !fired(got, "aws-glacier-public-policy", "archive") || fired(got, "aws-glacier-public-policy", "later") || !slices.Contains(unreadOf(t, res, "later"), any("policy")) {
		t.Errorf("vaults: %v", got["aws-glacier-public-policy"])
	}
	if !fired(got, "aws-events-public-policy", "orders") || fired(got, "aws-events-public-policy", "default") {
		t.Errorf("buses: %v", got["aws-events-public-policy"])
	}
	if d := find(t, res, "default").Attributes["policy"]; d == nil {
		t.Error("a policy on the default bus declares that bus")
	}
	if !fired(got, "aws-efs-encrypted", "shared") || fired(got, "aws-efs-encrypted", "aws_efs_file_system.enc") {
		t.Errorf("efs (default unencrypted): %v", got["aws-efs-encrypted"])
	}
}

func TestCloudFormationStorage(t *testing.T) {
	insts := []cloudres.Instance{
		cfnI("AWS::SQS::Queue", "Queue", 1, map[string]any{"QueueName": "jobs", "SqsManagedSseEnabled": "false"}),
		cfnI("AWS::SQS::QueuePolicy", "QueuePolicy", 5, map[string]any{"Queues": []any{cloudres.Ref{Address: "Queue"}},
			"PolicyDocument": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}}}}),
		cfnI("AWS::SQS::Queue", "Quiet", 8, map[string]any{}),
		cfnI("AWS::SecretsManager::Secret", "Secret", 10, map[string]any{"Name": "token"}),
		cfnI("AWS::SecretsManager::RotationSchedule", "Rotation", 12, map[string]any{"SecretId": cloudres.Ref{Address: "Secret"},
			"RotationRules": map[string]any{"AutomaticallyAfterDays": "30"}}),
		cfnI("AWS::SecretsManager::ResourcePolicy", "SecretPolicy", 14, map[string]any{"SecretId": cloudres.Ref{Address: "Secret"},
			"ResourcePolicy": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "*"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}}}}),
		cfnI("AWS::SecretsManager::Secret", "Bare", 16, map[string]any{}),
		cfnI("AWS::Glacier::Vault", "Vault", 20, map[string]any{"VaultName": "cold", "AccessPolicy": map[string]any{"Statement": []any{
			map[string]any{"Effect": "Allow", "Principal": "*", "Action": "glacier:InitiateJob", "Resource": "*"}}}}),
		cfnI("AWS::Events::EventBus", "Bus", 30, map[string]any{"Name": "partners"}),
		cfnI("AWS::Events::EventBusPolicy", "BusPolicy", 32, map[string]any{"EventBusName": cloudres.Ref{Address: "Bus"}, "StatementId": "all",
			"Action": "events:PutEvents", "Principal": "*"}),
		cfnI("AWS::Events::EventBusPolicy", "DefaultPolicy", 34, map[string]any{"StatementId": "org", "Statement": map[string]any{
			"Effect": "Allow", "Principal": "*", "Action": "events:PutEvents", "Resource": "*",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": "o-123"}}}}),
		cfnI("AWS::EFS::FileSystem", "Fs", 40, map[string]any{"FileSystemTags": []any{map[string]any{"Key": "Name", "Value": "home"}}}),
		cfnI("AWS::EFS::FileSystem", "EncFs", 42, map[string]any{"Encrypted": true}),
	}
	res, got := evaluate(t, insts)
	if !fired(got, "aws-sqs-encryption", "jobs") || !fired(got, "aws-sqs-public-policy", "jobs") || fired(got, "aws-sqs-encryption", "Quiet") {
		t.Errorf("queues: %v", got)
	}
	if !fired(got, "aws-secretsmanager-public-policy", "token") || fired(got, "aws-secretsmanager-rotation", "token") || !fired(got, "aws-secretsmanager-rotation", "Bare") {
		t.Errorf("secrets: %v %v", got["aws-secretsmanager-public-policy"], got["aws-secretsmanager-rotation"])
	}
	if !fired(got, "aws-glacier-public-policy", "cold") {
		t.Errorf("vault: %v", got)
	}
	if !fired(got, "aws-events-public-policy", "partners") || fired(got, "aws-events-public-policy", "default") {
		t.Errorf("buses (legacy Principal *; org-scoped Statement): %v", got["aws-events-public-policy"])
	}
	fs := find(t, res, "home")
	if fs.Labels["Name"] != "home" || !fired(got, "aws-efs-encrypted", "home") || fired(got, "aws-efs-encrypted", "EncFs") {
		t.Errorf("efs: %v %v", fs.Labels, got["aws-efs-encrypted"])
	}
}
