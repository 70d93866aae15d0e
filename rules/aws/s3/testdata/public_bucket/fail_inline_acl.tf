# Provider v3 style: the canned ACL set on the bucket itself.
resource "aws_s3_bucket" "downloads" {
  bucket = "example-public-downloads"
  acl    = "public-read-write"
}
