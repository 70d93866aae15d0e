# Minor upgrades are on unless turned off.
resource "aws_elasticache_cluster" "catalog" {
  cluster_id      = "catalog"
  engine          = "memcached"
  node_type       = "cache.t3.small"
  num_cache_nodes = 2
}
