resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "web sessions"
  node_type                  = "cache.t3.medium"
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.cache.arn
}

resource "aws_kms_key" "cache" {
  enable_key_rotation = true
}

# Valkey groups are encrypted at rest unless told otherwise.
resource "aws_elasticache_replication_group" "queue" {
  replication_group_id = "queue"
  description          = "job queue"
  engine               = "valkey"
  node_type            = "cache.t3.medium"
}
