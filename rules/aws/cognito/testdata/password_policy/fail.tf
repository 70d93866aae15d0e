resource "aws_cognito_user_pool" "customers" {
  name = "customers"

  password_policy {
    minimum_length                   = 6
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    temporary_password_validity_days = 30
  }
}
