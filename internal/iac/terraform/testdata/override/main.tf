variable "env" {
  type    = string
  default = "dev"
}

locals {
  prefix = "vigil-${var.env}"
  owner  = "platform"
}

resource "aws_security_group" "web" {
  name        = "${local.prefix}-web"
  description = "web"

  ingress {
    from_port   = 80
    to_port     = 80
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
  tags = { Owner = local.owner }
}

resource "aws_s3_bucket" "b" {
  bucket = "${local.prefix}-data"
  acl    = "public-read"
}

output "sg" {
  value = aws_security_group.web.name
}
