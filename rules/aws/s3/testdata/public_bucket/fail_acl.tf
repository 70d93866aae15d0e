resource "aws_s3_bucket" "downloads" {
  bucket = "example-public-downloads"
}

resource "aws_s3_bucket_acl" "downloads" {
  bucket = aws_s3_bucket.downloads.id
  acl    = "public-read"
}
