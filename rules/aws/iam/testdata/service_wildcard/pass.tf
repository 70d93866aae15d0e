# Scoped service actions, a service wildcard on one bucket, and a
# conditioned statement: none is a service-wide grant on every resource.
resource "aws_iam_policy" "reader" {
  name = "reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ec2:Describe*", "s3:GetObject"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*"]
      },
      {
        Effect    = "Allow"
        Action    = "ssm:*"
        Resource  = "*"
        Condition = { StringEquals = { "aws:RequestedRegion" = "eu-west-1" } }
      },
    ]
  })
}

# A policy granting "*:*" is full administrator access, reported by
# aws-iam-full-admin-policy; its service wildcards are not reported again.
resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["*:*", "s3:*"]
      Resource = "*"
    }]
  })
}

# Likewise a role one of whose inline policies grants everything.
resource "aws_iam_role" "break_glass" {
  name = "break-glass"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "break_glass_all" {
  name = "all"
  role = aws_iam_role.break_glass.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_role_policy" "break_glass_s3" {
  name = "s3"
  role = aws_iam_role.break_glass.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }]
  })
}
