# A multi-region trail declared stopped is aws-cloudtrail-logging-stopped's
# finding, not this rule's: one finding for one problem.
resource "aws_cloudtrail" "audit" {
  name                  = "audit"
  s3_bucket_name        = "example-cloudtrail-logs"
  is_multi_region_trail = true
  enable_logging        = false
}
