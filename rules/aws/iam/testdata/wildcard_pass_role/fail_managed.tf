resource "aws_iam_group" "deployers" {
  name = "deployers"
}

resource "aws_iam_policy" "deploy" {
  name = "deploy-ecs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ecs:RegisterTaskDefinition", "ecs:UpdateService", "iam:PassRole"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_group_policy_attachment" "deployers" {
  group      = aws_iam_group.deployers.name
  policy_arn = aws_iam_policy.deploy.arn
}
