# Advanced selectors: every management event and every S3 object-level
# event of every bucket, on a multi-region trail; the single-region trail
# beside it does not matter.
resource "aws_cloudtrail" "audit" {
  name                  = "audit"
  s3_bucket_name        = "example-cloudtrail-logs"
  is_multi_region_trail = true

  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  advanced_event_selector {
    name = "S3 objects"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
  }
}

resource "aws_cloudtrail" "app" {
  name           = "app"
  s3_bucket_name = "example-cloudtrail-logs"
}
