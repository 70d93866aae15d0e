package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// cognitoIdentityPool reads an identity pool's guest access:
// unauthenticated identities and the classic flow are off unless
// declared (the provider's defaults; CloudFormation requires
// AllowUnauthenticatedIdentities).
func cognitoIdentityPool(_ *Index, b *builder) (string, any) {
	in := b.in
	b.tagsAt = spell(in, "tags", "IdentityPoolTags")
	name := labelOr(in, spell(in, "identity_pool_name", "IdentityPoolName"))
	p := awsmodel.CognitoIdentityPool{IdentityPoolName: aws.String(name), IdentityPoolId: aws.String(b.idOr())}
	if v, ok := b.boolean(spell(in, "allow_unauthenticated_identities", "AllowUnauthenticatedIdentities"), "allow_unauthenticated_identities"); ok {
		p.AllowUnauthenticatedIdentities = v
	}
	if v, ok := b.boolean(spell(in, "allow_classic_flow", "AllowClassicFlow"), "allow_classic_flow"); ok {
		p.AllowClassicFlow = aws.Bool(v)
	}
	return name, p
}
