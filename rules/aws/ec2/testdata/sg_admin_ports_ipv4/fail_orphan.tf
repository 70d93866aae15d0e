# The group sg-0123 is created by another configuration; this one opens
# SSH on it to the internet.
resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = "sg-0123"
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_blocks       = ["0.0.0.0/0"]
}
