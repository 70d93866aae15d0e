package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// elasticacheReplicationGroup reads a Redis OSS or Valkey replication
// group. Omitted settings take the defaults the provider
// (aws_elasticache_replication_group) and AWS::ElastiCache::ReplicationGroup
// document: engine redis, no automatic failover, Multi-AZ or in-transit
// encryption, snapshot retention 0, minor upgrades on; encryption at
// rest off for Redis OSS and, in Terraform, on for Valkey. An AUTH token
// set from a variable or another resource is still a token. An omitted
// engine version is the latest, which has RBAC.
func elasticacheReplicationGroup(_ *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "replication_group_id", "ReplicationGroupId"))
	g := ectypes.ReplicationGroup{ReplicationGroupId: aws.String(name), Engine: aws.String("redis")}
	b.setStr(&g.Engine, spell(in, "engine", "Engine"), "engine")
	b.setStr(&g.Description, spell(in, "description", "ReplicationGroupDescription"), "")
	b.setStr(&g.CacheNodeType, spell(in, "node_type", "CacheNodeType"), "")
	if arn := knownStr(in, "arn"); arn != "" {
		g.ARN = &arn
	}
	valkey := strings.EqualFold(aws.ToString(g.Engine), "valkey")

	g.AutomaticFailover = ectypes.AutomaticFailoverStatusDisabled
	if v := rdsBool(b, spell(in, "automatic_failover_enabled", "AutomaticFailoverEnabled"), "automatic_failover_enabled", false); v == nil {
		g.AutomaticFailover = ""
	} else if *v {
		g.AutomaticFailover = ectypes.AutomaticFailoverStatusEnabled
	}
	g.MultiAZ = ectypes.MultiAZStatusDisabled
	if v := rdsBool(b, spell(in, "multi_az_enabled", "MultiAZEnabled"), "multi_az", false); v == nil {
		g.MultiAZ = ""
	} else if *v {
		g.MultiAZ = ectypes.MultiAZStatusEnabled
	}
	g.AtRestEncryptionEnabled = rdsBool(b, spell(in, "at_rest_encryption_enabled", "AtRestEncryptionEnabled"), "at_rest_encryption_enabled", valkey && !cfn(in))
	g.TransitEncryptionEnabled = rdsBool(b, spell(in, "transit_encryption_enabled", "TransitEncryptionEnabled"), "transit_encryption_enabled", false)
	if s, ok := b.str(spell(in, "transit_encryption_mode", "TransitEncryptionMode"), "transit_encryption_mode"); ok {
		g.TransitEncryptionMode = ectypes.TransitEncryptionMode(s)
	}
	g.AutoMinorVersionUpgrade = rdsBool(b, spell(in, "auto_minor_version_upgrade", "AutoMinorVersionUpgrade"), "auto_minor_version_upgrade", true)
	g.SnapshotRetentionLimit = intOr(b, spell(in, "snapshot_retention_limit", "SnapshotRetentionLimit"), "snapshot_retention_limit", 0)
	if k, ok := presentStr(b, spell(in, "kms_key_id", "KmsKeyId"), "kms_key_id"); ok {
		g.KmsKeyId = &k
	}
	_, token := presentStr(b, spell(in, "auth_token", "AuthToken"), "auth_token_enabled")
	g.AuthTokenEnabled = aws.Bool(token)
	g.UserGroupIds = b.strList(spell(in, "user_group_ids", "UserGroupIds"), "auth_enabled", true)

	rg := awsmodel.ElastiCacheReplicationGroup{ReplicationGroup: g}
	verPath := spell(in, "engine_version", "EngineVersion")
	if s, ok := b.str(verPath, "engine_version"); ok {
		rg.EngineVersion = &s
	} else if v, set := in.Get(verPath); set && v != nil {
		b.unknown("before_rbac")
	}
	return name, rg
}

// intOr reads a whole number, applying def when the source omits it;
// nil (and attr unread) when it is unknown.
func intOr(b *builder, path, attr string, def int32) *int32 {
	if v, ok := b.integer(path, attr); ok {
		return aws.Int32(int32(v))
	}
	if v, set := b.in.Get(path); set && v != nil {
		b.unknown(attr)
		return nil
	}
	return aws.Int32(def)
}
