resource "aws_vpc" "main" {
  cidr_block = "10.60.0.0/16"
}

resource "aws_security_group" "files" {
  name   = "files"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "high_ports_v6" {
  security_group_id = aws_security_group.files.id
  ip_protocol       = "tcp"
  from_port         = 400
  to_port           = 500
  cidr_ipv6         = "::/0"
}
