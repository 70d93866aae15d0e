resource "aws_iam_group" "operators" {
  name = "operators"
}

resource "aws_iam_group_policy" "operators" {
  name  = "legacy-admin"
  group = aws_iam_group.operators.name
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
    }
  JSON
}
