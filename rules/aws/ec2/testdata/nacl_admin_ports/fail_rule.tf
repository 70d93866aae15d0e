resource "aws_vpc" "main" {
  cidr_block = "10.30.0.0/16"
}

resource "aws_network_acl" "public" {
  vpc_id = aws_vpc.main.id
}

resource "aws_network_acl_rule" "all_in_v6" {
  network_acl_id  = aws_network_acl.public.id
  rule_number     = 200
  egress          = false
  rule_action     = "allow"
  protocol        = "-1"
  ipv6_cidr_block = "::/0"
}
