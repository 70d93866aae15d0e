package awsmodel

import (
	"strconv"
	"strings"

	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// Type names of ElastiCache.
const (
	TypeElastiCacheReplicationGroup = "aws.elasticache.replication_group"
	TypeElastiCacheCacheCluster     = "aws.elasticache.cache_cluster"
)

// ElastiCacheReplicationGroup is aws.elasticache.replication_group: a
// Redis OSS or Valkey replication group as DescribeReplicationGroups
// returns it, with the engine version of its member clusters (the
// group's own answer does not carry it).
type ElastiCacheReplicationGroup struct {
	ectypes.ReplicationGroup
	// EngineVersion is the version its member clusters run (absent when
	// it was not read or the group has no member).
	EngineVersion *string
	// AutomaticFailoverEnabled: a replica is promoted when the primary
	// fails (status enabled or enabling).
	AutomaticFailoverEnabled bool
	// AuthEnabled: clients must authenticate, with the AUTH token or
	// through RBAC user groups.
	AuthEnabled bool
	// BeforeRBAC: the engine is Redis OSS below 6.0, which has no
	// role-based access control, so only an AUTH token can require
	// clients to authenticate. False when the version is not known.
	BeforeRBAC bool `attr:"before_rbac"`
}

// Derive computes the derived fields.
func (g *ElastiCacheReplicationGroup) Derive() {
	g.AutomaticFailoverEnabled = g.AutomaticFailover == ectypes.AutomaticFailoverStatusEnabled ||
		g.AutomaticFailover == ectypes.AutomaticFailoverStatusEnabling
	g.AuthEnabled = (g.AuthTokenEnabled != nil && *g.AuthTokenEnabled) || len(g.UserGroupIds) > 0
	g.BeforeRBAC = engineIsRedis(g.Engine) && majorBelow(g.EngineVersion, 6)
}

// ElastiCacheCacheCluster is aws.elasticache.cache_cluster: a cache
// cluster (a Memcached cluster, a standalone Redis OSS or Valkey node,
// or a member of a replication group) as DescribeCacheClusters returns
// it.
type ElastiCacheCacheCluster struct {
	ectypes.CacheCluster
	// DefaultSubnetGroup: the cluster is placed by the subnet group named
	// "default", which spans the default VPC's subnets.
	DefaultSubnetGroup bool
	// BackupCapable: the engine keeps snapshots (Redis OSS or Valkey)
	// and the cluster is not a member of a replication group, whose own
	// retention decides.
	BackupCapable bool
}

// Derive computes the derived fields.
func (c *ElastiCacheCacheCluster) Derive() {
	c.DefaultSubnetGroup = c.CacheSubnetGroupName != nil && *c.CacheSubnetGroupName == "default"
	c.BackupCapable = engineIsRedis(c.Engine) && (c.ReplicationGroupId == nil || *c.ReplicationGroupId == "")
}

// engineIsRedis: the engine is Redis OSS or Valkey (the engines with
// snapshots, replication and AUTH), not Memcached. A replication group
// whose engine is unset is Redis OSS (the API's default).
func engineIsRedis(engine *string) bool {
	if engine == nil || *engine == "" {
		return true
	}
	e := strings.ToLower(*engine)
	return e == "redis" || e == "valkey"
}

// majorBelow reports whether version's major number is known and below
// major ("5.0.6" and "4.0.10" are below 6; "6.x", "7.1" are not).
func majorBelow(version *string, major int) bool {
	if version == nil {
		return false
	}
	head, _, _ := strings.Cut(*version, ".")
	n, err := strconv.Atoi(head)
	return err == nil && n < major
}
