resource "aws_cognito_user_pool" "customers" {
  name = "customers"
}
