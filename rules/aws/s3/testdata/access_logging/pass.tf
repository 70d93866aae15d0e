resource "aws_s3_bucket" "uploads" {
  bucket = "example-customer-uploads"
}

resource "aws_s3_bucket_logging" "uploads" {
  bucket        = aws_s3_bucket.uploads.id
  target_bucket = "example-access-logs"
  target_prefix = "uploads/"
}
