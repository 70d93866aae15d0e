# The bucket the recorded AWS scenario (examples/aws/misconfigured) holds
# as public-assets: a live scan and this file both see it public, and
# triage ties them by type and name.
resource "aws_s3_bucket" "assets" {
  bucket = "public-assets"
}

resource "aws_s3_bucket_acl" "assets" {
  bucket = aws_s3_bucket.assets.id
  acl    = "public-read"
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}
