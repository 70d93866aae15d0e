# A single-region trail beside a multi-region trail that logs every
# management event: the account is covered.
resource "aws_cloudtrail" "audit" {
  name                  = "audit"
  s3_bucket_name        = "example-cloudtrail-logs"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "app" {
  name           = "app"
  s3_bucket_name = "example-cloudtrail-logs"
}
