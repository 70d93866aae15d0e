resource "aws_db_subnet_group" "main" {
  name       = "${local.prefix}-db"
  subnet_ids = module.vpc.private_subnet_ids
}

resource "aws_db_instance" "orders" {
  identifier     = "${local.prefix}-orders"
  engine         = "postgres"
  engine_version = "16.3"
  instance_class = var.db_instance_class

  allocated_storage     = 100
  max_allocated_storage = 500
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.data.arn

  db_name                     = "orders"
  username                    = "orders_admin"
  manage_master_user_password = true

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [module.vpc.db_security_group_id]
  publicly_accessible    = false
  multi_az               = var.db_multi_az

  backup_retention_period    = 14
  auto_minor_version_upgrade = true
  deletion_protection        = var.env == "prod"
  skip_final_snapshot        = false
}
