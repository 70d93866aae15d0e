resource "aws_iam_group" "admins" {
  name = "platform-admins"
}

resource "aws_iam_policy" "everything" {
  name = "platform-everything"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["*"]
      Resource = ["*"]
    }]
  })
}

resource "aws_iam_policy_attachment" "admins" {
  name       = "platform-everything"
  groups     = [aws_iam_group.admins.name]
  policy_arn = aws_iam_policy.everything.arn
}
