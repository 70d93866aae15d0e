# Versioning and a private policy on a bucket another configuration
# creates: what this configuration does not say (ACL, block public
# access) must not be read as a problem.
resource "aws_s3_bucket_versioning" "legacy" {
  bucket = "legacy-assets"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_policy" "legacy" {
  bucket = "legacy-assets"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "arn:aws:s3:::legacy-assets/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
