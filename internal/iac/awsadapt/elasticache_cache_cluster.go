package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// elasticacheCacheCluster reads a cache cluster. Omitted settings take
// the documented defaults of aws_elasticache_cluster and
// AWS::ElastiCache::CacheCluster: snapshot retention 0, minor upgrades
// on, and the subnet group named "default". A member of a replication
// group (replication_group_id) takes its engine and subnet group from
// the group: omitted, they are the group's, not the defaults.
func elasticacheCacheCluster(_ *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "cluster_id", "ClusterName"))
	c := ectypes.CacheCluster{CacheClusterId: aws.String(name)}
	if arn := knownStr(in, "arn"); arn != "" {
		c.ARN = &arn
	}
	b.setStr(&c.Engine, spell(in, "engine", "Engine"), "engine")
	b.setStr(&c.EngineVersion, spell(in, "engine_version", "EngineVersion"), "engine_version")
	b.setStr(&c.CacheNodeType, spell(in, "node_type", "CacheNodeType"), "")
	if !cfn(in) {
		if s, ok := b.strOrRef("replication_group_id", "replication_group_id"); ok {
			c.ReplicationGroupId = &s
		}
	}
	c.AutoMinorVersionUpgrade = rdsBool(b, spell(in, "auto_minor_version_upgrade", "AutoMinorVersionUpgrade"), "auto_minor_version_upgrade", true)
	c.SnapshotRetentionLimit = intOr(b, spell(in, "snapshot_retention_limit", "SnapshotRetentionLimit"), "snapshot_retention_limit", 0)
	c.TransitEncryptionEnabled = rdsBool(b, spell(in, "transit_encryption_enabled", "TransitEncryptionEnabled"), "transit_encryption_enabled", false)
	subnet := spell(in, "subnet_group_name", "CacheSubnetGroupName")
	if s, ok := b.strOrRef(subnet, "default_subnet_group"); ok {
		c.CacheSubnetGroupName = &s
	} else if v, set := in.Get(subnet); (!set || v == nil) && c.ReplicationGroupId == nil {
		c.CacheSubnetGroupName = aws.String("default")
	}
	return name, awsmodel.ElastiCacheCacheCluster{CacheCluster: c}
}
