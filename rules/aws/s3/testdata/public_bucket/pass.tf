resource "aws_s3_bucket" "internal" {
  bucket = "example-internal-docs"
}

resource "aws_s3_bucket_acl" "internal" {
  bucket = aws_s3_bucket.internal.id
  acl    = "private"
}

resource "aws_s3_bucket_policy" "internal" {
  bucket = aws_s3_bucket.internal.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ReadFromAnalytics"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/analytics" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::example-internal-docs/*"
    }]
  })
}
