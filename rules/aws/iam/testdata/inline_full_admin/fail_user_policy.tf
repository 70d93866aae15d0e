resource "aws_iam_user" "ci" {
  name = "ci-deployer"
}

resource "aws_iam_user_policy" "ci" {
  name = "deploy-anything"
  user = aws_iam_user.ci.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}
