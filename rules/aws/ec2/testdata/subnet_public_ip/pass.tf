resource "aws_subnet" "app" {
  vpc_id     = "vpc-0a1b2c3d"
  cidr_block = "10.0.2.0/24"
}

resource "aws_default_subnet" "a" {
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = false
}
