resource "aws_s3_bucket" "assets" {
  bucket = "example-static-assets"
}
