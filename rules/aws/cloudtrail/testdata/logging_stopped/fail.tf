resource "aws_cloudtrail" "main" {
  name           = "org-audit"
  s3_bucket_name = "example-cloudtrail-logs"
  enable_logging = false
}
