resource "aws_iam_role" "auditor" {
  name = "auditor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "auditor" {
  role       = aws_iam_role.auditor.name
  policy_arn = "arn:aws:iam::aws:policy/SecurityAudit"
}

# An exclusive attachment that attaches AdministratorAccess to nobody.
resource "aws_iam_policy_attachment" "admins" {
  name       = "administrators"
  users      = []
  roles      = []
  groups     = []
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
