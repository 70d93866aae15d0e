resource "aws_rds_cluster" "orders" {
  cluster_identifier          = "orders"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
  skip_final_snapshot         = true
}
