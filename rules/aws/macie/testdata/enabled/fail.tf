resource "aws_macie2_account" "main" {
  status = "PAUSED"
}
