resource "aws_macie2_account" "main" {
  finding_publishing_frequency = "ONE_HOUR"
  status                       = "ENABLED"
}
