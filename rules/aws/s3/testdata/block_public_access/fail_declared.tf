# No account-level block in this configuration: the bucket is judged by
# the block it declares, which leaves public policies through.
resource "aws_s3_bucket" "uploads" {
  bucket = "example-partner-uploads"
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false
  restrict_public_buckets = false
}
