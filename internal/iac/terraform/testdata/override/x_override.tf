# Applied after override.tf: the later override wins.
resource "aws_s3_bucket" "b" {
  acl = "log-delivery-write"
}

resource "aws_s3_bucket" "missing" {
  bucket = "nope"
}

locals {
  nope = 1
}
