resource "aws_iam_user" "dana" {
  name = "dana"
}

resource "aws_iam_policy_attachment" "athena" {
  name       = "athena-users"
  users      = [aws_iam_user.dana.name]
  policy_arn = "arn:aws:iam::aws:policy/AmazonAthenaFullAccess"
}
