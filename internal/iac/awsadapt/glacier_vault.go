package awsadapt

import (
	glaciertypes "github.com/aws/aws-sdk-go-v2/service/glacier/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// glacierVault reads a Glacier vault with its access policy.
func glacierVault(_ *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "VaultName"))
	v := awsmodel.GlacierVault{DescribeVaultOutput: glaciertypes.DescribeVaultOutput{VaultName: &name}}
	if arn := knownStr(in, "arn"); arn != "" {
		v.VaultARN = &arn
	}
	v.Policy = b.policy(spell(in, "access_policy", "AccessPolicy"), "policy")
	return name, v
}
