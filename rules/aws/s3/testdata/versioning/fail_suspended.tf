resource "aws_s3_bucket" "exports" {
  bucket = "example-data-exports"
}

resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.id

  versioning_configuration {
    status = "Suspended"
  }
}
