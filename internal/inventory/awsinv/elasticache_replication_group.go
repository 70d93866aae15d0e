package awsinv

// aws.elasticache.replication_group: ElastiCache (Redis OSS, Valkey)
// replication groups, read with elasticache:DescribeReplicationGroups,
// 100 to a page. A group's engine version is its member clusters'; it
// decides whether only an AUTH token can require authentication, so it
// is read, with elasticache:DescribeCacheClusters (100 to a page), only
// when some group requires none: at most about 0.02 calls per group.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectElastiCacheReplicationGroups(ctx context.Context, s *Session) error {
	c := elasticache.NewFromConfig(s.Config)
	var groups []ectypes.ReplicationGroup
	p := elasticache.NewDescribeReplicationGroupsPaginator(c, &elasticache.DescribeReplicationGroupsInput{MaxRecords: aws.Int32(elastiCachePage)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		groups = append(groups, page.ReplicationGroups...)
	}
	var unread []string
	versions := map[string]string{} // member cluster ID -> engine version
	if needVersions(groups) {
		vp := elasticache.NewDescribeCacheClustersPaginator(c, &elasticache.DescribeCacheClustersInput{MaxRecords: aws.Int32(elastiCachePage)})
		for vp.HasMorePages() && ctx.Err() == nil {
			page, err := vp.NextPage(ctx)
			if !svcCall(s, &unread, "elasticache:DescribeCacheClusters", "engine versions of the replication groups", err,
				[]string{"engine_version", "before_rbac"}) {
				break
			}
			for _, cc := range page.CacheClusters {
				if cc.CacheClusterId != nil && cc.EngineVersion != nil {
					versions[*cc.CacheClusterId] = *cc.EngineVersion
				}
			}
		}
	}
	for _, g := range groups {
		rg := awsmodel.ElastiCacheReplicationGroup{ReplicationGroup: g}
		for _, m := range g.MemberClusters {
			if v, ok := versions[m]; ok {
				rg.EngineVersion = aws.String(v)
				break
			}
		}
		s.Emit(s.New(awsmodel.TypeElastiCacheReplicationGroup, aws.ToString(g.ARN), aws.ToString(g.ReplicationGroupId), nil,
			append([]string(nil), unread...), rg))
	}
	return ctx.Err()
}

// needVersions: some group requires no authentication, so whether its
// engine predates RBAC matters.
func needVersions(groups []ectypes.ReplicationGroup) bool {
	for _, g := range groups {
		if !(g.AuthTokenEnabled != nil && *g.AuthTokenEnabled) && len(g.UserGroupIds) == 0 {
			return true
		}
	}
	return false
}
