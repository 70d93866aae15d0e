# The account-level block turns every switch on, so the bucket needs no
# block of its own.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "reports" {
  bucket = "example-quarterly-reports"
}

resource "aws_s3_bucket_public_access_block" "reports" {
  bucket            = aws_s3_bucket.reports.id
  block_public_acls = true
}
