resource "aws_vpc" "main" {
  cidr_block = "10.60.0.0/16"
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = aws_vpc.main.id
}

# Outbound only: egress rules open nothing inbound.
resource "aws_security_group_rule" "ssh_out" {
  type              = "egress"
  security_group_id = aws_security_group.bastion.id
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_blocks       = ["0.0.0.0/0"]
}
