resource "aws_elasticache_cluster" "rate_limits" {
  cluster_id      = "rate-limits"
  engine          = "redis"
  node_type       = "cache.t3.small"
  num_cache_nodes = 1
}
