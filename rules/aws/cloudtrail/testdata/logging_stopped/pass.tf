# enable_logging defaults to true.
resource "aws_cloudtrail" "main" {
  name           = "org-audit"
  s3_bucket_name = "example-cloudtrail-logs"
}
