resource "aws_vpc" "main" {
  cidr_block = "10.60.0.0/16"
}

resource "aws_security_group" "files" {
  name   = "files"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "smb_in" {
  type              = "ingress"
  security_group_id = aws_security_group.files.id
  protocol          = "6"
  from_port         = 445
  to_port           = 445
  cidr_blocks       = ["0.0.0.0/0"]
}
