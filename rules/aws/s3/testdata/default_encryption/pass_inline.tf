# Provider v3 style: encryption declared inside the bucket.
resource "aws_s3_bucket" "archive" {
  bucket = "example-ledger-archive"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }
}
