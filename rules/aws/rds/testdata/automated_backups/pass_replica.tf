# A read replica leaves backups to its source.
resource "aws_db_instance" "orders_replica" {
  identifier              = "orders-replica"
  replicate_source_db     = "orders"
  instance_class          = "db.t4g.medium"
  backup_retention_period = 0
}
