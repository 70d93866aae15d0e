resource "aws_iam_user" "dana" {
  name = "dana"
}

resource "aws_iam_user_policy" "dana" {
  name = "read-reports"
  user = aws_iam_user.dana.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "arn:aws:s3:::example-reports/*"
    }]
  })
}
