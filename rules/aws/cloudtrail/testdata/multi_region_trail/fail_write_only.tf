# Multi-region, but the selector records only write management events,
# and the other trail records one region only.
resource "aws_cloudtrail" "audit" {
  name                  = "audit"
  s3_bucket_name        = "example-cloudtrail-logs"
  is_multi_region_trail = true

  event_selector {
    read_write_type           = "WriteOnly"
    include_management_events = true
  }
}

resource "aws_cloudtrail" "app" {
  name           = "app"
  s3_bucket_name = "example-cloudtrail-logs"
}
