# The trail names its bucket literally.
resource "aws_s3_bucket" "trail" {
  bucket = "example-cloudtrail-logs"
}

resource "aws_cloudtrail" "main" {
  name           = "org-audit"
  s3_bucket_name = "example-cloudtrail-logs"
}
