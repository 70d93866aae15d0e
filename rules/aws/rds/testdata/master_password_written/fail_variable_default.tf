variable "password" {
  type    = string
  default = "Aa1234321Bb"
}

resource "aws_rds_cluster" "app" {
  cluster_identifier = "app"
  engine             = "aurora-postgresql"
  master_username    = "app"
  master_password    = var.password
}
