variable "sessions_token" {
  type      = string
  sensitive = true
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "web sessions"
  node_type                  = "cache.t3.medium"
  engine_version             = "5.0.6"
  transit_encryption_enabled = true
  auth_token                 = var.sessions_token
}

# Redis OSS 7 may rely on RBAC user groups instead.
resource "aws_elasticache_replication_group" "queue" {
  replication_group_id = "queue"
  description          = "job queue"
  node_type            = "cache.t3.medium"
  engine_version       = "7.1"
}
