resource "aws_s3_bucket" "backups" {
  bucket = "example-db-backups"

  versioning {
    enabled = true
  }
}
