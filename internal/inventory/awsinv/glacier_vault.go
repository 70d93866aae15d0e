package awsinv

// aws.glacier.vault: Glacier vaults, read with glacier:ListVaults and
// glacier:GetVaultAccessPolicy.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glacier"
	glaciertypes "github.com/aws/aws-sdk-go-v2/service/glacier/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

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
