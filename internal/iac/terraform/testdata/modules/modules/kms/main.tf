variable "alias" {
  type = string
}

resource "aws_kms_key" "k" {
  description         = "key for ${var.alias}"
  enable_key_rotation = true
}
