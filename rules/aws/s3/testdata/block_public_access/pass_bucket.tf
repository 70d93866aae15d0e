# The bucket turns every switch on itself: whatever the account's
# setting, Block Public Access is fully on.
resource "aws_s3_bucket" "ledger" {
  bucket = "example-ledger-exports"
}

resource "aws_s3_bucket_public_access_block" "ledger" {
  bucket                  = aws_s3_bucket.ledger.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
