resource "aws_cognito_identity_pool" "members" {
  identity_pool_name = "members"
}
