data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "reporting" {
  name               = "${local.prefix}-reporting"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role_policy" "reporting" {
  name = "read-orders"
  role = aws_iam_role.reporting.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "${module.bucket["assets"].arn}/reports/*"
      },
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:*:*:log-group:/aws/lambda/${local.prefix}-*"
      }
    ]
  })
}

# The deploy pipeline assumes this role from the CI account.
resource "aws_iam_role" "deployer" {
  name = "${local.prefix}-deployer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::210987654321:role/ci-runner" }
      Condition = { StringEquals = { "sts:ExternalId" = "shopfront-deploy" } }
    }]
  })
}

resource "aws_iam_policy" "deploy" {
  name        = "${local.prefix}-deploy"
  description = "Lets the pipeline roll out Lambda code and hand roles to it."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "UpdateFunctions"
        Effect   = "Allow"
        Action   = ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:GetFunction"]
        Resource = "arn:aws:lambda:${var.region}:*:function:${local.prefix}-*"
      },
      {
        Sid      = "PassAnyRole"
        Effect   = "Allow"
        Action   = "iam:PassRole"
        Resource = "*"
      }
    ]
  })
}

resource "aws_iam_role_policy_attachment" "deploy" {
  role       = aws_iam_role.deployer.name
  policy_arn = aws_iam_policy.deploy.arn
}
