variable "env" {
  default = "prod"
}

locals {
  owner = "security"
}

resource "aws_security_group" "web" {
  description = "web (managed)"

  ingress {
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_s3_bucket" "b" {
  acl = "private"
}
