# No encryption configuration: S3 applies SSE-S3, not a KMS key.
resource "aws_s3_bucket" "scratch" {
  bucket = "example-scratch-space"
}
