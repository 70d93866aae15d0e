package awsinv

// aws.secretsmanager.secret: Secrets Manager secrets, read with
// secretsmanager:ListSecrets and secretsmanager:GetResourcePolicy.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

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
	servicesEach(ctx, list, 8, func(e smtypes.SecretListEntry) {
		sec := awsmodel.SecretsManagerSecret{SecretListEntry: e}
		name := aws.ToString(e.Name)
		var unread []string
		out, err := c.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: e.ARN})
		if svcCall(s, &unread, "secretsmanager:GetResourcePolicy", "secret "+name, err, []string{"resource_policy"}) {
			sec.ResourcePolicy = svcPolicy(s, &unread, "secretsmanager:GetResourcePolicy", "secret "+name, "resource_policy", out.ResourcePolicy)
		}
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
