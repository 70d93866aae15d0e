package awsadapt

import (
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// secretsManagerSecret reads a secret with its rotation and resource
// policy; before deployment it has no dates, so its ages are absent.
func secretsManagerSecret(ix *Index, b *builder) (string, any) {
	in := b.in
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
		s.ResourcePolicy = b.policy("policy", "resource_policy")
		for _, p := range linked(ix, "aws_secretsmanager_secret_policy", "secret_arn", in, arn) {
			s.ResourcePolicy = b.policyOf(p, "policy", "resource_policy", true)
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
			s.ResourcePolicy = b.policyOf(p, "ResourcePolicy", "resource_policy", false)
		}
	}
	s.RotationEnabled = &rot
	s.RotationRules = rules
	if lambda != "" {
		s.RotationLambdaARN = &lambda
	}
	return name, s
}
