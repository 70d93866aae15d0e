variable "office_cidrs" {
  type    = list(string)
  default = ["198.51.100.0/24", "203.0.113.0/24"]
}

resource "aws_vpc" "main" {
  cidr_block = "10.60.0.0/16"
}

resource "aws_security_group" "admin" {
  name   = "admin"
  vpc_id = aws_vpc.main.id

  dynamic "ingress" {
    for_each = [22, 3389]
    content {
      protocol    = "tcp"
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = var.office_cidrs
    }
  }
}
