resource "aws_elasticache_subnet_group" "private" {
  name       = "cache-private"
  subnet_ids = ["subnet-0a1b2c3d", "subnet-1a1b2c3d"]
}

resource "aws_elasticache_cluster" "catalog" {
  cluster_id        = "catalog"
  engine            = "memcached"
  node_type         = "cache.t3.small"
  num_cache_nodes   = 2
  subnet_group_name = aws_elasticache_subnet_group.private.name
}

# A member of a replication group is placed by the group's subnet group.
resource "aws_elasticache_cluster" "replica" {
  cluster_id           = "sessions-003"
  replication_group_id = "sessions"
}
