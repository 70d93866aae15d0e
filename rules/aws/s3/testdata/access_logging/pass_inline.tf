resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"

  logging {
    target_bucket = aws_s3_bucket.logs.id
    target_prefix = "reports/"
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "example-access-logs"

  logging {
    target_bucket = "example-audit-logs"
    target_prefix = "access-logs/"
  }
}
