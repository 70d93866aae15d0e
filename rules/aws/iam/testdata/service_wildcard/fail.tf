resource "aws_iam_policy" "storage_admin" {
  name = "storage-admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:*", "kms:Decrypt"]
      Resource = "*"
    }]
  })
}
