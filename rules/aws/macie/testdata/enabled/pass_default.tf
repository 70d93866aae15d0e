# status defaults to ENABLED.
resource "aws_macie2_account" "main" {}
