# A bucket policy exists, but nothing denies requests over plain HTTP.
resource "aws_s3_bucket" "records" {
  bucket = "example-patient-records"
}

resource "aws_s3_bucket_policy" "records" {
  bucket = aws_s3_bucket.records.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/records-reader" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::example-patient-records/*"
    }]
  })
}
