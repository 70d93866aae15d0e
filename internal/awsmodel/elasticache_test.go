package awsmodel

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

func TestElastiCacheReplicationGroupDerive(t *testing.T) {
	for _, c := range []struct {
		name                   string
		g                      ElastiCacheReplicationGroup
		failover, auth, legacy bool
	}{
		{"nothing set", ElastiCacheReplicationGroup{}, false, false, false},
		{"failover enabling", ElastiCacheReplicationGroup{ReplicationGroup: ectypes.ReplicationGroup{AutomaticFailover: ectypes.AutomaticFailoverStatusEnabling}}, true, false, false},
		{"failover disabling", ElastiCacheReplicationGroup{ReplicationGroup: ectypes.ReplicationGroup{AutomaticFailover: ectypes.AutomaticFailoverStatusDisabling}}, false, false, false},
		{"auth token", ElastiCacheReplicationGroup{ReplicationGroup: ectypes.ReplicationGroup{AuthTokenEnabled: aws.Bool(true)}}, false, true, false},
		{"RBAC user group", ElastiCacheReplicationGroup{ReplicationGroup: ectypes.ReplicationGroup{UserGroupIds: []string{"app"}}}, false, true, false},
		{"redis 5", ElastiCacheReplicationGroup{ReplicationGroup: ectypes.ReplicationGroup{Engine: aws.String("redis")}, EngineVersion: aws.String("5.0.6")}, false, false, true},
		{"redis 6.x", ElastiCacheReplicationGroup{ReplicationGroup: ectypes.ReplicationGroup{Engine: aws.String("redis")}, EngineVersion: aws.String("6.x")}, false, false, false},
		{"valkey 7", ElastiCacheReplicationGroup{ReplicationGroup: ectypes.ReplicationGroup{Engine: aws.String("valkey")}, EngineVersion: aws.String("7.2")}, false, false, false},
		{"version unparsable", ElastiCacheReplicationGroup{EngineVersion: aws.String("latest")}, false, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.g.Derive()
			if got := [3]bool{c.g.AutomaticFailoverEnabled, c.g.AuthEnabled, c.g.BeforeRBAC}; got != [3]bool{c.failover, c.auth, c.legacy} {
				t.Errorf("automatic_failover_enabled, auth_enabled, before_rbac = %v, want %v", got, [3]bool{c.failover, c.auth, c.legacy})
			}
		})
	}
}

func TestElastiCacheCacheClusterDerive(t *testing.T) {
	for _, c := range []struct {
		name            string
		c               ElastiCacheCacheCluster
		defSubnet, back bool
	}{
		{"nothing set", ElastiCacheCacheCluster{}, false, true},
		{"default subnet group", ElastiCacheCacheCluster{CacheCluster: ectypes.CacheCluster{CacheSubnetGroupName: aws.String("default"), Engine: aws.String("redis")}}, true, true},
		{"own subnet group", ElastiCacheCacheCluster{CacheCluster: ectypes.CacheCluster{CacheSubnetGroupName: aws.String("cache-private")}}, false, true},
		{"memcached", ElastiCacheCacheCluster{CacheCluster: ectypes.CacheCluster{Engine: aws.String("memcached")}}, false, false},
		{"member of a group", ElastiCacheCacheCluster{CacheCluster: ectypes.CacheCluster{Engine: aws.String("redis"), ReplicationGroupId: aws.String("g")}}, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.c.Derive()
			if got := [2]bool{c.c.DefaultSubnetGroup, c.c.BackupCapable}; got != [2]bool{c.defSubnet, c.back} {
				t.Errorf("default_subnet_group, backup_capable = %v, want %v", got, [2]bool{c.defSubnet, c.back})
			}
		})
	}
}
