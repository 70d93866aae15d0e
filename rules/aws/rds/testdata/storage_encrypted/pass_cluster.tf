resource "aws_kms_key" "db" {
  description         = "orders database"
  enable_key_rotation = true
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier          = "orders"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  kms_key_id                  = aws_kms_key.db.arn
  skip_final_snapshot         = true
}

# A cluster member: encryption is the cluster's.
resource "aws_rds_cluster_instance" "orders_1" {
  identifier         = "orders-1"
  cluster_identifier = aws_rds_cluster.orders.id
  engine             = aws_rds_cluster.orders.engine
  instance_class     = "db.r6g.large"
}
