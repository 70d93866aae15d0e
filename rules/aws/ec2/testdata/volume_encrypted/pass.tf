resource "aws_kms_key" "ebs" {
  description         = "EBS volumes"
  enable_key_rotation = true
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 50
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}
