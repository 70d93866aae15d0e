package awsadapt

import (
	glaciertypes "github.com/aws/aws-sdk-go-v2/service/glacier/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// glacierVaultAdapter reads Glacier vaults and their access policies.
func glacierVaultAdapter() adapter {
	return adapter{Target: awsmodel.TypeGlacierVault, Adapt: adaptGlacierVaults,
		Consumes: []string{"aws_glacier_vault", "AWS::Glacier::Vault"}}
}

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
