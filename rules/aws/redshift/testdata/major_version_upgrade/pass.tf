resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier                  = "warehouse"
  node_type                           = "ra3.xlplus"
  number_of_nodes                     = 2
  database_name                       = "sales"
  master_username                     = "dw_admin"
  manage_master_password              = true
  port                                = 5491
  encrypted                           = true
  kms_key_id                          = aws_kms_key.warehouse.arn
  automated_snapshot_retention_period = 7
  enhanced_vpc_routing                = true
  multi_az                            = true
  cluster_parameter_group_name        = aws_redshift_parameter_group.ssl.name
}

resource "aws_kms_key" "warehouse" {
  enable_key_rotation = true
}

resource "aws_redshift_parameter_group" "ssl" {
  name   = "warehouse-ssl"
  family = "redshift-1.0"

  parameter {
    name  = "require_ssl"
    value = "true"
  }
}

resource "aws_redshift_logging" "warehouse" {
  cluster_identifier   = aws_redshift_cluster.warehouse.id
  log_destination_type = "cloudwatch"
  log_exports          = ["connectionlog", "userlog", "useractivitylog"]
}
