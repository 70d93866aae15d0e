package awsinv

// aws.elasticache.cache_cluster: ElastiCache cache clusters (Memcached
// clusters, standalone Redis OSS and Valkey nodes, members of
// replication groups), read with elasticache:DescribeCacheClusters, 100
// to a page: about 0.01 calls per cluster, no per-cluster call.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// elastiCachePage is the most records an ElastiCache describe call
// returns.
const elastiCachePage = 100

func collectElastiCacheClusters(ctx context.Context, s *Session) error {
	p := elasticache.NewDescribeCacheClustersPaginator(elasticache.NewFromConfig(s.Config),
		&elasticache.DescribeCacheClustersInput{MaxRecords: aws.Int32(elastiCachePage)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, c := range page.CacheClusters {
			s.Emit(s.New(awsmodel.TypeElastiCacheCacheCluster, aws.ToString(c.ARN), aws.ToString(c.CacheClusterId), nil, nil,
				awsmodel.ElastiCacheCacheCluster{CacheCluster: c}))
		}
	}
	return nil
}
