resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "https_in" {
  type              = "ingress"
  security_group_id = aws_default_security_group.default.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["10.20.0.0/16"]
}
