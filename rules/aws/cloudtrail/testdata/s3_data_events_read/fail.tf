# A multi-region trail that logs management events only: no S3
# object-level events are recorded.
resource "aws_cloudtrail" "audit" {
  name                  = "audit"
  s3_bucket_name        = "example-cloudtrail-logs"
  is_multi_region_trail = true
}
