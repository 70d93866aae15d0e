# Aurora instances get their availability from the cluster's storage
# and replicas, not from multi_az.
resource "aws_rds_cluster" "orders" {
  cluster_identifier          = "orders"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  skip_final_snapshot         = true
}

resource "aws_rds_cluster_instance" "orders_1" {
  identifier         = "orders-1"
  cluster_identifier = aws_rds_cluster.orders.id
  engine             = aws_rds_cluster.orders.engine
  instance_class     = "db.r6g.large"
}
