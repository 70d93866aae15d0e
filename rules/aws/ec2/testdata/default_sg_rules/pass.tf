resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

# Adopt the VPC's default group and strip every rule from it.
resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}
