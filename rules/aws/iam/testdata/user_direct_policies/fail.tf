resource "aws_iam_user" "dana" {
  name = "dana"
}

resource "aws_iam_user_policy_attachment" "dana" {
  user       = aws_iam_user.dana.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonAthenaFullAccess"
}
