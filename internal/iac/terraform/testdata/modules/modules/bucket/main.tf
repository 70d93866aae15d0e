variable "name" {
  type = string
}

variable "encrypt" {
  type    = bool
  default = false
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

module "kms" {
  count  = var.encrypt ? 1 : 0
  source = "../kms"
  alias  = "alias/${var.name}"
}

output "id" {
  value = aws_s3_bucket.this.id
}

output "bucket" {
  value = aws_s3_bucket.this.bucket
}
