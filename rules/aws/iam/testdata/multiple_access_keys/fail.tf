resource "aws_iam_user" "ci" {
  name = "ci-deployer"
}

resource "aws_iam_access_key" "current" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "previous" {
  user = aws_iam_user.ci.name
}
