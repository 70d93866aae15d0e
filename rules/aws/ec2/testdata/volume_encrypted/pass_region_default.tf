# The region encrypts every new volume: no per-volume flag needed.
resource "aws_ebs_encryption_by_default" "on" {}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 50
}
