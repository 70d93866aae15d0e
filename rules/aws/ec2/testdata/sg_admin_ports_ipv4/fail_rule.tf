resource "aws_vpc" "main" {
  cidr_block = "10.60.0.0/16"
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "rdp_in" {
  type              = "ingress"
  security_group_id = aws_security_group.bastion.id
  protocol          = "tcp"
  from_port         = 3389
  to_port           = 3389
  cidr_blocks       = ["0.0.0.0/0"]
}
