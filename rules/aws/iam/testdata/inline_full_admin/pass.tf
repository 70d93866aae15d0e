resource "aws_iam_role" "ops" {
  name = "ops-automation"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  inline_policy {
    name = "write-logs"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:*:*:log-group:/ops/*"
      }]
    })
  }
}

# Every action, but on one bucket only.
resource "aws_iam_role_policy" "ops_data" {
  name = "ops-data"
  role = aws_iam_role.ops.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = ["arn:aws:s3:::ops-data", "arn:aws:s3:::ops-data/*"]
    }]
  })
}

# A document known only after apply: inconclusive, not a finding.
data "aws_iam_policy_document" "generated" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "ops_generated" {
  name   = "generated"
  role   = aws_iam_role.ops.id
  policy = data.aws_iam_policy_document.generated.json
}

resource "aws_iam_group" "everyone" {
  name = "everyone"
}

resource "aws_iam_group_policy" "deny_without_mfa" {
  name  = "deny-without-mfa"
  group = aws_iam_group.everyone.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Action    = "*"
      Resource  = "*"
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
    }]
  })
}
