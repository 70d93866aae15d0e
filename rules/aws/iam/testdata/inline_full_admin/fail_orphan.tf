# The role "ops" is created by another configuration; this one gives it
# an inline policy allowing everything.
resource "aws_iam_role_policy" "ops_admin" {
  name = "ops-admin"
  role = "ops"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
