# A narrow inline policy and a policy attachment on a role, a user and a
# group other configurations create: their trust, credentials and other
# policies are unknown here and must not be read as problems.
resource "aws_iam_role_policy" "ops_read" {
  name = "ops-read"
  role = "ops"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::ops-reports/*" }]
  })
}

resource "aws_iam_user_policy_attachment" "ci" {
  user       = "ci"
  policy_arn = "arn:aws:iam::111122223333:policy/ci-deploy"
}

resource "aws_iam_group_policy" "readers" {
  name  = "readers"
  group = "readers"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:ListBucket", Resource = "arn:aws:s3:::ops-reports" }]
  })
}
