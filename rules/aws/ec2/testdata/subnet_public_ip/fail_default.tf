# A default subnet maps public addresses unless told otherwise.
resource "aws_default_subnet" "a" {
  availability_zone = "us-east-1a"
}
