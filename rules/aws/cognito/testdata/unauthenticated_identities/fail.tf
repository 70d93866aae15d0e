resource "aws_cognito_identity_pool" "guest" {
  identity_pool_name               = "mobile_guest"
  allow_unauthenticated_identities = true
}
