# The bucket is created by another configuration; this one only sets its
# policy, which makes it public.
resource "aws_s3_bucket_policy" "legacy" {
  bucket = "legacy-assets"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::legacy-assets/*"
    }]
  })
}
