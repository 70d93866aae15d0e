package awsinv

// aws.ecs.cluster: ECS clusters, read with ecs:ListClusters and
// ecs:DescribeClusters (settings and configuration), a hundred clusters
// a call: about 0.02 calls per cluster.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// describeClustersBatch is the most clusters DescribeClusters accepts.
const describeClustersBatch = 100

// ecsClusterARNs lists the region's cluster ARNs once per scan: the
// cluster and service collectors both need them.
func ecsClusterARNs(ctx context.Context, s *Session, c *ecs.Client) ([]string, error) {
	v, err := s.Shared("ecs/clusters/"+s.Region, func() (any, error) {
		var arns []string
		p := ecs.NewListClustersPaginator(c, &ecs.ListClustersInput{MaxResults: aws.Int32(100)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			arns = append(arns, page.ClusterArns...)
		}
		return arns, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]string), nil
}

// collectECSClusters describes the region's clusters a hundred at a
// time.
func collectECSClusters(ctx context.Context, s *Session) error {
	c := ecs.NewFromConfig(s.Config)
	arns, err := ecsClusterARNs(ctx, s, c)
	if err != nil {
		return err
	}
	for len(arns) > 0 && ctx.Err() == nil {
		batch := arns[:min(describeClustersBatch, len(arns))]
		arns = arns[len(batch):]
		out, err := c.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: batch,
			Include: []ecstypes.ClusterField{ecstypes.ClusterFieldSettings, ecstypes.ClusterFieldConfigurations}})
		if err != nil {
			return err
		}
		for _, cl := range out.Clusters {
			if aws.ToString(cl.Status) == "INACTIVE" { // deleted
				continue
			}
			shape := awsmodel.ECSCluster{
				ClusterArn: cl.ClusterArn, ClusterName: cl.ClusterName, Status: cl.Status, CapacityProviders: cl.CapacityProviders,
				DefaultCapacityProviderStrategy: cl.DefaultCapacityProviderStrategy, Configuration: cl.Configuration,
				ServiceConnectDefaults: cl.ServiceConnectDefaults, Settings: cl.Settings,
				ActiveServicesCount: cl.ActiveServicesCount, RegisteredContainerInstancesCount: cl.RegisteredContainerInstancesCount,
			}
			s.Emit(s.New(awsmodel.TypeECSCluster, aws.ToString(cl.ClusterArn), aws.ToString(cl.ClusterName), nil, nil, shape))
		}
	}
	return ctx.Err()
}
