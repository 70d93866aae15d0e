variable "admin_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

locals {
  admin_ports = { ssh = 22, rdp = 3389 }
}

resource "aws_vpc" "main" {
  cidr_block = "10.60.0.0/16"
}

resource "aws_security_group" "admin" {
  name   = "admin"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "admin" {
  for_each = local.admin_ports

  security_group_id = aws_security_group.admin.id
  description       = each.key
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  cidr_ipv4         = var.admin_cidr
}
