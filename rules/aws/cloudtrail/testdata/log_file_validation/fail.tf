# enable_log_file_validation defaults to false.
resource "aws_cloudtrail" "main" {
  name                  = "org-audit"
  s3_bucket_name        = "example-cloudtrail-logs"
  is_multi_region_trail = true
}
