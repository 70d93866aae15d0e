# Without a password policy Cognito requires eight characters of every
# class and seven-day temporary passwords.
resource "aws_cognito_user_pool" "customers" {
  name = "customers"
}
