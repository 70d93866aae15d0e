resource "aws_db_snapshot" "before_migration" {
  db_instance_identifier = "orders"
  db_snapshot_identifier = "orders-before-migration"
  shared_accounts        = ["all"]
}
