variable "prefix" {}

resource "aws_iam_policy" "p" {
  name   = "${var.prefix}-inner"
  policy = "{}"
}

output "arn" {
  value = aws_iam_policy.p.arn
}
