package awsinv

// aws.ecr.repository: ECR private repositories, read with
// ecr:DescribeRepositories, ecr:GetRepositoryPolicy and, once per
// region, ecr:GetRegistryScanningConfiguration.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectECRRepositories lists the region's repositories, reads the
// registry scanning configuration that may scan them regardless of
// their own setting, and each repository's policy.
func collectECRRepositories(ctx context.Context, s *Session) error {
	c := ecr.NewFromConfig(s.Config)
	var repos []ecrtypes.Repository
	p := ecr.NewDescribeRepositoriesPaginator(c, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		repos = append(repos, page.Repositories...)
	}
	if len(repos) == 0 {
		return nil
	}
	var regUnread []string
	var scanning *ecrtypes.RegistryScanningConfiguration
	out, err := c.GetRegistryScanningConfiguration(ctx, &ecr.GetRegistryScanningConfigurationInput{})
	if svcCall(s, &regUnread, "ecr:GetRegistryScanningConfiguration", "registry scanning configuration", err,
		[]string{"registry_scan_type", "registry_scan_frequency", "scans_on_push"}) {
		scanning = out.ScanningConfiguration
	}
	servicesEach(ctx, repos, 8, func(r ecrtypes.Repository) {
		repo := awsmodel.ECRRepository{Repository: r}
		name := aws.ToString(r.RepositoryName)
		unread := append([]string(nil), regUnread...)
		if scanning != nil {
			repo.RegistryScanType = string(scanning.ScanType)
			repo.RegistryScanFrequency = awsmodel.RegistryScanRule(scanning.Rules, name)
		}
		pol, err := c.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RegistryId: r.RegistryId, RepositoryName: r.RepositoryName})
		if svcCall(s, &unread, "ecr:GetRepositoryPolicy", "repository "+name, err, []string{"policy"}) {
			repo.Policy = svcPolicy(s, &unread, "ecr:GetRepositoryPolicy", "repository "+name, "policy", pol.PolicyText)
		}
		s.Emit(s.New(awsmodel.TypeECRRepository, aws.ToString(r.RepositoryArn), name, nil, unread, repo))
	})
	return ctx.Err()
}
