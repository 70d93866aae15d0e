# No length given: IAM's minimum of 6 characters applies.
resource "aws_iam_account_password_policy" "this" {
  require_symbols = true
}
