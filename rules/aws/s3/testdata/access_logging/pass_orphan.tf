# Versioning on a bucket another configuration creates: whether it logs
# is not said here, so nothing is reported.
resource "aws_s3_bucket_versioning" "legacy" {
  bucket = "legacy-assets"
  versioning_configuration {
    status = "Enabled"
  }
}
