# The role's inline_policy block, not a separate aws_iam_role_policy.
resource "aws_iam_role" "batch" {
  name = "nightly-batch"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  inline_policy {
    name = "read-input"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "arn:aws:s3:::batch-input/*"
      }]
    })
  }

  inline_policy {
    name = "admin"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["*:*"]
        Resource = ["*"]
      }]
    })
  }
}
