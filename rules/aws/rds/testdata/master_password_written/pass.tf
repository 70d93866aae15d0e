# The password is managed by RDS, generated, or given at deployment.
variable "password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "managed" {
  identifier                  = "managed"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
}

resource "random_password" "db" {
  length = 32
}

resource "aws_db_instance" "generated" {
  identifier        = "generated"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = random_password.db.result
}

resource "aws_rds_cluster" "given" {
  cluster_identifier = "given"
  engine             = "aurora-postgresql"
  master_username    = "app"
  master_password    = var.password
}
