resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id     = "sessions"
  description              = "web sessions"
  node_type                = "cache.t3.medium"
  num_cache_clusters       = 2
  snapshot_retention_limit = 7
}

# A member takes its group's retention; Memcached keeps no snapshots.
resource "aws_elasticache_cluster" "replica" {
  cluster_id           = "sessions-003"
  replication_group_id = aws_elasticache_replication_group.sessions.id
}

resource "aws_elasticache_cluster" "catalog" {
  cluster_id      = "catalog"
  engine          = "memcached"
  node_type       = "cache.t3.small"
  num_cache_nodes = 2
}
