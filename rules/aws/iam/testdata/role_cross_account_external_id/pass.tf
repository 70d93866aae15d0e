# A third-party auditor's account may assume the role only with the
# external ID agreed with it.
resource "aws_iam_role" "auditor" {
  name = "vendor-auditor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "sts:ExternalId" = "audit-7f3c" }
      }
    }]
  })
}
