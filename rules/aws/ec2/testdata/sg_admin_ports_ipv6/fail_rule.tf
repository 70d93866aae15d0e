resource "aws_vpc" "main" {
  cidr_block = "10.60.0.0/16"
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "all_in_v6" {
  type              = "ingress"
  security_group_id = aws_security_group.bastion.id
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  ipv6_cidr_blocks  = ["::/0"]
}
