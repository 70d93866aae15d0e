# HTTPS from the internet and SSH from the office on a group another
# configuration creates: its other rules are unknown here.
resource "aws_security_group_rule" "https" {
  type              = "ingress"
  security_group_id = "sg-0123"
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "ssh_office" {
  security_group_id = "sg-0123"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "203.0.113.0/24"
}
