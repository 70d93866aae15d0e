resource "aws_secretsmanager_secret" "db" {
  name        = "prod/orders/db-password"
  description = "Orders database master password"
}
