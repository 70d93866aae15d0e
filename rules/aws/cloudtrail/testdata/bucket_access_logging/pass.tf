resource "aws_s3_bucket" "trail" {
  bucket = "example-cloudtrail-logs"
}

resource "aws_s3_bucket" "access_logs" {
  bucket = "example-s3-access-logs"
}

resource "aws_s3_bucket_logging" "trail" {
  bucket        = aws_s3_bucket.trail.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "cloudtrail/"
}

resource "aws_cloudtrail" "main" {
  name           = "org-audit"
  s3_bucket_name = aws_s3_bucket.trail.id
}
