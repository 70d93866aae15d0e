resource "aws_vpc" "main" {
  cidr_block = "10.30.0.0/16"
}

resource "aws_network_acl" "edge" {
  vpc_id = aws_vpc.main.id
}

# The deny rule is evaluated first: the allow-all below never reaches
# SSH or RDP.
resource "aws_network_acl_rule" "deny_ssh" {
  network_acl_id = aws_network_acl.edge.id
  rule_number    = 90
  rule_action    = "deny"
  protocol       = "tcp"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}

resource "aws_network_acl_rule" "deny_rdp" {
  network_acl_id = aws_network_acl.edge.id
  rule_number    = 91
  rule_action    = "deny"
  protocol       = "-1"
  cidr_block     = "0.0.0.0/0"
}

resource "aws_network_acl_rule" "allow_web" {
  network_acl_id = aws_network_acl.edge.id
  rule_number    = 100
  rule_action    = "allow"
  protocol       = "tcp"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}
