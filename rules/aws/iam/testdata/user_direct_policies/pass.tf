resource "aws_iam_group" "analysts" {
  name = "analysts"
}

resource "aws_iam_group_policy_attachment" "analysts" {
  group      = aws_iam_group.analysts.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonAthenaFullAccess"
}

resource "aws_iam_user" "dana" {
  name = "dana"
}

resource "aws_iam_user_group_membership" "dana" {
  user   = aws_iam_user.dana.name
  groups = [aws_iam_group.analysts.name]
}
