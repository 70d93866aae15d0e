resource "aws_s3_bucket" "audit" {
  bucket = "example-audit-evidence"
}

resource "aws_s3_bucket_versioning" "audit" {
  bucket = aws_s3_bucket.audit.id

  versioning_configuration {
    status = "Enabled"
  }
}
